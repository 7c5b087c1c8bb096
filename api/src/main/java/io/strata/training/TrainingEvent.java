// SPDX-License-Identifier: Apache-2.0
package io.strata.training;

import java.util.Map;

/**
 * Something that happened in the training loop. Every listener, callback and Kotlin {@code Flow} of
 * training is fed from this one stream of events.
 */
public sealed interface TrainingEvent permits TrainingEvent.TrainingStarted, TrainingEvent.EpochStarted,
        TrainingEvent.BatchStarted, TrainingEvent.BatchEnded, TrainingEvent.EpochEnded, TrainingEvent.TrainingEnded {

    /** The run's control handle. */
    TrainingControl control();

    /**
     * Training begins.
     *
     * @param params Keras's {@code params}: {@code epochs}, {@code samples}, {@code batch_size},
     *     {@code verbose}, {@code do_validation}, {@code metrics}
     */
    record TrainingStarted(Map<String, Object> params, TrainingControl control) implements TrainingEvent {}

    /** An epoch begins ({@code epoch} counts from 0, as in Keras's hooks). */
    record EpochStarted(int epoch, TrainingControl control) implements TrainingEvent {}

    /** A batch begins. */
    record BatchStarted(int epoch, int batch, int size, TrainingControl control) implements TrainingEvent {}

    /** A batch ended; {@code logs} holds its loss and metrics. */
    record BatchEnded(int epoch, int batch, int size, Map<String, Double> logs, TrainingControl control)
            implements TrainingEvent {}

    /** An epoch ended; {@code logs} holds its averaged loss and metrics and the validation values. */
    record EpochEnded(int epoch, Map<String, Double> logs, TrainingControl control) implements TrainingEvent {}

    /** Training ended, normally, by a stop request, or by cancellation ({@code cancelled}). */
    record TrainingEnded(History history, boolean cancelled, TrainingControl control) implements TrainingEvent {}
}
