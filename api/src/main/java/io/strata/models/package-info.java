// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code Sequential} model: Keras's shape inference, summary, compile, fit, evaluate and predict. It owns the backend program it builds lazily and closes.
 */
@NullMarked
package io.strata.models;

import org.jspecify.annotations.NullMarked;
