// SPDX-License-Identifier: Apache-2.0
/**
 * Optimizer hyperparameters with Keras 2's defaults, as a sealed family the backend implements exhaustively with Keras's update rules.
 */
@NullMarked
package io.strata.optimizers;

import org.jspecify.annotations.NullMarked;
