// SPDX-License-Identifier: Apache-2.0
/**
 * Keras's callbacks: the {@code Callback} adapter over training events, the progress bar, early stopping, learning-rate schedules and logging. Callbacks see the model only through its public API.
 */
@NullMarked
package io.strata.callbacks;

import org.jspecify.annotations.NullMarked;
