// SPDX-License-Identifier: Apache-2.0
package io.strata.data;

import io.strata.DataException;

/** Keras's {@code keras.utils} helpers for data: {@link #toCategorical}. */
public final class Utils {
    /** The most classes {@link #toCategorical} makes one-hot rows for (2^24; beyond, use integer labels). */
    public static final int MAX_CLASSES = 1 << 24;

    private Utils() {}

    /**
     * Keras's {@code to_categorical}: one-hot rows for integer class labels.
     *
     * @param labels class indices in {@code [0, numClasses)}
     * @param numClasses the number of classes; {@code <= 0} means {@code max(labels) + 1}
     */
    public static float[][] toCategorical(int[] labels, int numClasses) {
        long n = numClasses;
        if (n <= 0) {
            for (int l : labels) {
                n = Math.max(n, (long) l + 1);
            }
        }
        if (n * labels.length > Integer.MAX_VALUE || n > MAX_CLASSES) {
            throw new DataException("toCategorical: " + labels.length + " labels of " + n + " classes would need "
                    + n * labels.length + " values" + (numClasses <= 0 ? " (the classes come from the largest label, "
                    + (n - 1) + ")" : "") + ". Pass labels in [0, numClasses) with a numClasses that fits, or use the "
                    + "loss sparse_categorical_crossentropy with the integer labels themselves.");
        }
        int classes = (int) n;
        float[][] out = new float[labels.length][classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new DataException("toCategorical: label " + labels[i] + " at index " + i + " is outside [0, "
                        + classes + "). Pass numClasses larger than the largest label.");
            }
            out[i][labels[i]] = 1f;
        }
        return out;
    }

    /** Keras's {@code to_categorical} with the number of classes taken from the labels. */
    public static float[][] toCategorical(int[] labels) {
        return toCategorical(labels, 0);
    }

    /** {@link #toCategorical(int[], int)} for {@code long} labels. */
    public static float[][] toCategorical(long[] labels, int numClasses) {
        int[] ints = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > MAX_CLASSES) {
                throw new DataException("toCategorical: label " + labels[i] + " at index " + i + " is outside [0, "
                        + MAX_CLASSES + "]: one-hot rows of that many classes do not fit in memory. Use the loss "
                        + "sparse_categorical_crossentropy with the integer labels themselves.");
            }
            ints[i] = (int) labels[i];
        }
        return toCategorical(ints, numClasses);
    }
}
