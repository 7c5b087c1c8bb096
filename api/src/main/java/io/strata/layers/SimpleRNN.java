// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code SimpleRNN}: a fully connected recurrent layer, {@code h = activation(x W + h U + b)}.
 * Arguments, shapes and weights as in {@link RNN}.
 */
public final class SimpleRNN extends RNN<SimpleRNN> {
    /** A recurrent layer of {@code units} outputs (Keras 1 {@code output_dim}). */
    public SimpleRNN(int units) {
        super(units);
    }

    @Override
    public String className() {
        return "SimpleRNN";
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    List<Tensor> step(Ops ops, Tensor xw, List<Tensor> states, Tensor u, @Nullable Tensor recurrentBias,
            @Nullable Tensor recMask) {
        Tensor h = states.get(0);
        Tensor hr = recMask == null ? h : ops.mul(h, recMask);
        return List.of(activation().apply(ops, ops.add(xw, ops.matmul(hr, u))));
    }

    @Override
    public Config getConfig() {
        return putRecurrentConfig(super.getConfig(), null, null);
    }

    /** Keras's {@code SimpleRNN.from_config}, Keras 1's too. */
    public static SimpleRNN fromConfig(Config c, CustomObjects custom) {
        RecurrentConfigs.legacy(c);
        return RecurrentConfigs.read(new SimpleRNN(c.integer("units")), c, custom);
    }
}
