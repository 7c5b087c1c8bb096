// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.regularizers.Regularizer;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.KerasObjects;
import org.jspecify.annotations.Nullable;

/**
 * The base of concrete layers: the Keras keyword arguments every layer accepts, as withers that
 * return a changed copy typed as the concrete layer.
 *
 * @param <L> the concrete layer type
 */
public abstract class BaseLayer<L extends BaseLayer<L>> extends Layer {

    /** A changed copy of this layer; subclasses use it in their own withers. */
    @SuppressWarnings("unchecked")
    protected L copy() {
        return (L) copyLayer();
    }

    /** Keras's {@code name}: the layer's name in the model (auto-named when not given). */
    public L name(String name) {
        L c = copy();
        c.setName(name);
        return c;
    }

    /** Keras's {@code input_shape}: the per-sample input shape; the batch dimension is unknown. */
    public L inputShape(long... sampleShape) {
        return batchInputShape(Shape.of(sampleShape).batchShape());
    }

    /** Keras's {@code input_shape} from a {@link Shape} without the batch dimension. */
    public L inputShape(Shape sampleShape) {
        return batchInputShape(sampleShape.batchShape());
    }

    /**
     * Keras's {@code batch_input_shape}: the input shape with the batch dimension first; pass
     * {@code null} for an unknown dimension, as in Keras's {@code (None, 784)}.
     */
    public L batchInputShape(@Nullable Integer... batchShape) {
        return batchInputShape(Shape.ofNullable(batchShape));
    }

    /** Keras's {@code batch_input_shape} as a {@link Shape}. */
    public L batchInputShape(Shape batchShape) {
        if (batchShape.rank() < 1) {
            throw new InvalidConfigException("batchInputShape of " + className()
                    + " must include the batch dimension, got " + batchShape + ".");
        }
        L c = copy();
        c.setBatchInputShape(batchShape);
        return c;
    }

    /** Keras's {@code input_dim}: shorthand for {@code inputShape(inputDim)} (temporal layers: the feature size). */
    public L inputDim(int inputDim) {
        requirePositive("inputDim", inputDim);
        L c = copy();
        c.setInputDim(inputDim);
        return c;
    }

    /** Keras's {@code input_length}: the number of time steps for temporal layers. */
    public L inputLength(int inputLength) {
        requirePositive("inputLength", inputLength);
        L c = copy();
        c.setInputLength(inputLength);
        return c;
    }

    /** Keras's {@code batch_size}: a fixed batch dimension to go with {@code inputShape}/{@code inputDim}. */
    public L batchSize(int batchSize) {
        requirePositive("batchSize", batchSize);
        L c = copy();
        c.setBatchSize(batchSize);
        return c;
    }

    /** Keras's {@code trainable}: false freezes the layer's weights. */
    public L trainable(boolean trainable) {
        L c = copy();
        c.setTrainable(trainable);
        return c;
    }

    /**
     * Keras's {@code dtype}: the layer's dtype policy, {@code "float32"} or {@code "mixed_bfloat16"}
     * (by default the global policy when the layer was created, see
     * {@link io.strata.mixedprecision.MixedPrecision}). Keras's advice for a mixed model: keep the
     * output layer in {@code "float32"}.
     */
    public L dtype(String policy) {
        String p = io.strata.mixedprecision.MixedPrecision.check(policy, className() + ": dtype");
        L c = copy();
        c.setDtypePolicy(p);
        return c;
    }

    /** Keras's {@code activity_regularizer}: a penalty on the layer's output added to the loss. */
    public L activityRegularizer(@Nullable Regularizer regularizer) {
        L c = copy();
        c.setActivityRegularizer(regularizer);
        return c;
    }

    /** Throws a clear error when an integer argument is not positive. */
    protected final void requirePositive(String argument, long value) {
        if (value <= 0) {
            throw new InvalidConfigException(className() + ": argument '" + argument
                    + "' must be a positive integer, got " + value + ".");
        }
    }

    /**
     * Applies the arguments every Keras layer takes, as a config of any generation writes them:
     * {@code name}, {@code trainable}, the input ({@code batch_input_shape}; Keras 3's
     * {@code batch_shape}; {@code input_shape} with {@code batch_size}; Keras 1's {@code input_dim} and
     * {@code input_length}) and {@code activity_regularizer}. Custom layer factories call it too.
     */
    public static <L extends BaseLayer<L>> L withBaseConfig(L layer, Config c, CustomObjects custom) {
        L l = layer;
        String name = c.string("name", null);
        if (name != null) {
            l = l.name(name);
        }
        if (!c.bool("trainable", true)) {
            l = l.trainable(false);
        }
        if (c.hasValue("batch_input_shape")) {
            l = l.batchInputShape(c.shape("batch_input_shape"));
        } else if (c.hasValue("batch_shape")) {
            l = l.batchInputShape(c.shape("batch_shape"));
        } else if (c.hasValue("input_shape")) {
            Shape sample = c.shape("input_shape");
            Integer batch = c.optionalInteger("batch_size");
            l = l.batchInputShape(sample.prepend(batch == null ? Shape.UNKNOWN : batch));
        } else if (c.hasValue("input_dim") && l.readsInputDim()) {
            l = l.inputDim(c.integer("input_dim"));
            if (c.hasValue("input_length")) {
                l = l.inputLength(c.integer("input_length"));
            }
            if (c.hasValue("batch_size")) {
                l = l.batchSize(c.integer("batch_size"));
            }
        }
        String policy = policyName(c.get("dtype"));
        if (policy != null) {
            l = l.dtype(policy);
        }
        if (c.hasValue("activity_regularizer")) {
            l = l.activityRegularizer(KerasObjects.regularizer(c.get("activity_regularizer"), custom,
                    c.description() + " > activity_regularizer"));
        }
        return l;
    }

    /**
     * The policy name in a config's {@code dtype}: a string ({@code "float32"}; Keras 2 writes it for
     * input layers), tf.keras's {@code {"class_name": "Policy", "config": {"name": ...}}} or Keras 3's
     * {@code DTypePolicy} object; null when absent.
     */
    private static @Nullable String policyName(@Nullable Object dtype) {
        if (dtype instanceof String s) {
            return s;
        }
        if (dtype instanceof Config p && p.get("config") instanceof Config inner && inner.get("name") instanceof String s) {
            return s;
        }
        return null;
    }

    /**
     * Whether {@code input_dim} in this layer's config declares its input (Keras 1's Dense, Conv1D and
     * recurrent layers). Embedding overrides it: its {@code input_dim} is the vocabulary size.
     */
    protected boolean readsInputDim() {
        return true;
    }
}
