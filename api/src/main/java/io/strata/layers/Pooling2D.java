// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * The shared part of Keras's 2-D pooling layers: {@code poolSize} (2, 2), {@code strides} (the pool
 * size), {@code padding} ({@code valid}), {@code dataFormat} ({@code channels_last}).
 *
 * @param <L> the concrete layer
 */
public abstract class Pooling2D<L extends Pooling2D<L>> extends BaseLayer<L> {
    private final int[] poolSize;
    private int[] strides;
    private String padding = "valid";
    private String dataFormat = "channels_last";

    Pooling2D(int... poolSize) {
        this.poolSize = ConvUtils.pair(getClass().getSimpleName(), "pool_size", poolSize);
        for (int p : this.poolSize) {
            requirePositive("pool_size", p);
        }
        this.strides = this.poolSize.clone();
    }

    /** Keras's {@code strides} (default: the pool size). */
    public L strides(int... strides) {
        L c = copy();
        ((Pooling2D<?>) c).strides = ConvUtils.pair(className(), "strides", strides);
        return c;
    }

    /** Keras's {@code padding}: {@code valid} or {@code same}. */
    public L padding(String padding) {
        L c = copy();
        ((Pooling2D<?>) c).padding = ConvUtils.padding(className(), padding);
        return c;
    }

    /** Keras 1's {@code border_mode}. */
    public L borderMode(String borderMode) {
        return padding(borderMode);
    }

    /** Keras's {@code data_format}. */
    public L dataFormat(String dataFormat) {
        L c = copy();
        ((Pooling2D<?>) c).dataFormat = ConvUtils.dataFormat(className(), dataFormat);
        return c;
    }

    abstract Tensor pool(Ops ops, Tensor x, int[] poolSize, int[] strides, String padding);

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, 4, "(batch, rows, cols, channels)");
        boolean cf = dataFormat.equals("channels_first");
        long rows = ConvUtils.outputLength(layerName, className(), "rows", cf ? in.dim(2) : in.dim(1), poolSize[0], padding,
                strides[0], 1);
        long cols = ConvUtils.outputLength(layerName, className(), "columns", cf ? in.dim(3) : in.dim(2), poolSize[1], padding,
                strides[1], 1);
        return cf ? Shape.of(in.dim(0), in.dim(1), rows, cols) : Shape.of(in.dim(0), rows, cols, in.dim(3));
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        boolean cf = dataFormat.equals("channels_first");
        return (c, x) -> {
            Ops ops = c.ops();
            Tensor y = pool(ops, ConvUtils.toChannelsLast(ops, x, cf), poolSize, strides, padding);
            return ConvUtils.fromChannelsLast(ops, y, cf);
        };
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("pool_size", poolSize).put("padding", padding).put("strides", strides)
                .put("data_format", dataFormat);
    }

    /** Reads a 2-D pooling config of any generation (Keras 1: {@code border_mode}, {@code dim_ordering}). */
    static <L extends Pooling2D<L>> L fromConfig(java.util.function.Function<int[], L> make, Config c,
            CustomObjects custom) {
        ConvUtils.legacyConv(c);
        int[] pool = c.has("pool_size") ? c.ints("pool_size", 2) : new int[] {2, 2};
        L l = make.apply(pool);
        if (c.hasValue("strides")) {
            l = l.strides(c.ints("strides", 2));
        }
        l = l.padding(c.string("padding", "valid")).dataFormat(c.string("data_format", "channels_last"));
        return withBaseConfig(l, c, custom);
    }
}
