// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.saving.Config;

/**
 * Keras's Adadelta: {@code a = rho a + (1 - rho) g²}, {@code u = g sqrt(d + eps) / sqrt(a + eps)},
 * {@code p -= lr_t u}, {@code d = rho d + (1 - rho) u²}. Defaults: {@code lr = 1.0}, {@code rho = 0.95},
 * {@code epsilon = 1e-7}, {@code decay = 0}.
 */
public final class Adadelta extends Optimizer<Adadelta> {
    private double rho = 0.95;
    private double epsilon = 1e-7;

    /** Adadelta with Keras's defaults: {@code lr = 1.0}, {@code rho = 0.95}, {@code epsilon = 1e-7}. */
    public Adadelta() {
        super(1.0);
    }

    @Override
    public String id() {
        return "adadelta";
    }

    /** The decay of both running averages. */
    public double rho() {
        return rho;
    }

    /** The fuzz factor. */
    public double epsilon() {
        return epsilon;
    }

    /** Keras's {@code rho}. */
    public Adadelta rho(double rho) {
        requireUnitInterval("rho", rho);
        Adadelta c = copy();
        c.rho = rho;
        return c;
    }

    /** Keras's {@code epsilon}. */
    public Adadelta epsilon(double epsilon) {
        requireNonNegative("epsilon", epsilon);
        Adadelta c = copy();
        c.epsilon = epsilon;
        return c;
    }

    @Override
    public Config getConfig() {
        return baseConfig().put("rho", rho).put("decay", decay()).put("epsilon", epsilon);
    }

    /** Keras's {@code Adadelta.from_config}. */
    public static Adadelta fromConfig(Config c) {
        return readBase(new Adadelta(), c).rho(c.number("rho", 0.95)).epsilon(c.number("epsilon", 1e-7));
    }
}
