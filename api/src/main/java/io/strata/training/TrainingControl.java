// SPDX-License-Identifier: Apache-2.0
package io.strata.training;

import io.strata.models.Model;

/** What a listener may do to the training run it observes. */
public interface TrainingControl {
    /** Asks the loop to stop after the current batch (Keras's {@code model.stop_training = True}). */
    void requestStop(String reason);

    /** Whether a stop was requested. */
    boolean stopRequested();

    /** The model being trained. */
    Model model();
}
