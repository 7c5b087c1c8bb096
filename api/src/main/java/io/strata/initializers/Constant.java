// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.Shape;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;
import java.util.Arrays;
import java.util.Random;

/**
 * Keras's {@code Constant}: every value is {@code value} ({@code zeros} and {@code ones} are the
 * constants 0 and 1).
 *
 * @param value the fill value
 */
public record Constant(double value) implements Initializer, KerasSerializable {
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

    /** Keras's class: {@code Zeros} and {@code Ones} for 0 and 1, else {@code Constant}. */
    @Override
    public String kerasClassName() {
        return value == 0 ? "Zeros" : value == 1 ? "Ones" : "Constant";
    }

    @Override
    public Config getConfig() {
        return value == 0 || value == 1 ? Config.create() : Config.create().put("value", value);
    }

    /** Keras's {@code Constant.from_config} (the value defaults to 0, as in Keras). */
    public static Constant fromConfig(Config c) {
        return new Constant(c.number("value", 0.0));
    }
}
