// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;
import java.util.Random;

/**
 * Keras's {@code RandomNormal}: {@code N(mean, stddev²)}, by default {@code N(0, 0.05²)}.
 *
 * @param mean the mean
 * @param stddev the standard deviation
 */
public record RandomNormal(double mean, double stddev) implements Initializer, KerasSerializable {
    /** Validates the standard deviation. */
    public RandomNormal {
        if (stddev < 0) {
            throw new InvalidConfigException("RandomNormal: 'stddev' must be >= 0, got " + stddev + ".");
        }
    }

    /** Keras's defaults, mean 0 and stddev 0.05. */
    public RandomNormal() {
        this(0.0, 0.05);
    }

    @Override
    public float[] generate(Shape shape, Random random) {
        float[] out = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean + random.nextGaussian() * stddev);
        }
        return out;
    }

    @Override
    public String id() {
        return "random_normal";
    }

    @Override
    public String kerasClassName() {
        return "RandomNormal";
    }

    @Override
    public Config getConfig() {
        return Config.create().put("mean", mean).put("stddev", stddev).put("seed", null);
    }

    /** Keras's {@code RandomNormal.from_config}. */
    public static RandomNormal fromConfig(Config c) {
        return new RandomNormal(c.number("mean", 0.0), c.number("stddev", 0.05));
    }
}
