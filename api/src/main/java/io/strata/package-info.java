// SPDX-License-Identifier: Apache-2.0
/**
 * Strata's shared vocabulary: {@link io.strata.Shape} and the exception hierarchy rooted at
 * {@link io.strata.StrataException}. Nothing here depends on a backend.
 */
@NullMarked
package io.strata;

import org.jspecify.annotations.NullMarked;
