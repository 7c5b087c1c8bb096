// SPDX-License-Identifier: Apache-2.0
package io.strata.constraints;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;

/** Keras's {@code NonNeg}: negative weights become 0. */
public record NonNeg() implements Constraint, KerasSerializable {
    @Override
    public Tensor apply(Ops ops, Tensor w) {
        return ops.mul(w, ops.greaterEqual(w, ops.constant(0f)));
    }

    @Override
    public String kerasClassName() {
        return "NonNeg";
    }

    @Override
    public Config getConfig() {
        return Config.create();
    }

    /** Keras's {@code NonNeg.from_config}. */
    public static NonNeg fromConfig(Config c) {
        return new NonNeg();
    }
}
