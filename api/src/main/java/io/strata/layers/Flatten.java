// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * Keras's {@code Flatten}: flattens each sample to one dimension; the batch dimension is kept. With
 * {@code dataFormat("channels_first")} the channel axis is moved last before flattening, as Keras 2
 * does, so that the flattened order is the same as for the {@code channels_last} twin of the model.
 *
 * <p>Input shape: {@code (batch, d1, d2, ...)} with every {@code d} known. Output shape:
 * {@code (batch, d1 * d2 * ...)}.
 */
public final class Flatten extends BaseLayer<Flatten> {
    private String dataFormat = "channels_last";

    @Override
    public String className() {
        return "Flatten";
    }

    /** {@code channels_last} (default) or {@code channels_first}. */
    public String dataFormat() {
        return dataFormat;
    }

    /** Keras's {@code data_format}. */
    public Flatten dataFormat(String dataFormat) {
        if (!dataFormat.equals("channels_last") && !dataFormat.equals("channels_first")) {
            throw new InvalidConfigException("Flatten: 'data_format' must be channels_last or channels_first, got '"
                    + dataFormat + "'.");
        }
        Flatten c = copy();
        c.dataFormat = dataFormat;
        return c;
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape inputShape) {
        Shape sample = inputShape.dropFirst();
        if (!sample.isFullyKnown()) {
            throw new ShapeMismatchException("The shape of the input to \"Flatten\" (layer " + layerName
                    + ") is not fully defined (got " + sample + "). Make sure to pass a complete inputShape or "
                    + "batchInputShape argument to the first layer in your model.");
        }
        return Shape.of(inputShape.dim(0), sample.rank() == 0 ? 1 : sample.size());
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape inputShape) {
        Shape out = computeOutputShape(ctx.layerName(), inputShape);
        int rank = inputShape.rank();
        if (dataFormat.equals("channels_first") && rank > 2) {
            int[] perm = new int[rank];
            for (int i = 1; i < rank - 1; i++) {
                perm[i] = i + 1;
            }
            perm[rank - 1] = 1;
            return (c, x) -> c.ops().reshape(c.ops().transpose(x, perm), out.with(0, Shape.UNKNOWN));
        }
        return (c, x) -> c.ops().reshape(x, out.with(0, Shape.UNKNOWN));
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("data_format", dataFormat);
    }

    /** Keras's {@code Flatten.from_config} (Keras 1's Flatten has no data_format: its order is the native one). */
    public static Flatten fromConfig(Config c, CustomObjects custom) {
        Flatten f = new Flatten();
        if (c.hasValue("data_format")) {
            f = f.dataFormat(c.string("data_format"));
        }
        return withBaseConfig(f, c, custom);
    }
}
