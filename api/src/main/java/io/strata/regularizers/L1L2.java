// SPDX-License-Identifier: Apache-2.0
package io.strata.regularizers;

import io.strata.InvalidConfigException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;

/**
 * Keras's {@code L1L2}: {@code l1 * sum(|x|) + l2 * sum(x²)}.
 *
 * @param l1 the L1 factor (>= 0)
 * @param l2 the L2 factor (>= 0)
 */
public record L1L2(double l1, double l2) implements Regularizer, KerasSerializable {
    /** Validates the factors. */
    public L1L2 {
        if (l1 < 0 || l2 < 0) {
            throw new InvalidConfigException("L1L2 regularizer factors must be >= 0, got l1=" + l1 + ", l2=" + l2 + ".");
        }
    }

    @Override
    public Tensor apply(Ops ops, Tensor x) {
        Tensor penalty = ops.constant(0f);
        if (l1 > 0) {
            penalty = ops.add(penalty, ops.mul(ops.constant((float) l1), ops.sum(ops.abs(x), false)));
        }
        if (l2 > 0) {
            penalty = ops.add(penalty, ops.mul(ops.constant((float) l2), ops.sum(ops.square(x), false)));
        }
        return penalty;
    }

    @Override
    public String kerasClassName() {
        return "L1L2";
    }

    @Override
    public Config getConfig() {
        return Config.create().put("l1", l1).put("l2", l2);
    }

    /**
     * Keras's {@code L1L2.from_config}, and tf.keras's and Keras 3's {@code L1} and {@code L2}
     * (whose configs hold only their own factor).
     */
    public static L1L2 fromConfig(Config c) {
        return new L1L2(c.number("l1", 0.0), c.number("l2", 0.0));
    }
}
