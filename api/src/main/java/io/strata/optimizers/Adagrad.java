// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

/**
 * Keras's Adagrad: {@code a += g²}, {@code p -= lr_t * g / (sqrt(a) + epsilon)}; the accumulator starts at
 * 0. Defaults: {@code lr = 0.01}, {@code epsilon = 1e-7}, {@code decay = 0}.
 */
public final class Adagrad extends Optimizer<Adagrad> {
    private double epsilon = 1e-7;

    /** Adagrad with Keras's defaults: {@code lr = 0.01}, {@code epsilon = 1e-7}. */
    public Adagrad() {
        super(0.01);
    }

    @Override
    public String id() {
        return "adagrad";
    }

    /** The fuzz factor. */
    public double epsilon() {
        return epsilon;
    }

    /** Keras's {@code epsilon}. */
    public Adagrad epsilon(double epsilon) {
        requireNonNegative("epsilon", epsilon);
        Adagrad c = copy();
        c.epsilon = epsilon;
        return c;
    }
}
