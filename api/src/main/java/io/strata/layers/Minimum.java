// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import java.util.List;

/**
 * Keras's {@code Minimum}: the elementwise minimum of its inputs.
 *
 * <p>Input shapes: two or more tensors of one shape (or broadcastable shapes). Output shape: that shape.
 *
 * <pre>{@code
 * SymbolicTensor y = Layers.minimum().apply(x1, x2);
 * }</pre>
 */
public final class Minimum extends MergeLayer<Minimum> {
    @Override
    public String className() {
        return "Minimum";
    }

    @Override
    protected Tensor merge(Ops ops, List<Tensor> inputs) {
        Tensor output = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            output = ops.minimum(output, inputs.get(i));
        }
        return output;
    }

    /** Keras's {@code Minimum.from_config}. */
    public static Minimum fromConfig(Config c, CustomObjects custom) {
        return withBaseConfig(new Minimum(), c, custom);
    }
}
