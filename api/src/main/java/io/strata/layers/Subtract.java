// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import java.util.List;

/**
 * Keras's {@code Subtract}: {@code inputs[0] - inputs[1]}.
 *
 * <p>Input shapes: exactly two tensors of one shape (or broadcastable shapes). Output shape: that shape.
 *
 * <pre>{@code
 * SymbolicTensor difference = Layers.subtract().apply(x1, x2);
 * }</pre>
 */
public final class Subtract extends MergeLayer<Subtract> {
    @Override
    public String className() {
        return "Subtract";
    }

    @Override
    protected int maxInputs() {
        return 2;
    }

    @Override
    protected Tensor merge(Ops ops, List<Tensor> inputs) {
        return ops.sub(inputs.get(0), inputs.get(1));
    }

    /** Keras's {@code Subtract.from_config}. */
    public static Subtract fromConfig(Config c, CustomObjects custom) {
        return withBaseConfig(new Subtract(), c, custom);
    }
}
