// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import java.util.List;

/**
 * Keras's {@code Add}: the sum of its inputs.
 *
 * <p>Input shapes: two or more tensors of one shape (or broadcastable shapes). Output shape: that shape.
 *
 * <pre>{@code
 * SymbolicTensor y = Layers.add().apply(x1, x2);
 * }</pre>
 */
public final class Add extends MergeLayer<Add> {
    @Override
    public String className() {
        return "Add";
    }

    @Override
    protected Tensor merge(Ops ops, List<Tensor> inputs) {
        Tensor output = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            output = ops.add(output, inputs.get(i));
        }
        return output;
    }

    /** Keras's {@code Add.from_config}. */
    public static Add fromConfig(Config c, CustomObjects custom) {
        return withBaseConfig(new Add(), c, custom);
    }
}
