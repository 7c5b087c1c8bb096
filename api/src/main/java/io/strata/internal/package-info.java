// SPDX-License-Identifier: Apache-2.0
/**
 * Helpers shared by Strata's own modules (formatting, loggers); not part of the public API.
 */
@NullMarked
package io.strata.internal;

import org.jspecify.annotations.NullMarked;
