// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import io.strata.InvalidConfigException;
import java.util.Map;

/**
 * Keras's {@code ReduceLROnPlateau}: multiplies the learning rate by {@code factor} when
 * {@code monitor} has not improved for {@code patience} epochs.
 *
 * <p>Defaults: {@code monitor = "val_loss"}, {@code factor = 0.1}, {@code patience = 10},
 * {@code verbose = 0}, {@code mode = "auto"}, {@code minDelta = 1e-4}, {@code cooldown = 0},
 * {@code minLr = 0}. It also logs the learning rate as {@code lr}.
 */
public final class ReduceLROnPlateau extends Callback {
    private String monitor = "val_loss";
    private double factor = 0.1;
    private int patience = 10;
    private int verbose;
    private String mode = "auto";
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;

    private boolean increasing;
    private double best;
    private int wait;
    private int cooldownCounter;

    /** The callback with Keras's defaults. */
    public ReduceLROnPlateau() {}

    /** Keras's {@code monitor}. */
    public ReduceLROnPlateau monitor(String monitor) {
        this.monitor = monitor;
        return this;
    }

    /** Keras's {@code factor} (below 1). */
    public ReduceLROnPlateau factor(double factor) {
        if (!(factor < 1.0 && factor >= 0)) {
            throw new InvalidConfigException("ReduceLROnPlateau does not support a factor >= 1.0 (got " + factor
                    + "); pass a factor in [0, 1), e.g. 0.1.");
        }
        this.factor = factor;
        return this;
    }

    /** Keras's {@code patience}. */
    public ReduceLROnPlateau patience(int patience) {
        this.patience = patience;
        return this;
    }

    /** Keras's {@code verbose}. */
    public ReduceLROnPlateau verbose(int verbose) {
        this.verbose = verbose;
        return this;
    }

    /** Keras's {@code mode}. */
    public ReduceLROnPlateau mode(String mode) {
        Monitor.increasing(monitor, mode, "ReduceLROnPlateau");
        this.mode = mode;
        return this;
    }

    /** Keras's {@code min_delta}. */
    public ReduceLROnPlateau minDelta(double minDelta) {
        this.minDelta = minDelta;
        return this;
    }

    /** Keras's {@code cooldown}. */
    public ReduceLROnPlateau cooldown(int cooldown) {
        this.cooldown = cooldown;
        return this;
    }

    /** Keras's {@code min_lr}. */
    public ReduceLROnPlateau minLr(double minLr) {
        this.minLr = minLr;
        return this;
    }

    @Override
    public void onTrainBegin() {
        increasing = Monitor.increasing(monitor, mode, "ReduceLROnPlateau");
        best = increasing ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        cooldownCounter = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = io.strata.training.Logs.get(logs, monitor);
        if (current == null) {
            System.err.println("Reduce LR on plateau conditioned on metric `" + monitor
                    + "` which is not available. Available metrics are: " + String.join(",", logs.keySet()));
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        boolean improved = increasing ? current > best + minDelta : current < best - minDelta;
        if (improved) {
            best = current;
            wait = 0;
        } else if (cooldownCounter <= 0) {
            wait++;
            if (wait >= patience) {
                double oldLr = model().learningRate();
                if (oldLr > minLr) {
                    double newLr = Math.max(oldLr * factor, minLr);
                    model().setLearningRate(newLr);
                    if (verbose > 0) {
                        System.out.printf("%nEpoch %05d: ReduceLROnPlateau reducing learning rate to %s.%n", epoch + 1,
                                (float) newLr);
                    }
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
