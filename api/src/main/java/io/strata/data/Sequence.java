// SPDX-License-Identifier: Apache-2.0
package io.strata.data;

/**
 * Keras's {@code keras.utils.Sequence}: a data set read batch by batch, for data that does not fit in
 * memory. {@code fit(sequence, options)} asks for batches by index on background threads
 * ({@code FitOptions.workers}), in the epoch's order (shuffled from the model's seed unless
 * {@code shuffle(false)}), so a run repeats exactly; it calls {@link #onEpochEnd()} after each epoch.
 *
 * <p>{@link #get} may be called from several threads at once when {@code workers > 1}: it must not
 * depend on the order of calls.
 */
public interface Sequence {
    /** The number of batches in an epoch (Keras's {@code __len__}). */
    int size();

    /** Batch {@code index}, in {@code [0, size())} (Keras's {@code __getitem__}). */
    Batch get(int index);

    /** Called at the end of every epoch (Keras's {@code on_epoch_end}), for instance to reshuffle files. */
    default void onEpochEnd() {}
}
