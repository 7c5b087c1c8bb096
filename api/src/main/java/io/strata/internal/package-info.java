// SPDX-License-Identifier: Apache-2.0
/**
 * Formatting helpers shared inside the API module; not exported.
 */
@NullMarked
package io.strata.internal;

import org.jspecify.annotations.NullMarked;
