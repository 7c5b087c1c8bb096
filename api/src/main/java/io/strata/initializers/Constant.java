// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.Shape;
import java.util.Arrays;
import java.util.Random;

/**
 * Keras's {@code Constant}: every value is {@code value} ({@code zeros} and {@code ones} are the
 * constants 0 and 1).
 *
 * @param value the fill value
 */
public record Constant(double value) implements Initializer {
    @Override
    public float[] generate(Shape shape, Random random) {
        float[] out = new float[Math.toIntExact(shape.size())];
        Arrays.fill(out, (float) value);
        return out;
    }

    @Override
    public String id() {
        return value == 0 ? "zeros" : value == 1 ? "ones" : "constant";
    }
}
