// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;
import java.util.Random;

/**
 * Keras's {@code TruncatedNormal}: a normal distribution whose draws beyond two standard deviations
 * are redrawn; by default mean 0 and stddev 0.05.
 *
 * @param mean the mean
 * @param stddev the standard deviation before truncation
 */
public record TruncatedNormal(double mean, double stddev) implements Initializer, KerasSerializable {
    /** Validates the standard deviation. */
    public TruncatedNormal {
        if (stddev < 0) {
            throw new InvalidConfigException("TruncatedNormal: 'stddev' must be >= 0, got " + stddev + ".");
        }
    }

    /** Keras's defaults, mean 0 and stddev 0.05. */
    public TruncatedNormal() {
        this(0.0, 0.05);
    }

    @Override
    public float[] generate(Shape shape, Random random) {
        float[] out = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean + sample(random) * stddev);
        }
        return out;
    }

    /** One standard normal draw within {@code [-2, 2]}. */
    static double sample(Random random) {
        double v;
        do {
            v = random.nextGaussian();
        } while (v < -2 || v > 2);
        return v;
    }

    @Override
    public String id() {
        return "truncated_normal";
    }

    @Override
    public String kerasClassName() {
        return "TruncatedNormal";
    }

    @Override
    public Config getConfig() {
        return Config.create().put("mean", mean).put("stddev", stddev).put("seed", null);
    }

    /** Keras's {@code TruncatedNormal.from_config}. */
    public static TruncatedNormal fromConfig(Config c) {
        return new TruncatedNormal(c.number("mean", 0.0), c.number("stddev", 0.05));
    }
}
