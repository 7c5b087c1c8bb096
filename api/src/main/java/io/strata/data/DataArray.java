// SPDX-License-Identifier: Apache-2.0
package io.strata.data;

import io.strata.DataException;
import io.strata.Shape;
import java.lang.reflect.Array;
import java.util.Arrays;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.jspecify.annotations.Nullable;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;

/**
 * A dense array of samples as Strata feeds it to a backend: row-major {@code float} values and a shape
 * whose first dimension is the number of samples.
 *
 * <p>{@link #of(Object, String)} accepts what users pass to {@code fit}: Java arrays ({@code float} and
 * {@code double}, 1-D to 4-D; {@code int}/{@code long} label vectors and matrices) and
 * {@code org.tensorflow.ndarray} arrays. Integer sources are remembered ({@link #isInteger()}), so
 * that the model can tell integer labels from one-hot targets.
 */
public final class DataArray {
    private volatile float @Nullable [] values;
    private final float @Nullable [][] rows;
    private final Shape shape;
    private final boolean integer;

    /**
     * An array over {@code values} (not copied) with {@code shape} (samples first).
     *
     * @param integer whether the values came from an integer source
     */
    public DataArray(float[] values, Shape shape, boolean integer) {
        if (!shape.isFullyKnown() || shape.rank() < 1) {
            throw new DataException("A data array needs a fully known shape with the sample dimension first, got "
                    + shape + ".");
        }
        if (shape.size() != values.length) {
            throw new DataException("Data shape " + shape + " holds " + shape.size() + " values but "
                    + values.length + " were given.");
        }
        this.values = values;
        this.rows = null;
        this.shape = shape;
        this.integer = integer;
    }

    /** An array backed by the caller's rows (not copied): batches are copied straight from them. */
    private DataArray(float[][] rows, int width) {
        this.values = null;
        this.rows = rows;
        this.shape = Shape.of(rows.length, width);
        this.integer = false;
    }

    /** A float array over {@code values} with {@code shape}. */
    public static DataArray of(float[] values, Shape shape) {
        return new DataArray(values, shape, false);
    }

