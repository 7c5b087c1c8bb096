// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import io.strata.models.Model;
import io.strata.training.TrainingControl;
import io.strata.training.TrainingEvent;
import io.strata.training.TrainingEvent.BatchEnded;
import io.strata.training.TrainingEvent.BatchStarted;
import io.strata.training.TrainingEvent.EpochEnded;
import io.strata.training.TrainingEvent.EpochStarted;
import io.strata.training.TrainingEvent.TrainingEnded;
import io.strata.training.TrainingEvent.TrainingStarted;
import io.strata.training.TrainingListener;
import java.util.Map;

/**
 * Keras's {@code Callback}: a {@link TrainingListener} with one overridable hook per event, in Keras's
 * names. Epochs and batches count from 0, as in Keras's hooks.
 */
public abstract class Callback implements TrainingListener {
    private TrainingControl control;
    private Map<String, Object> params = Map.of();

    @Override
    public final void onEvent(TrainingEvent event) {
        control = event.control();
        if (event instanceof TrainingStarted e) {
            params = e.params();
            onTrainBegin();
        } else if (event instanceof EpochStarted e) {
            onEpochBegin(e.epoch());
        } else if (event instanceof BatchStarted e) {
            onBatchBegin(e.batch(), e.size());
        } else if (event instanceof BatchEnded e) {
            onBatchEnd(e.batch(), e.logs());
        } else if (event instanceof EpochEnded e) {
            onEpochEnd(e.epoch(), e.logs());
        } else if (event instanceof TrainingEnded e) {
            onTrainEnd(e.cancelled());
        }
    }

    /** Training begins. */
    public void onTrainBegin() {}

    /** Epoch {@code epoch} begins. */
    public void onEpochBegin(int epoch) {}

    /**
     * Batch {@code batch} of {@code size} samples begins. With {@code steps_per_execution} N, once per
     * execution: {@code batch} is its first step and {@code size} the samples of all its steps.
     */
    public void onBatchBegin(int batch, int size) {}

    /**
     * Batch {@code batch} ended with {@code logs} ({@code loss}, metrics, {@code size}). With
     * {@code steps_per_execution} N, once per execution, as in Keras: {@code batch} is its last step, the
     * values are that step's, {@code size} counts the samples of all its steps and {@code num_steps}
     * how many steps it ran.
     */
    public void onBatchEnd(int batch, Map<String, Double> logs) {}

    /** Epoch {@code epoch} ended with its averaged {@code logs}, validation values included. */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /** Training ended; {@code cancelled} if it was interrupted. */
    public void onTrainEnd(boolean cancelled) {}

    /** The model being trained (Keras's {@code self.model}). */
    protected Model model() {
        return control.model();
    }

    /** Keras's {@code self.params}: epochs, samples, batch_size, verbose, do_validation, metrics. */
    protected Map<String, Object> params() {
        return params;
    }

    /** Stops training after the current batch (Keras's {@code model.stop_training = True}). */
    protected void stopTraining(String reason) {
        control.requestStop(reason);
    }
}
