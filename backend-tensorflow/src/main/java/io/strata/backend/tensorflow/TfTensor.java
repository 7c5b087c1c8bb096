// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.Shape;
import io.strata.backend.Tensor;
import org.tensorflow.Output;

/** A graph output as an api {@link Tensor}, with the static shape TensorFlow inferred. */
record TfTensor(Output<?> output) implements Tensor {
    @Override
    public Shape shape() {
        org.tensorflow.ndarray.Shape s = output.shape();
        if (s.isUnknown()) {
            throw new IllegalStateException("TF: the rank of " + output + " is unknown");
        }
        return Shape.of(s.asArray());
    }

    static Output<?> out(Tensor t) {
        return ((TfTensor) t).output;
    }
}
