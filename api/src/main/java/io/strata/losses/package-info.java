// SPDX-License-Identifier: Apache-2.0
/**
 * Keras's losses as functions over {@code Ops}, and the sealed {@code Loss} family with its {@code CustomLoss} escape hatch.
 */
@NullMarked
package io.strata.losses;

import org.jspecify.annotations.NullMarked;
