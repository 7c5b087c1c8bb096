// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.activations.ActivationFunction;
import io.strata.activations.Activations;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.KerasObjects;

/**
 * Keras's {@code Activation}: applies an activation function to its input.
 *
 * <p>Input shape: any. Output shape: the same.
 *
 * <pre>{@code
 * Layers.activation("relu")
 * }</pre>
 */
public final class Activation extends BaseLayer<Activation> {
    private final ActivationFunction activation;

    /** The layer for a built-in or custom activation. */
    public Activation(ActivationFunction activation) {
        this.activation = activation;
    }

    /** The layer for a Keras activation identifier. */
    public Activation(String activation) {
        this(Activations.named(activation));
    }

    /** The activation function. */
    public ActivationFunction activation() {
        return activation;
    }

    @Override
    public String className() {
        return "Activation";
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape inputShape) {
        return inputShape;
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape inputShape) {
        return (c, x) -> activation.apply(c.ops(), x);
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("activation", KerasObjects.serializeActivation(activation));
    }

    /** Keras's {@code Activation.from_config}. */
    public static Activation fromConfig(Config c, CustomObjects custom) {
        return withBaseConfig(new Activation(KerasObjects.activation(c.get("activation"), custom,
                c.description() + " > activation")), c, custom);
    }
}
