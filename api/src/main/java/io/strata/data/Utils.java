// SPDX-License-Identifier: Apache-2.0
package io.strata.data;

import io.strata.DataException;

/** Keras's {@code keras.utils} helpers for data: {@link #toCategorical}. */
public final class Utils {
    private Utils() {}

    /**
     * Keras's {@code to_categorical}: one-hot rows for integer class labels.
     *
     * @param labels class indices in {@code [0, numClasses)}
     * @param numClasses the number of classes; {@code <= 0} means {@code max(labels) + 1}
     */
    public static float[][] toCategorical(int[] labels, int numClasses) {
        int n = numClasses;
        if (n <= 0) {
            for (int l : labels) {
                n = Math.max(n, l + 1);
            }
        }
        float[][] out = new float[labels.length][n];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= n) {
                throw new DataException("toCategorical: label " + labels[i] + " at index " + i + " is outside [0, " + n
                        + "). Pass numClasses larger than the largest label.");
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
            ints[i] = Math.toIntExact(labels[i]);
        }
        return toCategorical(ints, numClasses);
    }
}
