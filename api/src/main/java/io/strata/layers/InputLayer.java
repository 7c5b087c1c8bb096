// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;

/**
 * Keras's {@code InputLayer}: declares the model's input shape and passes its input through. As in
 * Keras 2, a Sequential model does not list it among its layers or in {@code summary()}.
 *
 * <pre>{@code
 * new Sequential(List.of(Layers.inputLayer().inputShape(784), Layers.dense(10)))
 * }</pre>
 */
public final class InputLayer extends BaseLayer<InputLayer> {
    @Override
    public String className() {
        return "InputLayer";
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape inputShape) {
        return inputShape;
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape inputShape) {
        return (c, x) -> x;
    }

    /** The declared batch input shape; an InputLayer without one is an error. */
    public Shape requireShape() {
        Shape s = declaredBatchInputShape();
        if (s == null) {
            throw new InvalidConfigException("InputLayer needs an inputShape or batchInputShape, e.g. "
                    + "Layers.inputLayer().inputShape(784).");
        }
        return s;
    }
}
