// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.activations.Activations;
import io.strata.initializers.Initializers;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.KerasObjects;

/**
 * Reading the configs of {@link LSTM}, {@link GRU} and {@link SimpleRNN} in every Keras generation:
 * Keras 1's argument names renamed as Keras 2's legacy interface renames them, then the arguments
 * the recurrent layers share. (Each layer writes its config itself, {@code RNN.putRecurrentConfig}.)
 */
final class RecurrentConfigs {
    private RecurrentConfigs() {}

    /**
     * Renames Keras 1's recurrent arguments ({@code output_dim}, {@code init}, {@code inner_init},
     * {@code inner_activation}, {@code W_regularizer}, {@code U_regularizer}, {@code b_regularizer},
     * {@code dropout_W}, {@code dropout_U}) to Keras 2's, as Keras 2's legacy interface does.
     */
    static Config legacy(Config c) {
        return c.rename("output_dim", "units", "init", "kernel_initializer", "inner_init", "recurrent_initializer",
                "inner_activation", "recurrent_activation", "W_regularizer", "kernel_regularizer",
                "U_regularizer", "recurrent_regularizer", "b_regularizer", "bias_regularizer",
                "dropout_W", "dropout", "dropout_U", "recurrent_dropout", "consume_less", "implementation");
    }

    /** Reads the recurrent and base arguments of a config of any generation. */
    static <L extends RNN<L>> L read(L layer, Config c, CustomObjects custom) {
        String where = c.description();
        if (c.bool("return_state", false)) {
            throw new InvalidConfigException(where + ": return_state=true is not supported; Strata's recurrent layers "
                    + "return their output (or sequence) only.");
        }
        if (c.bool("time_major", false)) {
            throw new InvalidConfigException(where + ": time_major=true is not supported; inputs are (batch, time, features).");
        }
        L l = layer.activation(c.has("activation") ? KerasObjects.activation(c.get("activation"), custom,
                        where + " > activation") : Activations.TANH)
                .useBias(c.bool("use_bias", true))
                .kernelInitializer(KerasObjects.initializer(c.get("kernel_initializer"), custom,
                        where + " > kernel_initializer", Initializers.glorotUniform()))
                .recurrentInitializer(KerasObjects.initializer(c.get("recurrent_initializer"), custom,
                        where + " > recurrent_initializer", Initializers.orthogonal()))
                .biasInitializer(KerasObjects.initializer(c.get("bias_initializer"), custom,
                        where + " > bias_initializer", Initializers.zeros()))
                .kernelRegularizer(KerasObjects.regularizer(c.get("kernel_regularizer"), custom,
                        where + " > kernel_regularizer"))
                .recurrentRegularizer(KerasObjects.regularizer(c.get("recurrent_regularizer"), custom,
                        where + " > recurrent_regularizer"))
                .biasRegularizer(KerasObjects.regularizer(c.get("bias_regularizer"), custom, where + " > bias_regularizer"))
                .kernelConstraint(KerasObjects.constraint(c.get("kernel_constraint"), custom,
                        where + " > kernel_constraint"))
                .recurrentConstraint(KerasObjects.constraint(c.get("recurrent_constraint"), custom,
                        where + " > recurrent_constraint"))
                .biasConstraint(KerasObjects.constraint(c.get("bias_constraint"), custom, where + " > bias_constraint"))
                .dropout(c.number("dropout", 0.0)).recurrentDropout(c.number("recurrent_dropout", 0.0))
                .returnSequences(c.bool("return_sequences", false)).goBackwards(c.bool("go_backwards", false))
                .stateful(c.bool("stateful", false));
        return BaseLayer.withBaseConfig(l, c, custom);
    }
}
