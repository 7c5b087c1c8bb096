// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.saving.Config;

/**
 * Keras's stochastic gradient descent with optional momentum and Nesterov momentum:
 * {@code v = momentum * v - lr_t * g}, then {@code p += v} (or {@code p += momentum * v - lr_t * g} with
 * Nesterov). Defaults: {@code lr = 0.01}, {@code momentum = 0}, {@code decay = 0}, {@code nesterov = false}.
 */
public final class SGD extends Optimizer<SGD> {
    private double momentum;
    private boolean nesterov;

    /** SGD with Keras's defaults: {@code lr = 0.01}, no momentum, no decay, no Nesterov. */
    public SGD() {
        super(0.01);
    }

    @Override
    public String id() {
        return "sgd";
    }

    /** The momentum factor. */
    public double momentum() {
        return momentum;
    }

    /** Whether Nesterov momentum is used. */
    public boolean nesterov() {
        return nesterov;
    }

    /** Keras's {@code momentum} (>= 0). */
    public SGD momentum(double momentum) {
        requireNonNegative("momentum", momentum);
        SGD c = copy();
        c.momentum = momentum;
        return c;
    }

    /** Keras's {@code nesterov}. */
    public SGD nesterov(boolean nesterov) {
        SGD c = copy();
        c.nesterov = nesterov;
        return c;
    }

    @Override
    public Config getConfig() {
        return baseConfig().put("momentum", momentum).put("decay", decay()).put("nesterov", nesterov);
    }

    /** Keras's {@code SGD.from_config} (Keras 2.2, tf.keras and Keras 3 configs). */
    public static SGD fromConfig(Config c) {
        SGD o = readBase(new SGD(), c).momentum(c.number("momentum", 0.0)).nesterov(c.bool("nesterov", false));
        return o;
    }
}
