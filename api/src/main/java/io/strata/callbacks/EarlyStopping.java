// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code EarlyStopping}: stops training when {@code monitor} has stopped improving for
 * {@code patience} epochs.
 *
 * <p>Defaults: {@code monitor = "val_loss"}, {@code minDelta = 0}, {@code patience = 0},
 * {@code verbose = 0}, {@code mode = "auto"}, no baseline, {@code restoreBestWeights = false}.
 */
public final class EarlyStopping extends Callback {
    private String monitor = "val_loss";
    private double minDelta;
    private int patience;
    private int verbose;
    private String mode = "auto";
    private @Nullable Double baseline;
    private boolean restoreBestWeights;

    private int wait;
    private int stoppedEpoch;
    private double best;
    private boolean increasing;
    private @Nullable List<?> bestWeights;

    /** Early stopping on {@code val_loss} with Keras's defaults. */
    public EarlyStopping() {}

    /** Keras's {@code monitor}. */
    public EarlyStopping monitor(String monitor) {
        this.monitor = monitor;
        return this;
    }

    /** Keras's {@code min_delta}: the smallest change that counts as an improvement. */
    public EarlyStopping minDelta(double minDelta) {
        this.minDelta = Math.abs(minDelta);
        return this;
    }

    /** Keras's {@code patience}: epochs without improvement before stopping. */
    public EarlyStopping patience(int patience) {
        this.patience = patience;
        return this;
    }

    /** Keras's {@code verbose}. */
    public EarlyStopping verbose(int verbose) {
        this.verbose = verbose;
        return this;
    }

    /** Keras's {@code mode}: {@code auto}, {@code min} or {@code max}. */
    public EarlyStopping mode(String mode) {
        Monitor.increasing(monitor, mode, "EarlyStopping");
        this.mode = mode;
        return this;
    }

    /** Keras's {@code baseline}: training stops unless the model beats it. */
    public EarlyStopping baseline(double baseline) {
        this.baseline = baseline;
        return this;
    }

    /** Keras's {@code restore_best_weights}. */
    public EarlyStopping restoreBestWeights(boolean restore) {
        this.restoreBestWeights = restore;
        return this;
    }

    /** The epoch (from 0) at which training was stopped, or 0 if it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public void onTrainBegin() {
        increasing = Monitor.increasing(monitor, mode, "EarlyStopping");
        wait = 0;
        stoppedEpoch = 0;
        bestWeights = null;
        best = baseline != null ? baseline : (increasing ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = io.strata.training.Logs.get(logs, monitor);
        if (current == null) {
            System.err.println("Early stopping conditioned on metric `" + monitor
                    + "` which is not available. Available metrics are: " + String.join(",", logs.keySet()));
            return;
        }
        boolean improved = increasing ? current - minDelta > best : current + minDelta < best;
        if (improved) {
            best = current;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = model().getWeights();
            }
        } else {
            wait++;
            if (wait >= patience) {
                stoppedEpoch = epoch;
                stopTraining("EarlyStopping: " + monitor + " did not improve for " + wait + " epochs");
                if (restoreBestWeights && bestWeights != null) {
                    if (verbose > 0) {
                        System.out.println("Restoring model weights from the end of the best epoch");
                    }
                    model().setWeights(bestWeights);
                }
            }
        }
    }

    @Override
    public void onTrainEnd(boolean cancelled) {
        if (stoppedEpoch > 0 && verbose > 0) {
            System.out.printf("Epoch %05d: early stopping%n", stoppedEpoch + 1);
        }
    }
}
