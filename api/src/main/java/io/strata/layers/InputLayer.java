// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

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

    /** Keras 2.2's InputLayer config: {@code batch_input_shape}, {@code dtype}, {@code sparse}, {@code name}. */
    @Override
    public Config getConfig() {
        return Config.create().put("batch_input_shape", requireShape()).put("dtype", "float32").put("sparse", false)
                .put("name", name());
    }

    /** Keras's {@code InputLayer.from_config} (Keras 3's {@code batch_shape} too); sparse inputs are refused. */
    public static InputLayer fromConfig(Config c, CustomObjects custom) {
        if (c.bool("sparse", false) || c.bool("ragged", false)) {
            throw new io.strata.InvalidConfigException(c.description() + ": sparse and ragged inputs are not supported; "
                    + "Strata's inputs are dense float arrays.");
        }
        return withBaseConfig(new InputLayer(), c, custom);
    }
}
