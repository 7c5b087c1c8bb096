// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.saving.Config;

/**
 * Keras's Adamax: with {@code t = iterations + 1}, {@code m = b1 m + (1 - b1) g},
 * {@code u = max(b2 u, |g|)}, {@code p -= lr_t / (1 - b1^t) * m / (u + eps)}. Defaults:
 * {@code lr = 0.002}, {@code beta_1 = 0.9}, {@code beta_2 = 0.999}, {@code epsilon = 1e-7}, {@code decay = 0}.
 */
public final class Adamax extends Optimizer<Adamax> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;

    /** Adamax with Keras's defaults: {@code lr = 0.002}, {@code beta_1 = 0.9}, {@code beta_2 = 0.999}, {@code epsilon = 1e-7}. */
    public Adamax() {
        super(0.002);
    }

    @Override
    public String id() {
        return "adamax";
    }

    /** The first-moment decay. */
    public double beta1() {
        return beta1;
    }

    /** The infinity-norm decay. */
    public double beta2() {
        return beta2;
    }

    /** The fuzz factor. */
    public double epsilon() {
        return epsilon;
    }

    /** Keras's {@code beta_1}. */
    public Adamax beta1(double beta1) {
        requireUnitInterval("beta_1", beta1);
        Adamax c = copy();
        c.beta1 = beta1;
        return c;
    }

    /** Keras's {@code beta_2}. */
    public Adamax beta2(double beta2) {
        requireUnitInterval("beta_2", beta2);
        Adamax c = copy();
        c.beta2 = beta2;
        return c;
    }

    /** Keras's {@code epsilon}. */
    public Adamax epsilon(double epsilon) {
        requireNonNegative("epsilon", epsilon);
        Adamax c = copy();
        c.epsilon = epsilon;
        return c;
    }

    @Override
    public Config getConfig() {
        return baseConfig().put("beta_1", beta1).put("beta_2", beta2).put("decay", decay()).put("epsilon", epsilon);
    }

    /** Keras's {@code Adamax.from_config}. */
    public static Adamax fromConfig(Config c) {
        return readBase(new Adamax(), c).beta1(c.number("beta_1", 0.9)).beta2(c.number("beta_2", 0.999))
                .epsilon(c.number("epsilon", 1e-7));
    }
}
