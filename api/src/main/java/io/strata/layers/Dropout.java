// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code Dropout}: during training, sets a fraction {@code rate} of the inputs to 0 and scales
 * the rest by {@code 1 / (1 - rate)}; at inference it is the identity. {@link #noiseShape(Shape)}
 * shares one mask over chosen axes.
 *
 * <p>Input shape: any. Output shape: the same.
 */
public final class Dropout extends BaseLayer<Dropout> {
    private final double rate;
    private @Nullable Shape noiseShape;
    private @Nullable Long seed;

    /** A dropout layer dropping the fraction {@code rate} (in {@code [0, 1)}). */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new InvalidConfigException("Dropout: 'rate' must be in [0, 1), got " + rate
                    + ". It is the fraction of inputs to drop, e.g. 0.5.");
        }
        this.rate = rate;
    }

    @Override
    public String className() {
        return "Dropout";
    }

    /** The fraction dropped. */
    public double rate() {
        return rate;
    }

    /** The keep mask's shape, or null for the input's. */
    public @Nullable Shape noiseShape() {
        return noiseShape;
    }

    /** The fixed operation seed, or null. */
    public @Nullable Long seed() {
        return seed;
    }

    /**
     * Keras's {@code noise_shape}: the batch shape of the keep mask, broadcast over the input;
     * {@link Shape#UNKNOWN} dimensions take the input's size (Keras's {@code None}).
     */
    public Dropout noiseShape(Shape noiseShape) {
        Dropout c = copy();
        c.noiseShape = noiseShape;
        return c;
    }

    /** Keras's {@code seed}: a fixed operation seed (otherwise derived from the model's seed). */
    public Dropout seed(long seed) {
        Dropout c = copy();
        c.seed = seed;
        return c;
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape inputShape) {
        if (noiseShape != null && noiseShape.rank() != inputShape.rank()) {
            throw new ShapeMismatchException("Dropout layer " + layerName + ": noiseShape " + noiseShape
                    + " must have the rank of the input " + inputShape + ".");
        }
        for (int i = 0; noiseShape != null && i < inputShape.rank(); i++) {
            long n = noiseShape.dim(i);
            long d = inputShape.dim(i);
            if (n != Shape.UNKNOWN && n != 1 && d != Shape.UNKNOWN && n != d) {
                throw new ShapeMismatchException("Dropout layer " + layerName + ": noiseShape " + noiseShape + " does not "
                        + "broadcast over the input " + inputShape + " (axis " + i + ": " + n + " against " + d + "). Each "
                        + "size must be 1 (one mask value shared along the axis), None (the input's size) or the input's.");
            }
        }
        return inputShape;
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape inputShape) {
        return (c, x) -> {
            if (!c.training() || rate == 0) {
                return x;
            }
            long s = seed != null ? seed : c.nextSeed();
            return c.ops().dropout(x, (float) rate, noiseShape, s);
        };
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("rate", rate).put("noise_shape", noiseShape).put("seed", seed);
    }

    /** Keras's {@code Dropout.from_config}; Keras 1's {@code p} is the rate. */
    public static Dropout fromConfig(Config c, CustomObjects custom) {
        c.rename("p", "rate");
        Dropout d = new Dropout(c.number("rate"));
        if (c.hasValue("noise_shape")) {
            d = d.noiseShape(c.shape("noise_shape"));
        }
        if (c.hasValue("seed")) {
            d = d.seed(c.integer("seed"));
        }
        return withBaseConfig(d, c, custom);
    }
}
