// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import io.strata.InvalidConfigException;

/**
 * Keras's {@code LearningRateScheduler}: at the start of each epoch sets the learning rate to
 * {@code schedule(epoch, currentLr)}.
 */
public final class LearningRateScheduler extends Callback {
    /** A learning-rate schedule: epoch (from 0) and current rate in, new rate out. */
    @FunctionalInterface
    public interface Schedule {
        /** The learning rate for {@code epoch}. */
        double lr(int epoch, double currentLr);
    }

    private final Schedule schedule;
    private final int verbose;

    /** A scheduler with {@code verbose = 0}. */
    public LearningRateScheduler(Schedule schedule) {
        this(schedule, 0);
    }

    /** A scheduler; {@code verbose = 1} prints each change as Keras does. */
    public LearningRateScheduler(Schedule schedule, int verbose) {
        this.schedule = schedule;
        this.verbose = verbose;
    }

    @Override
    public void onEpochBegin(int epoch) {
        double lr = schedule.lr(epoch, model().learningRate());
        if (!Double.isFinite(lr) || lr < 0) {
            throw new InvalidConfigException("LearningRateScheduler: the schedule returned " + lr + " for epoch " + epoch
                    + "; it must return a finite, non-negative learning rate.");
        }
        model().setLearningRate(lr);
        if (verbose > 0) {
            System.out.printf("%nEpoch %05d: LearningRateScheduler setting learning rate to %s.%n", epoch + 1, lr);
        }
    }
}
