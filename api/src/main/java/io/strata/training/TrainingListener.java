// SPDX-License-Identifier: Apache-2.0
package io.strata.training;

/** Receives the training loop's events; a lambda is enough. */
@FunctionalInterface
public interface TrainingListener {
    /** Called on the training thread for every event, in order. */
    void onEvent(TrainingEvent event);
}
