// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;
import java.util.Random;

/**
 * Keras's {@code Identity}: {@code gain} times the identity matrix; only for square 2-D weights, as in
 * Keras 2.
 *
 * @param gain the multiplicative factor
 */
public record Identity(double gain) implements Initializer, KerasSerializable {
    /** Keras's default gain of 1. */
    public Identity() {
        this(1.0);
    }

    @Override
    public float[] generate(Shape shape, Random random) {
        if (shape.rank() != 2 || shape.dim(0) != shape.dim(1)) {
            throw new InvalidConfigException("Identity initializer can only be used for 2-D square matrices, got shape "
                    + shape + ". Use it for a Dense kernel whose units equal its input size.");
        }
        int n = Math.toIntExact(shape.dim(0));
        float[] out = new float[n * n];
        for (int i = 0; i < n; i++) {
            out[i * n + i] = (float) gain;
        }
        return out;
    }

    @Override
    public String id() {
        return "identity";
    }

    @Override
    public String kerasClassName() {
        return "Identity";
    }

    @Override
    public Config getConfig() {
        return Config.create().put("gain", gain);
    }

    /** Keras's {@code Identity.from_config}. */
    public static Identity fromConfig(Config c) {
        return new Identity(c.number("gain", 1.0));
    }
}
