// SPDX-License-Identifier: Apache-2.0
package io.strata.constraints;

import io.strata.InvalidConfigException;

/** Keras's built-in weight constraints, with Keras 2's formulas and defaults. */
public final class Constraints {
    static final float EPSILON = 1e-7f;

    private Constraints() {}

    /**
     * Keras's {@code MaxNorm}: scales each slice along {@code axis} so that its L2 norm is at most
     * {@code maxValue}: {@code w * clip(n, 0, max) / (eps + n)}.
     */
    public static Constraint maxNorm(double maxValue, int axis) {
        return new MaxNorm(maxValue, axis);
    }

    /** Keras's default {@code max_norm}: {@code maxValue = 2}, {@code axis = 0}. */
    public static Constraint maxNorm() {
        return maxNorm(2.0, 0);
    }

    /** Keras's {@code NonNeg}: negative weights become 0. */
    public static Constraint nonNeg() {
        return new NonNeg();
    }

    /** Keras's {@code UnitNorm}: each slice along {@code axis} is scaled to unit L2 norm. */
    public static Constraint unitNorm(int axis) {
        return new UnitNorm(axis);
    }

    /** Keras's default {@code unit_norm}, over axis 0. */
    public static Constraint unitNorm() {
        return unitNorm(0);
    }

    /** Keras's {@code MinMaxNorm} over axis 0. */
    public static Constraint minMaxNorm(double minValue, double maxValue, double rate) {
        return new MinMaxNorm(minValue, maxValue, rate, 0);
    }

    /** The constraint for a Keras identifier ({@code max_norm}, {@code non_neg}, {@code unit_norm}, {@code min_max_norm}). */
    public static Constraint named(String id) {
        return switch (id) {
            case "max_norm", "maxnorm", "MaxNorm" -> maxNorm();
            case "non_neg", "nonneg", "NonNeg" -> nonNeg();
            case "unit_norm", "unitnorm", "UnitNorm" -> unitNorm();
            case "min_max_norm", "MinMaxNorm" -> minMaxNorm(0.0, 1.0, 1.0);
            default -> throw new InvalidConfigException("Unknown constraint '" + id
                    + "'. Known: max_norm, non_neg, unit_norm, min_max_norm.");
        };
    }

    /** Keras writes one axis as an int and several as a list. */
    static Object axisValue(int[] axis) {
        return axis.length == 1 ? (Object) axis[0] : axis;
    }
}
