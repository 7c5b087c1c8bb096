// SPDX-License-Identifier: Apache-2.0
/**
 * Weight constraints applied after each optimizer update, written against {@code Ops}.
 */
@NullMarked
package io.strata.constraints;

import org.jspecify.annotations.NullMarked;
