// SPDX-License-Identifier: Apache-2.0
package io.strata.losses;

/**
 * A training objective: one of Keras's built-in losses ({@link BuiltinLoss}) or a {@link CustomLoss}.
 * Obtain them from {@link Losses}.
 */
public sealed interface Loss permits BuiltinLoss, CustomLoss {
    /** The name shown in logs and configs ({@code categorical_crossentropy}). */
    String id();

    /** The per-sample loss computation. */
    LossFunction function();
}
