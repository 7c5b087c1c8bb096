// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.Shape;
import java.util.Random;

/**
 * How a weight's initial value is drawn. Values are generated on the host from the model's seeded
 * random source, so a seeded model starts from the same weights on every backend.
 */
@FunctionalInterface
public interface Initializer {
    /** Row-major initial values for a weight of {@code shape}. */
    float[] generate(Shape shape, Random random);

    /** Keras's identifier ({@code glorot_uniform}); {@code custom} for lambdas. */
    default String id() {
        return "custom";
    }

    /** Keras 2's fan-in and fan-out of a weight shape (kernels: {@code (..., in, out)}). */
    static double[] fans(Shape shape) {
        long[] d = shape.dims();
        if (d.length == 2) {
            return new double[] {d[0], d[1]};
        }
        if (d.length >= 3 && d.length <= 5) {
            double receptive = 1;
            for (int i = 0; i < d.length - 2; i++) {
                receptive *= d[i];
            }
            return new double[] {d[d.length - 2] * receptive, d[d.length - 1] * receptive};
        }
        double s = Math.sqrt(Math.max(1, shape.size()));
        return new double[] {s, s};
    }
}
