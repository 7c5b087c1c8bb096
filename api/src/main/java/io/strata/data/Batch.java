// SPDX-License-Identifier: Apache-2.0
package io.strata.data;

import org.jspecify.annotations.Nullable;

/**
 * One batch from a generator, as Keras's generators yield {@code (x, y)} or {@code (x, y, sample_weight)}:
 * {@code x} and {@code y} in any form {@code fit} takes (arrays, {@code NdArray}s, a {@code List} or
 * {@code Map} for several inputs or outputs). Prediction batches have no {@code y}.
 */
public record Batch(Object x, @Nullable Object y, @Nullable Object sampleWeight) {
    /** A training or evaluation batch. */
    public static Batch of(Object x, Object y) {
        return new Batch(x, y, null);
    }

    /** A batch with per-sample weights. */
    public static Batch of(Object x, Object y, float[] sampleWeight) {
        return new Batch(x, y, sampleWeight);
    }

    /** A prediction batch: inputs only. */
    public static Batch inputs(Object x) {
        return new Batch(x, null, null);
    }
}
