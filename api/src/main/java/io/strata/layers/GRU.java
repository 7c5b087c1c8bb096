// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.activations.ActivationFunction;
import io.strata.activations.Activations;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code GRU} (Cho et al., 2014), in Keras 2.2's default formulation ({@code reset_after=False}):
 * with gates in Keras's order z, r, h, {@code z = σ(x W_z + h U_z + b_z)}, {@code r = σ(x W_r + h U_r + b_r)},
 * {@code ĥ = tanh(x W_h + (r h) U_h + b_h)}, {@code h = z h + (1 - z) ĥ}; σ is {@code recurrentActivation}
 * (hard_sigmoid). Other arguments, shapes and weights as in {@link RNN}.
 */
public final class GRU extends RNN<GRU> {
    private ActivationFunction recurrentActivation = Activations.HARD_SIGMOID;

    /** A GRU of {@code units} outputs (Keras 1 {@code output_dim}). */
    public GRU(int units) {
        super(units);
    }

    @Override
    public String className() {
        return "GRU";
    }

    /** Keras's {@code recurrent_activation}. */
    public GRU recurrentActivation(String activation) {
        GRU c = copy();
        c.recurrentActivation = Activations.named(activation);
        return c;
    }

    /** Keras 1's {@code inner_activation}. */
    public GRU innerActivation(String activation) {
        return recurrentActivation(activation);
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    List<Tensor> step(Ops ops, Tensor xw, List<Tensor> states, Tensor u, @Nullable Tensor recMask) {
        Tensor h = states.get(0);
        Tensor hr = recMask == null ? h : ops.mul(h, recMask);
        List<Tensor> x = ops.split(xw, 1, 3);
        List<Tensor> uk = ops.split(u, 1, 3);
        Tensor z = recurrentActivation.apply(ops, ops.add(x.get(0), ops.matmul(hr, uk.get(0))));
        Tensor r = recurrentActivation.apply(ops, ops.add(x.get(1), ops.matmul(hr, uk.get(1))));
        Tensor candidate = activation().apply(ops, ops.add(x.get(2), ops.matmul(ops.mul(r, hr), uk.get(2))));
        Tensor one = ops.constant(1f);
        return List.of(ops.add(ops.mul(z, h), ops.mul(ops.sub(one, z), candidate)));
    }
}
