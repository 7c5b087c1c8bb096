// SPDX-License-Identifier: Apache-2.0
/**
 * Keras's activation functions, written against the backend-neutral {@code Ops}. Never imports a backend.
 */
@NullMarked
package io.strata.activations;

import org.jspecify.annotations.NullMarked;
