// SPDX-License-Identifier: Apache-2.0
package io.strata.training;

/** Keras's {@code shuffle} argument of {@code fit}. */
public enum Shuffle {
    /** Shuffle the samples before each epoch ({@code shuffle=True}, the default). */
    TRUE,
    /** Keep the order ({@code shuffle=False}; stateful RNNs need it). */
    FALSE,
    /** Shuffle in batch-sized chunks ({@code shuffle="batch"}). */
    BATCH
}
