// SPDX-License-Identifier: Apache-2.0
package io.strata.constraints;

import io.strata.InvalidConfigException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;

/**
 * Keras's {@code MaxNorm}: scales each slice along {@code axis} so that its L2 norm is at most
 * {@code maxValue}: {@code w * clip(n, 0, maxValue) / (eps + n)}.
 *
 * @param maxValue the largest norm (positive)
 * @param axis the axes the norm is taken over (Keras: 0 for a Dense kernel, {@code [0, 1, 2]} for a Conv2D one)
 */
public record MaxNorm(double maxValue, int... axis) implements Constraint, KerasSerializable {
    /** Validates the bound. */
    public MaxNorm {
        if (!(maxValue > 0)) {
            throw new InvalidConfigException("MaxNorm: 'max_value' must be positive, got " + maxValue + ".");
        }
        axis = axis.clone();
    }

    @Override
    public Tensor apply(Ops ops, Tensor w) {
        Tensor norms = ops.sqrt(ops.sum(ops.square(w), true, axis));
        Tensor desired = ops.clip(norms, 0f, (float) maxValue);
        return ops.mul(w, ops.div(desired, ops.add(ops.constant(Constraints.EPSILON), norms)));
    }

    @Override
    public String kerasClassName() {
        return "MaxNorm";
    }

    @Override
    public Config getConfig() {
        return Config.create().put("max_value", maxValue).put("axis", Constraints.axisValue(axis));
    }

    /** Keras's {@code MaxNorm.from_config}; Keras 1's {@code m} is the bound. */
    public static MaxNorm fromConfig(Config c) {
        c.rename("m", "max_value");
        return new MaxNorm(c.number("max_value", 2.0), c.has("axis") ? c.intList("axis") : new int[] {0});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxNorm m && m.maxValue == maxValue && java.util.Arrays.equals(m.axis, axis);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(maxValue) * 31 + java.util.Arrays.hashCode(axis);
    }

    @Override
    public String toString() {
        return "MaxNorm(maxValue=" + maxValue + ", axis=" + java.util.Arrays.toString(axis) + ")";
    }
}