    /**
     * Converts user data: {@code float[]…[]}, {@code double[]…[]}, {@code int[]…[]}, {@code long[]…[]}
     * (rank 1 to 4, rectangular), {@link FloatNdArray}, {@link DoubleNdArray}, {@link IntNdArray},
     * {@link LongNdArray}, or a {@code DataArray}.
     *
     * @param argument the argument name used in error messages ({@code x}, {@code y})
     * @throws DataException for other types, ragged arrays or empty arrays
     */
    public static DataArray of(@Nullable Object data, String argument) {
        if (data == null) {
            throw new DataException("Argument '" + argument + "' is null. Pass an array (float[][], int[], ...) or an "
                    + "org.tensorflow.ndarray array.");
        }
        if (data instanceof DataArray d) {
            return d;
        }
        if (data instanceof NdArray<?> big && big.size() > Integer.MAX_VALUE) {
            throw tooLarge(argument, big.size());
        }
        if (data instanceof FloatNdArray nd) {
            float[] v = new float[Math.toIntExact(nd.size())];
            nd.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
            return new DataArray(v, Shape.of(nd.shape().asArray()), false);
        }
        if (data instanceof DoubleNdArray nd) {
            double[] d = new double[Math.toIntExact(nd.size())];
            nd.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(d, false, false));
            return new DataArray(toFloats(d), Shape.of(nd.shape().asArray()), false);
        }
        if (data instanceof IntNdArray nd) {
            int[] d = new int[Math.toIntExact(nd.size())];
            nd.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(d, false, false));
            float[] v = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                v[i] = d[i];
            }
            return new DataArray(v, Shape.of(nd.shape().asArray()), true);
        }
        if (data instanceof LongNdArray nd) {
            long[] d = new long[Math.toIntExact(nd.size())];
            nd.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(d, false, false));
            float[] v = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                v[i] = d[i];
            }
            return new DataArray(v, Shape.of(nd.shape().asArray()), true);
        }
        if (data instanceof NdArray<?> nd) {
            throw new DataException("Argument '" + argument + "': unsupported NdArray of " + nd.getClass().getSimpleName()
                    + "; use a FloatNdArray, DoubleNdArray, IntNdArray or LongNdArray.");
        }
        if (data instanceof float[][] rows && rows.length > 0) {
            return fromRows(rows, argument);
        }
        Class<?> type = data.getClass();
        if (!type.isArray()) {
            throw new DataException("Argument '" + argument + "' must be an array (float[][], double[][], int[], ...) "
                    + "or an org.tensorflow.ndarray array, got " + type.getName() + ".");
        }
        Class<?> leaf = type;
        int rank = 0;
        while (leaf.isArray()) {
            leaf = leaf.getComponentType();
            rank++;
        }
        boolean integer = leaf == int.class || leaf == long.class || leaf == short.class || leaf == byte.class;
        if (!(integer || leaf == float.class || leaf == double.class)) {
            throw new DataException("Argument '" + argument + "': arrays of " + leaf.getName()
                    + " are not supported; use float, double, int or long arrays.");
        }
        long[] dims = new long[rank];
        Object cursor = data;
        for (int i = 0; i < rank; i++) {
            dims[i] = Array.getLength(cursor);
            if (dims[i] == 0) {
                break;
            }
            cursor = Array.get(cursor, 0);
            if (cursor == null && i + 1 < rank) {
                throw new DataException("Argument '" + argument + "' has a null row at depth " + (i + 1) + " (index 0). "
                        + "Every row must be an array.");
            }
        }
        Shape shape = Shape.of(dims);
        if (dims[0] == 0) {
            throw new DataException("Argument '" + argument + "' is empty (0 samples). Pass at least one sample.");
        }
        if (shape.size() > Integer.MAX_VALUE) {
            throw tooLarge(argument, shape.size());
        }
        float[] values = new float[Math.toIntExact(shape.size())];
        int[] pos = {0};
        flatten(data, 0, dims, values, pos, argument);
        return new DataArray(values, shape, integer);
    }

    /**
     * The common {@code float[][]} case: the rows are checked and kept, not copied, so that {@code fit}
     * on a large set starts at once and batches are copied straight from the caller's rows. The caller
     * must not modify them while the model uses them.
     */
    private static DataException tooLarge(String argument, long size) {
        return new DataException("Argument '" + argument + "' holds " + size + " values, more than one array can hold ("
                + Integer.MAX_VALUE + "). Train on it in parts, or with a generator.");
    }

    private static DataArray fromRows(float[][] rows, String argument) {
        if (rows[0] == null) {
            throw new DataException("Argument '" + argument + "' is ragged: row 0 is null. All rows must be arrays of "
                    + "the same length.");
        }
        int width = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            float[] row = rows[i];
            if (row == null || row.length != width) {
                throw new DataException("Argument '" + argument + "' is ragged: row " + i + " has length "
                        + (row == null ? "null" : Integer.toString(row.length)) + " but row 0 has " + width
                        + ". All rows must have the same length.");
            }
        }
        if (width == 0) {
            throw new DataException("Argument '" + argument + "' has rows of length 0.");
        }
        if ((long) rows.length * width > Integer.MAX_VALUE) {
            throw tooLarge(argument, (long) rows.length * width);
        }
        return new DataArray(rows.clone(), width);
    }

    private static void flatten(Object array, int depth, long[] dims, float[] out, int[] pos, String argument) {
        int n = Array.getLength(array);
        if (n != dims[depth]) {
            throw new DataException("Argument '" + argument + "' is ragged: dimension " + depth + " has length " + n
                    + " in one place and " + dims[depth] + " in another. All rows must have the same length.");
        }
        if (depth == dims.length - 1) {
            if (array instanceof float[] f) {
                System.arraycopy(f, 0, out, pos[0], n);
            } else if (array instanceof double[] d) {
                for (int i = 0; i < n; i++) {
                    out[pos[0] + i] = (float) d[i];
                }
            } else if (array instanceof int[] d) {
                for (int i = 0; i < n; i++) {
                    out[pos[0] + i] = d[i];
                }
            } else if (array instanceof long[] d) {
                for (int i = 0; i < n; i++) {
                    out[pos[0] + i] = d[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[pos[0] + i] = ((Number) Array.get(array, i)).floatValue();
                }
            }
            pos[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            Object row = Array.get(array, i);
            if (row == null) {
                throw new DataException("Argument '" + argument + "' has a null row at depth " + depth + ".");
            }
            flatten(row, depth + 1, dims, out, pos, argument);
        }
    }

    private static float[] toFloats(double[] d) {
        float[] v = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            v[i] = (float) d[i];
        }
        return v;
    }

    /** The row-major values (shared, not copied; do not modify); flattened on first use for row-backed arrays. */
    public float[] values() {
        float[] v = values;
        if (v == null) {
            int width = sampleSize();
            v = new float[Math.multiplyExact(rows.length, width)];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, v, i * width, width);
            }
            values = v;
        }
        return v;
    }

    /** Copies the samples at {@code indices}, in order, into {@code dst} (from its start). */
    public void gatherInto(int[] indices, float[] dst) {
        int per = sampleSize();
        if (rows != null && values == null) {
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(rows[indices[i]], 0, dst, i * per, per);
            }
            return;
        }
        float[] v = values();
        boolean contiguous = indices.length > 0;
        for (int i = 1; contiguous && i < indices.length; i++) {
            contiguous = indices[i] == indices[0] + i;
        }
        if (contiguous) {
            // An unshuffled batch of a flat array: one copy.
            System.arraycopy(v, indices[0] * per, dst, 0, indices.length * per);
            return;
        }
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(v, indices[i] * per, dst, i * per, per);
        }
    }

    /** Writes samples {@code [from, to)} straight into {@code dst}. */
    public void copyInto(int from, int to, FloatDataBuffer dst) {
        int per = sampleSize();
        if (rows != null && values == null) {
            for (int i = from; i < to; i++) {
                dst.offset((long) (i - from) * per).write(rows[i], 0, per);
            }
            return;
        }
        dst.write(values(), from * per, (to - from) * per);
    }

    /**
     * The position of the first NaN or infinite value ({@code [sample, index within the sample]}), or
     * null if every value is finite.
     */
    public int @Nullable [] firstNonFinite() {
        int per = sampleSize();
        if (rows != null && values == null) {
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < per; j++) {
                    if (!Float.isFinite(rows[i][j])) {
                        return new int[] {i, j};
                    }
                }
            }
            return null;
        }
        float[] v = values();
        for (int k = 0; k < v.length; k++) {
            if (!Float.isFinite(v[k])) {
                return new int[] {k / per, k % per};
            }
        }
        return null;
    }

    /** The value at {@code index} within sample {@code sample}. */
    public float get(int sample, int index) {
        return rows != null && values == null ? rows[sample][index] : values()[sample * sampleSize() + index];
    }

    /**
     * Whether the values sum to 1 (within 1e-5) along the last axis everywhere: one-hot or probability
     * rows, for which the fused cross-entropy of a softmax output is exact.
     */
    public boolean lastAxisSumsToOne() {
        int width = Math.toIntExact(shape.dim(-1));
        if (rows != null && values == null) {
            for (float[] row : rows) {
                if (!sumsToOne(row, 0, width)) {
                    return false;
                }
            }
            return true;
        }
        float[] v = values();
        for (int from = 0; from < v.length; from += width) {
            if (!sumsToOne(v, from, width)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sumsToOne(float[] v, int from, int width) {
        double s = 0;
        for (int i = from; i < from + width; i++) {
            s += v[i];
        }
        return Math.abs(s - 1) <= 1e-5;
    }

    /** The shape, samples first. */
    public Shape shape() {
        return shape;
    }

    /** The number of samples. */
    public int samples() {
        return Math.toIntExact(shape.dim(0));
    }

    /** The number of values per sample. */
    public int sampleSize() {
        return Math.toIntExact(shape.sampleSize());
    }

    /** Whether the samples are the caller's rows ({@code float[][]}) rather than one row-major array. */
    public boolean isRowBacked() {
        return rows != null && values == null;
    }

    /** Whether the values came from an integer source (labels). */
    public boolean isInteger() {
        return integer;
    }


    /** The samples {@code [from, to)} as a new array (rows are shared, not copied, for row-backed arrays). */
    public DataArray slice(int from, int to) {
        if (rows != null && values == null) {
            return new DataArray(Arrays.copyOfRange(rows, from, to), sampleSize());
        }
        int s = sampleSize();
        return new DataArray(Arrays.copyOfRange(values(), from * s, to * s), shape.with(0, to - from), integer);
    }


    /** This data viewed with another shape of the same size (samples first). */
    public DataArray reshape(Shape newShape) {
        return new DataArray(values(), newShape, integer);
    }

    @Override
    public String toString() {
        return "DataArray" + shape;
    }
}
