// SPDX-License-Identifier: Apache-2.0
/**
 * Weight initializers. Values are drawn on the host from the model's seeded random source, so a seeded model starts identically on every backend.
 */
@NullMarked
package io.strata.initializers;

import org.jspecify.annotations.NullMarked;
