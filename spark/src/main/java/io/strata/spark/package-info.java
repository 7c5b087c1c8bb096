// SPDX-License-Identifier: Apache-2.0
/**
 * Strata on Apache Spark: batch inference over DataFrames ({@code StrataSpark.predict}, a Spark ML
 * {@code Transformer}).
 */
@NullMarked
package io.strata.spark;

import org.jspecify.annotations.NullMarked;
