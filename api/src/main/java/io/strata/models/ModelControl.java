// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.training.TrainingControl;
import org.jspecify.annotations.Nullable;

/** The control handle of one training run: the model, and whether a listener asked it to stop. */
public final class ModelControl implements TrainingControl {
    private final Model model;
    private volatile @Nullable String stopReason;

    /** A handle on a run that trains {@code model}, with no stop requested. */
    public ModelControl(Model model) {
        this.model = model;
    }

    @Override
    public void requestStop(String reason) {
        stopReason = reason;
    }

    @Override
    public boolean stopRequested() {
        return stopReason != null;
    }

    @Override
    public Model model() {
        return model;
    }
}
