// SPDX-License-Identifier: Apache-2.0
/**
 * The one training loop ({@code Trainer}), its options, events and {@code History}. Backends supply steps, never loops.
 */
@NullMarked
package io.strata.training;

import org.jspecify.annotations.NullMarked;
