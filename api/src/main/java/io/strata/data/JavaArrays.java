// SPDX-License-Identifier: Apache-2.0
package io.strata.data;

import io.strata.DataException;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * {@code predict}'s results as plain Java arrays, without knowing TF Java's {@code StdArrays}:
 * {@code float[][] p = JavaArrays.toFloats2d(model.predict(x, 32))}. Each method checks the rank and
 * says which one to use instead.
 */
public final class JavaArrays {
    private JavaArrays() {}

    /** All values, row-major (any rank). */
    public static float[] toFlat(FloatNdArray a) {
        float[] out = new float[Math.toIntExact(a.size())];
        a.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
        return out;
    }

    /** A vector: {@code (n,)}. */
    public static float[] toFloats(FloatNdArray a) {
        return StdArrays.array1dCopyOf(rank(a, 1, "toFloats"));
    }

    /** A matrix, {@code (samples, features)}: what {@code predict} returns for a Dense output. */
    public static float[][] toFloats2d(FloatNdArray a) {
        return StdArrays.array2dCopyOf(rank(a, 2, "toFloats2d"));
    }

    /** Rank 3, {@code (samples, timesteps, features)}. */
    public static float[][][] toFloats3d(FloatNdArray a) {
        return StdArrays.array3dCopyOf(rank(a, 3, "toFloats3d"));
    }

    /** Rank 4, {@code (samples, rows, cols, channels)}. */
    public static float[][][][] toFloats4d(FloatNdArray a) {
        return StdArrays.array4dCopyOf(rank(a, 4, "toFloats4d"));
    }

    /** Keras's {@code np.argmax(p, axis=-1)} for a matrix: the class with the highest value per row. */
    public static int[] argmax(FloatNdArray a) {
        float[][] m = toFloats2d(a);
        int[] out = new int[m.length];
        for (int i = 0; i < m.length; i++) {
            int best = 0;
            for (int j = 1; j < m[i].length; j++) {
                if (m[i][j] > m[i][best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static FloatNdArray rank(FloatNdArray a, int rank, String method) {
        int got = a.shape().numDimensions();
        if (got != rank) {
            String[] names = {"toFlat", "toFloats", "toFloats2d", "toFloats3d", "toFloats4d"};
            throw new DataException("JavaArrays." + method + " takes an array of rank " + rank + ", got shape "
                    + a.shape() + " (rank " + got + ")" + (got <= 4 ? "; use JavaArrays." + names[got] + "." : "; use JavaArrays.toFlat."));
        }
        return a;
    }
}
