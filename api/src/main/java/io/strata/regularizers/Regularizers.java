// SPDX-License-Identifier: Apache-2.0
package io.strata.regularizers;

/** Factories for Keras's regularizers, with Keras 2's default factor of 0.01. */
public final class Regularizers {
    private Regularizers() {}

    /** {@code l * sum(|x|)}. */
    public static Regularizer l1(double l) {
        return new L1L2(l, 0);
    }

    /** {@code 0.01 * sum(|x|)}. */
    public static Regularizer l1() {
        return l1(0.01);
    }

    /** {@code l * sum(x²)}. */
    public static Regularizer l2(double l) {
        return new L1L2(0, l);
    }

    /** {@code 0.01 * sum(x²)}. */
    public static Regularizer l2() {
        return l2(0.01);
    }

    /** {@code l1 * sum(|x|) + l2 * sum(x²)}. */
    public static Regularizer l1l2(double l1, double l2) {
        return new L1L2(l1, l2);
    }

    /** {@code 0.01 * sum(|x|) + 0.01 * sum(x²)}. */
    public static Regularizer l1l2() {
        return l1l2(0.01, 0.01);
    }
}
