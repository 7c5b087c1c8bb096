// SPDX-License-Identifier: Apache-2.0
/**
 * Keras's metrics as functions over {@code Ops}, including custom and multi-valued metrics.
 */
@NullMarked
package io.strata.metrics;

import org.jspecify.annotations.NullMarked;
