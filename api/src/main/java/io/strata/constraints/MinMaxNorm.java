// SPDX-License-Identifier: Apache-2.0
package io.strata.constraints;

import io.strata.InvalidConfigException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;

/**
 * Keras's {@code MinMaxNorm}: moves each slice's L2 norm {@code n} towards {@code [minValue, maxValue]}:
 * {@code w * (rate * clip(n, min, max) + (1 - rate) * n) / (eps + n)}.
 *
 * @param minValue the smallest norm
 * @param maxValue the largest norm
 * @param rate how far to move each step ({@code 1}: all the way)
 * @param axis the axes the norm is taken over
 */
public record MinMaxNorm(double minValue, double maxValue, double rate, int... axis) implements Constraint, KerasSerializable {
    /** Validates the bounds. */
    public MinMaxNorm {
        if (!(minValue >= 0 && maxValue >= minValue)) {
            throw new InvalidConfigException("MinMaxNorm: need 0 <= min_value <= max_value, got min_value=" + minValue
                    + ", max_value=" + maxValue + ".");
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new InvalidConfigException("MinMaxNorm: 'rate' must be in [0, 1], got " + rate + ".");
        }
        axis = axis.clone();
    }

    @Override
    public Tensor apply(Ops ops, Tensor w) {
        Tensor norms = ops.sqrt(ops.sum(ops.square(w), true, axis));
        Tensor clipped = ops.clip(norms, (float) minValue, (float) maxValue);
        Tensor desired = ops.add(ops.mul(ops.constant((float) rate), clipped),
                ops.mul(ops.constant((float) (1 - rate)), norms));
        return ops.mul(w, ops.div(desired, ops.add(ops.constant(Constraints.EPSILON), norms)));
    }

    @Override
    public String kerasClassName() {
        return "MinMaxNorm";
    }

    @Override
    public Config getConfig() {
        return Config.create().put("min_value", minValue).put("max_value", maxValue).put("rate", rate)
                .put("axis", Constraints.axisValue(axis));
    }

    /** Keras's {@code MinMaxNorm.from_config}. */
    public static MinMaxNorm fromConfig(Config c) {
        return new MinMaxNorm(c.number("min_value", 0.0), c.number("max_value", 1.0), c.number("rate", 1.0),
                c.has("axis") ? c.intList("axis") : new int[] {0});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinMaxNorm m && m.minValue == minValue && m.maxValue == maxValue && m.rate == rate
                && java.util.Arrays.equals(m.axis, axis);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(minValue, maxValue, rate) * 31 + java.util.Arrays.hashCode(axis);
    }

    @Override
    public String toString() {
        return "MinMaxNorm(" + minValue + ", " + maxValue + ", rate=" + rate + ", axis=" + java.util.Arrays.toString(axis) + ")";
    }
}
