// SPDX-License-Identifier: Apache-2.0
package io.strata;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * An immutable tensor shape whose dimensions may be unknown.
 *
 * <p>Layer shapes in Strata follow Keras: a <em>batch shape</em> has the batch dimension first,
 * usually {@link #UNKNOWN}, which prints as {@code None} (so {@code (None, 784)} as in Keras's
 * {@code summary()}). {@link #of(long...)} builds a shape without the batch dimension and
 * {@link #batchShape()} prepends an unknown one.
 */
public final class Shape {
    /** The size of a dimension that is not known until run time (Keras's {@code None}). */
    public static final long UNKNOWN = -1;

    private final long[] dims;

    private Shape(long[] dims) {
        for (long d : dims) {
            if (d < 0 && d != UNKNOWN) {
                throw new InvalidConfigException("Shape dimensions must be >= 0 or Shape.UNKNOWN, got "
                        + Arrays.toString(dims) + ".");
            }
        }
        this.dims = dims;
    }

    /** Returns a shape with exactly these dimensions; pass {@link #UNKNOWN} for unknown ones. */
    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    /** Returns a shape from {@code int} dimensions; a negative value means unknown. */
    public static Shape ofInts(int... dims) {
        long[] d = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i] < 0 ? UNKNOWN : dims[i];
        }
        return new Shape(d);
    }

    /** Returns a shape from nullable dimensions as in Keras's {@code (None, 784)}: null means unknown. */
    public static Shape ofNullable(Integer... dims) {
        long[] d = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i] == null ? UNKNOWN : dims[i];
        }
        return new Shape(d);
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code i}; negative indices count from the end, as in Python. */
    public long dim(int i) {
        return dims[i < 0 ? dims.length + i : i];
    }

    /** A copy of the dimensions. */
    public long[] dims() {
        return dims.clone();
    }

    /** The dimensions as {@code int}s, unknown ones as -1. */
    public int[] intDims() {
        int[] d = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = Math.toIntExact(dims[i]);
        }
        return d;
    }

    /** This shape with an unknown batch dimension in front. */
    public Shape batchShape() {
        return prepend(UNKNOWN);
    }

    /** This shape with {@code dim} in front. */
    public Shape prepend(long dim) {
        long[] d = new long[dims.length + 1];
        d[0] = dim;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** This shape with {@code dim} appended. */
    public Shape append(long dim) {
        long[] d = Arrays.copyOf(dims, dims.length + 1);
        d[dims.length] = dim;
        return new Shape(d);
    }

    /** This shape without its first dimension (the batch dimension of a batch shape). */
    public Shape dropFirst() {
        if (dims.length == 0) {
            throw new InvalidConfigException("Cannot drop the first dimension of a scalar shape ().");
        }
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** This shape with its last dimension replaced by {@code dim}. */
    public Shape withLast(long dim) {
        long[] d = dims.clone();
        d[d.length - 1] = dim;
        return new Shape(d);
    }

    /** This shape with dimension {@code i} replaced by {@code dim}. */
    public Shape with(int i, long dim) {
        long[] d = dims.clone();
        d[i] = dim;
        return new Shape(d);
    }

    /** Whether every dimension is known. */
    public boolean isFullyKnown() {
        for (long d : dims) {
            if (d == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /** The product of all dimensions; {@link #UNKNOWN} if any dimension is unknown. */
    public long size() {
        long n = 1;
        for (long d : dims) {
            if (d == UNKNOWN) {
                return UNKNOWN;
            }
            n *= d;
        }
        return n;
    }

    /** The product of the dimensions after the first (the per-sample size of a batch shape). */
    public long sampleSize() {
        return dropFirst().size();
    }

    /**
     * Whether {@code other} could be the same shape: equal rank and every pair of dimensions equal or
     * at least one unknown.
     */
    public boolean isCompatibleWith(Shape other) {
        if (other.dims.length != dims.length) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && other.dims[i] != UNKNOWN && dims[i] != other.dims[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Keras's tuple notation: {@code (None, 784)}, {@code (3,)} for rank 1, {@code ()} for scalars. */
    @Override
    public String toString() {
        if (dims.length == 1) {
            return "(" + dimString(dims[0]) + ",)";
        }
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (long d : dims) {
            j.add(dimString(d));
        }
        return j.toString();
    }

    private static String dimString(long d) {
        return d == UNKNOWN ? "None" : Long.toString(d);
    }
}
