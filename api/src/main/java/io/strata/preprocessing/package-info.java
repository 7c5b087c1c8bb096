// SPDX-License-Identifier: Apache-2.0
/**
 * Keras's {@code keras.preprocessing}: {@link io.strata.preprocessing.Sequences#padSequences} for
 * sequences of word indices, {@link io.strata.preprocessing.Tokenizer} for texts.
 */
@NullMarked
package io.strata.preprocessing;

import org.jspecify.annotations.NullMarked;
