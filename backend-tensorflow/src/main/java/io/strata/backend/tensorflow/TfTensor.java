// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.Shape;
import io.strata.backend.Tensor;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Output;

/**
 * A graph output as an api {@link Tensor}, with the static shape TensorFlow inferred.
 *
 * @param output the graph output
 * @param preActivation for a softmax or sigmoid output, its input (for fused losses); else null
 * @param activation {@code softmax}, {@code sigmoid}, or null
 * @param distribution whether every row (along the last axis) is known to sum to 1: targets whose data
 *     were checked when they were uploaded ({@link io.strata.backend.Ops#isDistribution})
 */
record TfTensor(Output<?> output, @Nullable Output<?> preActivation, @Nullable String activation, boolean distribution)
        implements Tensor {
    TfTensor(Output<?> output) {
        this(output, null, null, false);
    }

    TfTensor(Output<?> output, @Nullable Output<?> preActivation, @Nullable String activation) {
        this(output, preActivation, activation, false);
    }

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
