// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;

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
}
