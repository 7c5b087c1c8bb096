// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

/** Where a {@link Program} keeps an uploaded data set: the training set, or the set being evaluated. */
public enum DataSlot {
    /** The data that training steps gather their batches from. */
    TRAIN,
    /** The data that test steps gather their batches from (validation or {@code evaluate}). */
    EVAL
}
