// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.saving.Config;

/**
 * Keras's Adagrad: {@code a += g²}, {@code p -= lr_t * g / (sqrt(a) + epsilon)}. The accumulator
 * starts at {@code initialAccumulatorValue}: 0 in Keras 2.2, 0.1 in tf.keras (whose configs say so).
 * Defaults: {@code lr = 0.01}, {@code epsilon = 1e-7}, {@code decay = 0}, {@code initialAccumulatorValue = 0}.
 */
public final class Adagrad extends Optimizer<Adagrad> {
    private double epsilon = 1e-7;
    private double initialAccumulatorValue;

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

    /** The accumulator's starting value. */
    public double initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    /** Keras's {@code epsilon}. */
    public Adagrad epsilon(double epsilon) {
        requireNonNegative("epsilon", epsilon);
        Adagrad c = copy();
        c.epsilon = epsilon;
        return c;
    }

    /** tf.keras's {@code initial_accumulator_value}: what every accumulator starts at (>= 0). */
    public Adagrad initialAccumulatorValue(double value) {
        requireNonNegative("initial_accumulator_value", value);
        Adagrad c = copy();
        c.initialAccumulatorValue = value;
        return c;
    }

    /** Keras 2.2's config; {@code initial_accumulator_value} is added when it is not Keras 2.2's 0. */
    @Override
    public Config getConfig() {
        Config c = baseConfig().put("decay", decay()).put("epsilon", epsilon);
        if (initialAccumulatorValue != 0) {
            c.put("initial_accumulator_value", initialAccumulatorValue);
        }
        return c;
    }

    /** Keras's {@code Adagrad.from_config} (Keras 2.2, tf.keras and Keras 3 configs). */
    public static Adagrad fromConfig(Config c) {
        return readBase(new Adagrad(), c).epsilon(c.number("epsilon", 1e-7))
                .initialAccumulatorValue(c.number("initial_accumulator_value", 0.0));
    }
}
