// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.ShapeMismatchException;

/**
 * Keras's {@code Flatten}: flattens each sample to one dimension; the batch dimension is kept.
 *
 * <p>Input shape: {@code (batch, d1, d2, ...)} with every {@code d} known. Output shape:
 * {@code (batch, d1 * d2 * ...)}.
 */
public final class Flatten extends BaseLayer<Flatten> {
    @Override
    public String className() {
        return "Flatten";
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
        return (c, x) -> c.ops().reshape(x, out.with(0, Shape.UNKNOWN));
    }
}
