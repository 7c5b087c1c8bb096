// SPDX-License-Identifier: Apache-2.0
/**
 * Keras's mixed precision: the {@code float32} and {@code mixed_bfloat16} dtype policies of layers.
 */
@NullMarked
package io.strata.mixedprecision;

import org.jspecify.annotations.NullMarked;
