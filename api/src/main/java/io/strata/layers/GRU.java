// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.activations.ActivationFunction;
import io.strata.activations.Activations;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.KerasObjects;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code GRU} (Cho et al., 2014). Keras 2.2's default formulation ({@code reset_after=False}):
 * with gates in Keras's order z, r, h, {@code z = σ(x W_z + h U_z + b_z)}, {@code r = σ(x W_r + h U_r + b_r)},
 * {@code ĥ = tanh(x W_h + (r h) U_h + b_h)}, {@code h = z h + (1 - z) ĥ}; σ is {@code recurrentActivation}
 * (hard_sigmoid). With {@code resetAfter(true)} (tf.keras's and Keras 3's default, and CuDNN's) the
 * reset gate is applied after the recurrent product, {@code ĥ = tanh(x W_h + b_h + r (h U_h + b'_h))},
 * and the bias has shape {@code (2, 3 * units)}: input biases, then recurrent biases. Other arguments,
 * shapes and weights as in {@link RNN}.
 */
public final class GRU extends RNN<GRU> {
    private ActivationFunction recurrentActivation = Activations.HARD_SIGMOID;
    private boolean resetAfter;

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
        return recurrentActivation(Activations.named(activation));
    }

    /** Keras's {@code recurrent_activation}. */
    public GRU recurrentActivation(ActivationFunction activation) {
        GRU c = copy();
        c.recurrentActivation = activation;
        return c;
    }

    /** Keras 1's {@code inner_activation}: alias of {@link #recurrentActivation(String)}. */
    public GRU innerActivation(String activation) {
        return recurrentActivation(activation);
    }

    /** Keras's {@code reset_after}: apply the reset gate after the recurrent product (tf.keras's default). */
    public GRU resetAfter(boolean resetAfter) {
        GRU c = copy();
        c.resetAfter = resetAfter;
        return c;
    }

    /** Whether the reset gate is applied after the recurrent product. */
    public boolean resetAfter() {
        return resetAfter;
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    Shape biasShape() {
        return resetAfter ? Shape.of(2, 3L * units()) : super.biasShape();
    }

    @Override
    Tensor inputBias(Ops ops, Tensor bias) {
        return resetAfter ? ops.reshape(ops.split(bias, 0, 2).get(0), Shape.of(3L * units())) : bias;
    }

    @Override
    @Nullable Tensor recurrentBias(Ops ops, Tensor bias) {
        return resetAfter ? ops.reshape(ops.split(bias, 0, 2).get(1), Shape.of(3L * units())) : null;
    }

    @Override
    List<Tensor> step(Ops ops, Tensor xw, List<Tensor> states, Tensor u, @Nullable Tensor recurrentBias,
            @Nullable Tensor recMask) {
        Tensor h = states.get(0);
        Tensor hr = recMask == null ? h : ops.mul(h, recMask);
        List<Tensor> x = ops.split(xw, 1, 3);
        Tensor one = ops.constant(1f);
        if (resetAfter) {
            Tensor inner = ops.matmul(hr, u);
            if (recurrentBias != null) {
                inner = ops.biasAdd(inner, recurrentBias);
            }
            List<Tensor> rec = ops.split(inner, 1, 3);
            Tensor z = recurrentActivation.apply(ops, ops.add(x.get(0), rec.get(0)));
            Tensor r = recurrentActivation.apply(ops, ops.add(x.get(1), rec.get(1)));
            Tensor candidate = activation().apply(ops, ops.add(x.get(2), ops.mul(r, rec.get(2))));
            return List.of(ops.add(ops.mul(z, h), ops.mul(ops.sub(one, z), candidate)));
        }
        List<Tensor> uk = ops.split(u, 1, 3);
        Tensor z = recurrentActivation.apply(ops, ops.add(x.get(0), ops.matmul(hr, uk.get(0))));
        Tensor r = recurrentActivation.apply(ops, ops.add(x.get(1), ops.matmul(hr, uk.get(1))));
        Tensor candidate = activation().apply(ops, ops.add(x.get(2), ops.matmul(ops.mul(r, hr), uk.get(2))));
        return List.of(ops.add(ops.mul(z, h), ops.mul(ops.sub(one, z), candidate)));
    }

    @Override
    public Config getConfig() {
        return putRecurrentConfig(super.getConfig(), recurrentActivation, null).put("implementation", 1)
                .put("reset_after", resetAfter);
    }

    /** Keras's {@code GRU.from_config}, Keras 1's too; {@code reset_after} defaults to Keras 2.2's false. */
    public static GRU fromConfig(Config c, CustomObjects custom) {
        RecurrentConfigs.legacy(c);
        GRU g = new GRU(c.integer("units")).resetAfter(c.bool("reset_after", false))
                .recurrentActivation(c.has("recurrent_activation") ? KerasObjects.activation(c.get("recurrent_activation"),
                        custom, c.description() + " > recurrent_activation") : Activations.HARD_SIGMOID);
        return RecurrentConfigs.read(g, c, custom);
    }
}
