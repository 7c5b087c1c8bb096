// SPDX-License-Identifier: Apache-2.0
/**
 * The TensorFlow Java backend: implements the api's backend SPI in graph mode. This is the only
 * package that names TensorFlow types; it depends on the api, never the other way round.
 */
@NullMarked
package io.strata.backend.tensorflow;

import org.jspecify.annotations.NullMarked;
