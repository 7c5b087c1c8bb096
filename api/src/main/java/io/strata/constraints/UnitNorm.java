// SPDX-License-Identifier: Apache-2.0
package io.strata.constraints;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;

/**
 * Keras's {@code UnitNorm}: each slice along {@code axis} is scaled to unit L2 norm.
 *
 * @param axis the axes the norm is taken over
 */
public record UnitNorm(int... axis) implements Constraint, KerasSerializable {
    /** Copies the axes. */
    public UnitNorm {
        axis = axis.clone();
    }

    @Override
    public Tensor apply(Ops ops, Tensor w) {
        return ops.div(w, ops.add(ops.constant(Constraints.EPSILON), ops.sqrt(ops.sum(ops.square(w), true, axis))));
    }

    @Override
    public String kerasClassName() {
        return "UnitNorm";
    }

    @Override
    public Config getConfig() {
        return Config.create().put("axis", Constraints.axisValue(axis));
    }

    /** Keras's {@code UnitNorm.from_config}. */
    public static UnitNorm fromConfig(Config c) {
        return new UnitNorm(c.has("axis") ? c.intList("axis") : new int[] {0});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitNorm u && java.util.Arrays.equals(u.axis, axis);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(axis);
    }

    @Override
    public String toString() {
        return "UnitNorm(axis=" + java.util.Arrays.toString(axis) + ")";
    }
}
