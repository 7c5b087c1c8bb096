// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import io.strata.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A weight's values as a file holds them: a shape and row-major float32 values, with the numpy
 * operations Keras's weight conversions use ({@code transpose}, {@code concatenate} on the last axis,
 * {@code hsplit}, the spatial flip of {@code convert_kernel}, Fortran-order reshapes for CuDNN).
 *
 * @param shape the dimensions
 * @param values the values, row-major
 */
public record FloatArray(long[] shape, float[] values) {
    /** Checks that the shape holds the values. */
    public FloatArray {
        shape = shape.clone();
        if (size(shape) != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size(shape) + " values, got "
                    + values.length);
        }
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape as a {@link Shape}. */
    public Shape strataShape() {
        return Shape.of(shape);
    }

    /** The rank. */
    public int rank() {
        return shape.length;
    }

    /** The same values in another shape of the same size. */
    public FloatArray reshape(long... newShape) {
        return new FloatArray(newShape, values);
    }

    private static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** numpy's {@code np.transpose(a, perm)}. */
    public FloatArray transpose(int... perm) {
        if (perm.length != shape.length) {
            throw new IllegalArgumentException("transpose of rank " + shape.length + " by " + Arrays.toString(perm));
        }
        long[] out = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = shape[perm[i]];
        }
        long[] in = strides(shape);
        float[] v = new float[values.length];
        int[] idx = new int[perm.length];
        for (int o = 0; o < v.length; o++) {
            long src = 0;
            for (int i = 0; i < perm.length; i++) {
                src += idx[i] * in[perm[i]];
            }
            v[o] = values[(int) src];
            for (int i = perm.length - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return new FloatArray(out, v);
    }

    /** {@code a[:, index, ...]}: the slice at {@code index} of axis 1, which is dropped. */
    public FloatArray takeAxis1(int index) {
        long outer = shape[0];
        long mid = shape[1];
        long inner = values.length / (outer * mid);
        long[] out = new long[shape.length - 1];
        out[0] = shape[0];
        System.arraycopy(shape, 2, out, 1, shape.length - 2);
        float[] v = new float[(int) (outer * inner)];
        for (int a = 0; a < outer; a++) {
            System.arraycopy(values, (int) ((a * mid + index) * inner), v, (int) (a * inner), (int) inner);
        }
        return new FloatArray(out, v);
    }

    /** Keras's {@code convert_kernel}: flips every axis but the last two (Theano's convolution to TensorFlow's correlation). */
    public FloatArray flipSpatial() {
        long[] st = strides(shape);
        float[] v = new float[values.length];
        int[] idx = new int[shape.length];
        for (int o = 0; o < v.length; o++) {
            long src = 0;
            for (int i = 0; i < shape.length; i++) {
                long k = i < shape.length - 2 ? shape[i] - 1 - idx[i] : idx[i];
                src += k * st[i];
            }
            v[o] = values[(int) src];
            for (int i = shape.length - 1; i >= 0; i--) {
                if (++idx[i] < shape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return new FloatArray(shape, v);
    }

    /** numpy's {@code np.concatenate(arrays, axis=-1)}. */
    public static FloatArray concatLast(List<FloatArray> arrays) {
        FloatArray first = arrays.get(0);
        long rows = first.values.length / first.shape[first.shape.length - 1];
        long total = 0;
        for (FloatArray a : arrays) {
            if (a.shape.length != first.shape.length || a.values.length / a.shape[a.shape.length - 1] != rows) {
                throw new IllegalArgumentException("cannot concatenate " + Arrays.toString(first.shape) + " and "
                        + Arrays.toString(a.shape));
            }
            total += a.shape[a.shape.length - 1];
        }
        float[] v = new float[(int) (rows * total)];
        long offset = 0;
        for (FloatArray a : arrays) {
            int cols = (int) a.shape[a.shape.length - 1];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(a.values, r * cols, v, (int) (r * total + offset), cols);
            }
            offset += cols;
        }
        long[] out = first.shape.clone();
        out[out.length - 1] = total;
        return new FloatArray(out, v);
    }

    /** numpy's {@code np.hsplit} of a matrix or vector into {@code n} equal parts along its last axis. */
    public List<FloatArray> splitLast(int n) {
        int cols = (int) shape[shape.length - 1];
        int part = cols / n;
        int rows = values.length / cols;
        List<FloatArray> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] v = new float[rows * part];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(values, r * cols + k * part, v, r * part, part);
            }
            long[] s = shape.clone();
            s[s.length - 1] = part;
            out.add(new FloatArray(s, v));
        }
        return out;
    }

    /** {@code kernel.T.reshape(kernel.shape, order='F')}: CuDNN's input-kernel layout, for a matrix. */
    public FloatArray transposeFortran() {
        int a = (int) shape[0];
        int b = (int) shape[1];
        float[] v = new float[values.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                v[i * b + j] = values[i + j * a];
            }
        }
        return new FloatArray(shape, v);
    }

    /** The matrix transposed. */
    public FloatArray t() {
        return transpose(1, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatArray f && Arrays.equals(f.shape, shape) && Arrays.equals(f.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatArray" + Arrays.toString(shape);
    }
}
