// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;
import java.util.Random;

/**
 * Keras's {@code RandomUniform}: {@code U(minval, maxval)}, by default {@code U(-0.05, 0.05)} (also
 * Keras 1's {@code init='uniform'}).
 *
 * @param minval the lower bound
 * @param maxval the upper bound
 */
public record RandomUniform(double minval, double maxval) implements Initializer, KerasSerializable {
    /** Validates the bounds. */
    public RandomUniform {
        if (!(maxval >= minval)) {
            throw new InvalidConfigException("RandomUniform: 'maxval' (" + maxval + ") must be >= 'minval' ("
                    + minval + ").");
        }
    }

    /** Keras's defaults, {@code U(-0.05, 0.05)}. */
    public RandomUniform() {
        this(-0.05, 0.05);
    }

    @Override
    public float[] generate(Shape shape, Random random) {
        float[] out = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (minval + random.nextDouble() * (maxval - minval));
        }
        return out;
    }

    @Override
    public String id() {
        return "random_uniform";
    }

    @Override
    public String kerasClassName() {
        return "RandomUniform";
    }

    @Override
    public Config getConfig() {
        return Config.create().put("minval", minval).put("maxval", maxval).put("seed", null);
    }

    /** Keras's {@code RandomUniform.from_config}. */
    public static RandomUniform fromConfig(Config c) {
        return new RandomUniform(c.number("minval", -0.05), c.number("maxval", 0.05));
    }
}
