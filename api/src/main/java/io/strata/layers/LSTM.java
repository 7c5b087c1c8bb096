// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.activations.ActivationFunction;
import io.strata.activations.Activations;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.initializers.Initializer;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.KerasObjects;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code LSTM} (Hochreiter and Schmidhuber, 1997), in Keras 2.2's formulation: with gates in
 * Keras's order i, f, c, o, {@code i = σ(z_i)}, {@code f = σ(z_f)}, {@code c = f c + i tanh(z_c)},
 * {@code o = σ(z_o)}, {@code h = o tanh(c)}, where σ is {@code recurrentActivation}
 * (hard_sigmoid by default; Keras 1 {@code inner_activation}) and {@code z = x W + h U + b}.
 * {@code unitForgetBias} (true) starts the forget-gate bias at 1. Other arguments, shapes and weights as
 * in {@link RNN}.
 */
public final class LSTM extends RNN<LSTM> {
    private ActivationFunction recurrentActivation = Activations.HARD_SIGMOID;
    private boolean unitForgetBias = true;

    /** An LSTM of {@code units} outputs (Keras 1 {@code output_dim}). */
    public LSTM(int units) {
        super(units);
    }

    @Override
    public String className() {
        return "LSTM";
    }

    /** Keras's {@code recurrent_activation}. */
    public LSTM recurrentActivation(String activation) {
        return recurrentActivation(Activations.named(activation));
    }

    /** Keras's {@code recurrent_activation}. */
    public LSTM recurrentActivation(ActivationFunction activation) {
        LSTM c = copy();
        c.recurrentActivation = activation;
        return c;
    }

    /** Keras 1's {@code inner_activation}: alias of {@link #recurrentActivation(String)}. */
    public LSTM innerActivation(String activation) {
        return recurrentActivation(activation);
    }

    /** Keras's {@code unit_forget_bias}. */
    public LSTM unitForgetBias(boolean unitForgetBias) {
        LSTM c = copy();
        c.unitForgetBias = unitForgetBias;
        return c;
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    int stateCount() {
        return 2;
    }

    @Override
    Initializer biasInitializerForGates() {
        Initializer base = super.biasInitializerForGates();
        if (!unitForgetBias) {
            return base;
        }
        int u = units();
        return new Initializer() {
            @Override
            public float[] generate(Shape shape, java.util.Random random) {
                float[] v = base.generate(shape, random);
                for (int i = u; i < 2 * u; i++) {
                    v[i] = 1f;
                }
                return v;
            }

            @Override
            public String id() {
                return base.id();
            }
        };
    }

    @Override
    List<Tensor> step(Ops ops, Tensor xw, List<Tensor> states, Tensor u, @Nullable Tensor recurrentBias,
            @Nullable Tensor recMask) {
        Tensor h = states.get(0);
        Tensor c = states.get(1);
        Tensor hr = recMask == null ? h : ops.mul(h, recMask);
        List<Tensor> z = ops.split(ops.add(xw, ops.matmul(hr, u)), 1, 4);
        Tensor i = recurrentActivation.apply(ops, z.get(0));
        Tensor f = recurrentActivation.apply(ops, z.get(1));
        Tensor cNew = ops.add(ops.mul(f, c), ops.mul(i, activation().apply(ops, z.get(2))));
        Tensor o = recurrentActivation.apply(ops, z.get(3));
        return List.of(ops.mul(o, activation().apply(ops, cNew)), cNew);
    }

    @Override
    public Config getConfig() {
        return putRecurrentConfig(super.getConfig(), recurrentActivation, unitForgetBias).put("implementation", 1);
    }

    /**
     * Keras's {@code LSTM.from_config}; Keras 1's too ({@code forget_bias_init="one"} is
     * {@code unit_forget_bias}). The recurrent activation defaults to Keras 2.2's hard_sigmoid.
     */
    public static LSTM fromConfig(Config c, CustomObjects custom) {
        RecurrentConfigs.legacy(c);
        Object forget = c.remove("forget_bias_init");
        boolean unitForget = c.has("unit_forget_bias") ? c.bool("unit_forget_bias", true) : forget == null || "one".equals(forget);
        LSTM l = new LSTM(c.integer("units")).unitForgetBias(unitForget)
                .recurrentActivation(c.has("recurrent_activation") ? KerasObjects.activation(c.get("recurrent_activation"),
                        custom, c.description() + " > recurrent_activation") : Activations.HARD_SIGMOID);
        return RecurrentConfigs.read(l, c, custom);
    }
}
