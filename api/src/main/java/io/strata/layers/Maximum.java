// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import java.util.List;

/**
 * Keras's {@code Maximum}: the elementwise maximum of its inputs.
 *
 * <p>Input shapes: two or more tensors of one shape (or broadcastable shapes). Output shape: that shape.
 *
 * <pre>{@code
 * SymbolicTensor y = Layers.maximum().apply(x1, x2);
 * }</pre>
 */
public final class Maximum extends MergeLayer<Maximum> {
    @Override
    public String className() {
        return "Maximum";
    }

    @Override
    protected Tensor merge(Ops ops, List<Tensor> inputs) {
        Tensor output = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            output = ops.maximum(output, inputs.get(i));
        }
        return output;
    }

    /** Keras's {@code Maximum.from_config}. */
    public static Maximum fromConfig(Config c, CustomObjects custom) {
        return withBaseConfig(new Maximum(), c, custom);
    }
}
