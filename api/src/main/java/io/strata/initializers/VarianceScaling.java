// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;
import java.util.Random;

/**
 * Keras's {@code VarianceScaling}: samples scaled to the weight's fan. With {@code normal}, a
 * truncated normal (cut at two standard deviations) with {@code stddev = sqrt(scale / n) / 0.8796…}
 * (Keras 2.2's correction for the truncation); with {@code uniform}, {@code U(-limit, limit)} with
 * {@code limit = sqrt(3 scale / n)}; with {@code untruncated_normal} (tf.keras and Keras 3), a plain
 * normal with {@code stddev = sqrt(scale / n)}. {@code n} is the fan-in, the fan-out or their mean.
 * tf.keras's and Keras 3's {@code truncated_normal} is Keras 2.2's {@code normal}.
 *
 * @param scale the scaling factor (positive)
 * @param mode {@code fan_in}, {@code fan_out} or {@code fan_avg}
 * @param distribution {@code normal} (truncated), {@code untruncated_normal} or {@code uniform}
 * @param id the Keras identifier this instance stands for ({@code glorot_uniform}, …)
 */
public record VarianceScaling(double scale, String mode, String distribution, String id)
        implements Initializer, KerasSerializable {
    private static final double TRUNCATION_CORRECTION = 0.87962566103423978;

    /** Validates the arguments. */
    public VarianceScaling {
        if (distribution.equals("truncated_normal")) {
            distribution = "normal";
        }
        if (scale <= 0) {
            throw new InvalidConfigException("VarianceScaling: 'scale' must be positive, got " + scale + ".");
        }
        if (!mode.equals("fan_in") && !mode.equals("fan_out") && !mode.equals("fan_avg")) {
            throw new InvalidConfigException("VarianceScaling: 'mode' must be fan_in, fan_out or fan_avg, got '"
                    + mode + "'.");
        }
        if (!distribution.equals("normal") && !distribution.equals("uniform")
                && !distribution.equals("untruncated_normal")) {
            throw new InvalidConfigException("VarianceScaling: 'distribution' must be normal (truncated_normal), "
                    + "untruncated_normal or uniform, got '" + distribution + "'.");
        }
    }

    @Override
    public float[] generate(Shape shape, Random random) {
        double[] fans = Initializer.fans(shape);
        double n = switch (mode) {
            case "fan_in" -> fans[0];
            case "fan_out" -> fans[1];
            default -> (fans[0] + fans[1]) / 2;
        };
        double s = scale / Math.max(1.0, n);
        float[] out = new float[Math.toIntExact(shape.size())];
        if (distribution.equals("untruncated_normal")) {
            double stddev = Math.sqrt(s);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (random.nextGaussian() * stddev);
            }
        } else if (distribution.equals("normal")) {
            double stddev = Math.sqrt(s) / TRUNCATION_CORRECTION;
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (TruncatedNormal.sample(random) * stddev);
            }
        } else {
            double limit = Math.sqrt(3.0 * s);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return out;
    }

    @Override
    public String kerasClassName() {
        return "VarianceScaling";
    }

    /** Keras 2.2's config: {@code glorot_uniform} is {@code VarianceScaling(1.0, fan_avg, uniform)}. */
    @Override
    public Config getConfig() {
        return Config.create().put("scale", scale).put("mode", mode).put("distribution", distribution).put("seed", null);
    }

    /** Keras's {@code VarianceScaling.from_config}, any generation's distribution names included. */
    public static VarianceScaling fromConfig(Config c) {
        return of(c.number("scale", 1.0), c.string("mode", "fan_in"), c.string("distribution", "normal"));
    }

    /** The initializer for these arguments, named by the Keras identifier they stand for when there is one. */
    public static VarianceScaling of(double scale, String mode, String distribution) {
        String d = distribution.equals("truncated_normal") ? "normal" : distribution;
        String id = "variance_scaling";
        if (scale == 1.0 && mode.equals("fan_avg")) {
            id = d.equals("uniform") ? "glorot_uniform" : d.equals("normal") ? "glorot_normal" : id;
        } else if (scale == 2.0 && mode.equals("fan_in")) {
            id = d.equals("uniform") ? "he_uniform" : d.equals("normal") ? "he_normal" : id;
        } else if (scale == 1.0 && mode.equals("fan_in")) {
            id = d.equals("uniform") ? "lecun_uniform" : d.equals("normal") ? "lecun_normal" : id;
        }
        return new VarianceScaling(scale, mode, d, id);
    }
}
