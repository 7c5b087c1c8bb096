// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import java.util.Random;

/**
 * Keras's {@code VarianceScaling}: samples scaled to the weight's fan. With {@code normal}, a
 * truncated normal (cut at two standard deviations) with {@code stddev = sqrt(scale / n) / 0.8796…}
 * (Keras 2.2's correction for the truncation); with {@code uniform}, {@code U(-limit, limit)} with
 * {@code limit = sqrt(3 scale / n)}. {@code n} is the fan-in, the fan-out or their mean.
 *
 * @param scale the scaling factor (positive)
 * @param mode {@code fan_in}, {@code fan_out} or {@code fan_avg}
 * @param distribution {@code normal} or {@code uniform}
 * @param id the Keras identifier this instance stands for ({@code glorot_uniform}, …)
 */
public record VarianceScaling(double scale, String mode, String distribution, String id) implements Initializer {
    private static final double TRUNCATION_CORRECTION = 0.87962566103423978;

    /** Validates the arguments. */
    public VarianceScaling {
        if (scale <= 0) {
            throw new InvalidConfigException("VarianceScaling: 'scale' must be positive, got " + scale + ".");
        }
        if (!mode.equals("fan_in") && !mode.equals("fan_out") && !mode.equals("fan_avg")) {
            throw new InvalidConfigException("VarianceScaling: 'mode' must be fan_in, fan_out or fan_avg, got '"
                    + mode + "'.");
        }
        if (!distribution.equals("normal") && !distribution.equals("uniform")) {
            throw new InvalidConfigException("VarianceScaling: 'distribution' must be normal or uniform, got '"
                    + distribution + "'.");
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
        if (distribution.equals("normal")) {
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
}
