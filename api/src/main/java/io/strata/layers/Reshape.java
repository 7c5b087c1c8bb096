// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * Keras's {@code Reshape}: reshapes each sample to {@code targetShape}; one dimension may be -1 and is
 * then inferred.
 *
 * <p>Input shape: any, with known sample dimensions. Output shape: {@code (batch,) + targetShape}.
 */
public final class Reshape extends BaseLayer<Reshape> {
    private final long[] targetShape;

    /** A reshape to the per-sample {@code targetShape} (one entry may be -1). */
    public Reshape(long... targetShape) {
        int unknown = 0;
        for (long d : targetShape) {
            if (d == -1) {
                unknown++;
            } else if (d <= 0) {
                throw new InvalidConfigException("Reshape: 'target_shape' dimensions must be positive or -1, got "
                        + java.util.Arrays.toString(targetShape) + ".");
            }
        }
        if (unknown > 1) {
            throw new InvalidConfigException("Reshape: can only specify one unknown dimension (-1) in 'target_shape', got "
                    + java.util.Arrays.toString(targetShape) + ".");
        }
        this.targetShape = targetShape.clone();
    }

    @Override
    public String className() {
        return "Reshape";
    }

    /** The per-sample target shape, possibly with one -1. */
    public long[] targetShape() {
        return targetShape.clone();
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape inputShape) {
        Shape sample = inputShape.dropFirst();
        long[] out = targetShape.clone();
        long known = 1;
        int unknownAt = -1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                unknownAt = i;
            } else {
                known *= out[i];
            }
        }
        if (!sample.isFullyKnown()) {
            if (unknownAt >= 0) {
                out[unknownAt] = Shape.UNKNOWN;
            }
            return Shape.of(out).prepend(inputShape.dim(0));
        }
        long original = sample.size();
        if (unknownAt >= 0) {
            if (known == 0 || original % known != 0) {
                throw sizeError(layerName, sample);
            }
            out[unknownAt] = original / known;
        } else if (known != original) {
            throw sizeError(layerName, sample);
        }
        return Shape.of(out).prepend(inputShape.dim(0));
    }

    private ShapeMismatchException sizeError(String layerName, Shape sample) {
        return new ShapeMismatchException("Reshape layer " + layerName + ": total size of new array must be unchanged; "
                + "cannot reshape input of per-sample shape " + sample + " (" + sample.size() + " values) to "
                + Shape.of(targetShape) + ".");
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape inputShape) {
        Shape out = computeOutputShape(ctx.layerName(), inputShape).with(0, Shape.UNKNOWN);
        return (c, x) -> c.ops().reshape(x, out);
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("target_shape", targetShape);
    }

    /** Keras's {@code Reshape.from_config}. */
    public static Reshape fromConfig(Config c, CustomObjects custom) {
        int[] t = c.intList("target_shape");
        long[] dims = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            dims[i] = t[i];
        }
        return withBaseConfig(new Reshape(dims), c, custom);
    }
}
