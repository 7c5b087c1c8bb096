// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

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
}
