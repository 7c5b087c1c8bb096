// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.saving.Config;

/**
 * Keras's Adam: with {@code t = iterations + 1}, {@code lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)},
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g²}, {@code p -= lr_t m / (sqrt(v) + eps)}
 * (AMSGrad uses the running maximum of {@code v}). Defaults: {@code lr = 0.001}, {@code beta_1 = 0.9},
 * {@code beta_2 = 0.999}, {@code epsilon = 1e-7}, {@code decay = 0}, {@code amsgrad = false}.
 */
public final class Adam extends Optimizer<Adam> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private boolean amsgrad;

    /** Adam with Keras's defaults: {@code lr = 0.001}, {@code beta_1 = 0.9}, {@code beta_2 = 0.999}, {@code epsilon = 1e-7}. */
    public Adam() {
        super(0.001);
    }

    @Override
    public String id() {
        return "adam";
    }

    /** The first-moment decay. */
    public double beta1() {
        return beta1;
    }

    /** The second-moment decay. */
    public double beta2() {
        return beta2;
    }

    /** The fuzz factor. */
    public double epsilon() {
        return epsilon;
    }

    /** Whether the AMSGrad variant is used. */
    public boolean amsgrad() {
        return amsgrad;
    }

    /** Keras's {@code beta_1}. */
    public Adam beta1(double beta1) {
        requireUnitInterval("beta_1", beta1);
        Adam c = copy();
        c.beta1 = beta1;
        return c;
    }

    /** Keras's {@code beta_2}. */
    public Adam beta2(double beta2) {
        requireUnitInterval("beta_2", beta2);
        Adam c = copy();
        c.beta2 = beta2;
        return c;
    }

    /** Keras's {@code epsilon}. */
    public Adam epsilon(double epsilon) {
        requireNonNegative("epsilon", epsilon);
        Adam c = copy();
        c.epsilon = epsilon;
        return c;
    }

    /** Keras's {@code amsgrad}. */
    public Adam amsgrad(boolean amsgrad) {
        Adam c = copy();
        c.amsgrad = amsgrad;
        return c;
    }

    @Override
    public Config getConfig() {
        return baseConfig().put("beta_1", beta1).put("beta_2", beta2).put("decay", decay()).put("epsilon", epsilon)
                .put("amsgrad", amsgrad);
    }

    /** Keras's {@code Adam.from_config}. */
    public static Adam fromConfig(Config c) {
        return readBase(new Adam(), c).beta1(c.number("beta_1", 0.9)).beta2(c.number("beta_2", 0.999))
                .epsilon(c.number("epsilon", 1e-7)).amsgrad(c.bool("amsgrad", false));
    }
}
