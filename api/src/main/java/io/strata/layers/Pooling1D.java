// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * The shared part of Keras's 1-D pooling layers: {@code poolSize} (2; Keras 1 {@code pool_length}),
 * {@code strides} (the pool size; Keras 1 {@code stride}), {@code padding} ({@code valid}).
 *
 * @param <L> the concrete layer
 */
public abstract class Pooling1D<L extends Pooling1D<L>> extends BaseLayer<L> {
    private final int poolSize;
    private int strides;
    private String padding = "valid";

    Pooling1D(int poolSize) {
        requirePositive("pool_size", poolSize);
        this.poolSize = poolSize;
        this.strides = poolSize;
    }

    /** Keras's {@code strides} (Keras 1 {@code stride}). */
    public L strides(int strides) {
        requirePositive("strides", strides);
        L c = copy();
        ((Pooling1D<?>) c).strides = strides;
        return c;
    }

    /** Keras's {@code padding}: {@code valid} or {@code same}. */
    public L padding(String padding) {
        L c = copy();
        ((Pooling1D<?>) c).padding = ConvUtils.padding(className(), padding);
        return c;
    }

    /** Keras 1's {@code border_mode}. */
    public L borderMode(String borderMode) {
        return padding(borderMode);
    }

    abstract Tensor pool(Ops ops, Tensor x, int[] poolSize, int[] strides, String padding);

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, 3, "(batch, steps, features)");
        return Shape.of(in.dim(0), ConvUtils.outputLength(layerName, className(), "steps", in.dim(1), poolSize, padding, strides, 1), in.dim(2));
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        return (c, x) -> {
            Ops ops = c.ops();
            // TF: 1-D pooling as 2-D pooling of a height-1 image.
            Tensor y = pool(ops, ops.expandDims(x, 1), new int[] {1, poolSize}, new int[] {1, strides}, padding);
            return ops.squeeze(y, 1);
        };
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("strides", new int[] {strides}).put("pool_size", new int[] {poolSize})
                .put("padding", padding).put("data_format", "channels_last");
    }

    /** Reads a 1-D pooling config of any generation (Keras 1: {@code pool_length}, {@code stride}, {@code border_mode}). */
    static <L extends Pooling1D<L>> L fromConfig(java.util.function.IntFunction<L> make, Config c, CustomObjects custom) {
        c.rename("pool_length", "pool_size", "stride", "strides", "border_mode", "padding");
        if ("channels_first".equals(c.string("data_format", null))) {
            throw new io.strata.InvalidConfigException(c.description() + ": 1-D pooling with data_format channels_first "
                    + "is not supported; Strata's takes (batch, steps, features).");
        }
        int pool = c.has("pool_size") ? c.ints("pool_size", 1)[0] : 2;
        L l = make.apply(pool);
        if (c.hasValue("strides")) {
            l = l.strides(c.ints("strides", 1)[0]);
        }
        l = l.padding(c.string("padding", "valid"));
        return withBaseConfig(l, c, custom);
    }
}
