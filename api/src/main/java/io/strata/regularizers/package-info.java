// SPDX-License-Identifier: Apache-2.0
/**
 * Weight and activity penalties added to the training loss, written against {@code Ops}.
 */
@NullMarked
package io.strata.regularizers;

import org.jspecify.annotations.NullMarked;
