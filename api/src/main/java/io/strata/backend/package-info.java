// SPDX-License-Identifier: Apache-2.0
/**
 * The backend SPI: {@code Ops} and {@code Tensor} that layers are written against, the {@code ModelDefinition} a backend compiles and the {@code Program} it returns, and backend discovery through {@code ServiceLoader}. Nothing here names TensorFlow.
 */
@NullMarked
package io.strata.backend;

import org.jspecify.annotations.NullMarked;
