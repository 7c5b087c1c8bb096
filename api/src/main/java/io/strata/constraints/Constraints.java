// SPDX-License-Identifier: Apache-2.0
package io.strata.constraints;

import io.strata.InvalidConfigException;
import io.strata.backend.Tensor;

/** Keras's built-in weight constraints, with Keras 2's formulas and defaults. */
public final class Constraints {
    private static final float EPSILON = 1e-7f;

    private Constraints() {}

    /**
     * Keras's {@code MaxNorm}: scales each slice along {@code axis} so that its L2 norm is at most
     * {@code maxValue}: {@code w * clip(n, 0, max) / (eps + n)}.
     */
    public static Constraint maxNorm(double maxValue, int axis) {
        if (maxValue <= 0) {
            throw new InvalidConfigException("max_norm: 'max_value' must be positive, got " + maxValue + ".");
        }
        return (ops, w) -> {
            Tensor norms = ops.sqrt(ops.sum(ops.square(w), true, axis));
            Tensor desired = ops.clip(norms, 0f, (float) maxValue);
            return ops.mul(w, ops.div(desired, ops.add(ops.constant(EPSILON), norms)));
        };
    }

    /** Keras's default {@code max_norm}: {@code maxValue = 2}, {@code axis = 0}. */
    public static Constraint maxNorm() {
        return maxNorm(2.0, 0);
    }

    /** Keras's {@code NonNeg}: negative weights become 0. */
    public static Constraint nonNeg() {
        return (ops, w) -> ops.mul(w, ops.greaterEqual(w, ops.constant(0f)));
    }

    /** Keras's {@code UnitNorm}: each slice along {@code axis} is scaled to unit L2 norm. */
    public static Constraint unitNorm(int axis) {
        return (ops, w) -> ops.div(w, ops.add(ops.constant(EPSILON), ops.sqrt(ops.sum(ops.square(w), true, axis))));
    }

    /** Keras's default {@code unit_norm}, over axis 0. */
    public static Constraint unitNorm() {
        return unitNorm(0);
    }

    /** The constraint for a Keras identifier ({@code max_norm}, {@code non_neg}, {@code unit_norm}). */
    public static Constraint named(String id) {
        return switch (id) {
            case "max_norm", "maxnorm" -> maxNorm();
            case "non_neg", "nonneg" -> nonNeg();
            case "unit_norm", "unitnorm" -> unitNorm();
            default -> throw new InvalidConfigException("Unknown constraint '" + id
                    + "'. Known: max_norm, non_neg, unit_norm.");
        };
    }
}
