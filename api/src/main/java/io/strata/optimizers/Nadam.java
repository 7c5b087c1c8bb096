// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.saving.Config;

/**
 * Keras's Nadam (Adam with Nesterov momentum, Dozat 2015) with its momentum schedule
 * {@code mu_t = b1 (1 - 0.5 * 0.96^(t * schedule_decay))}. Defaults: {@code lr = 0.002},
 * {@code beta_1 = 0.9}, {@code beta_2 = 0.999}, {@code epsilon = 1e-7}, {@code schedule_decay = 0.004}.
 */
public final class Nadam extends Optimizer<Nadam> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private double scheduleDecay = 0.004;

    /** Nadam with Keras's defaults: {@code lr = 0.002}, {@code beta_1 = 0.9}, {@code beta_2 = 0.999}, {@code schedule_decay = 0.004}. */
    public Nadam() {
        super(0.002);
    }

    @Override
    public String id() {
        return "nadam";
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

    /** The momentum-schedule decay. */
    public double scheduleDecay() {
        return scheduleDecay;
    }

    /** Keras's {@code beta_1}. */
    public Nadam beta1(double beta1) {
        requireUnitInterval("beta_1", beta1);
        Nadam c = copy();
        c.beta1 = beta1;
        return c;
    }

    /** Keras's {@code beta_2}. */
    public Nadam beta2(double beta2) {
        requireUnitInterval("beta_2", beta2);
        Nadam c = copy();
        c.beta2 = beta2;
        return c;
    }

    /** Keras's {@code epsilon}. */
    public Nadam epsilon(double epsilon) {
        requireNonNegative("epsilon", epsilon);
        Nadam c = copy();
        c.epsilon = epsilon;
        return c;
    }

    /** Keras's {@code schedule_decay}. */
    public Nadam scheduleDecay(double scheduleDecay) {
        requireNonNegative("schedule_decay", scheduleDecay);
        Nadam c = copy();
        c.scheduleDecay = scheduleDecay;
        return c;
    }

    /** Keras 2.2 writes no {@code decay} for Nadam (it has none); Strata's is written when set. */
    @Override
    public Config getConfig() {
        Config c = baseConfig().put("beta_1", beta1).put("beta_2", beta2).put("epsilon", epsilon)
                .put("schedule_decay", scheduleDecay);
        if (decay() > 0) {
            c.put("decay", decay());
        }
        return c;
    }

    /** Keras's {@code Nadam.from_config}. */
    public static Nadam fromConfig(Config c) {
        return readBase(new Nadam(), c).beta1(c.number("beta_1", 0.9)).beta2(c.number("beta_2", 0.999))
                .epsilon(c.number("epsilon", 1e-7)).scheduleDecay(c.number("schedule_decay", 0.004));
    }
}
