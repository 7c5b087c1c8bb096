// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.regularizers.Regularizer;
import org.jspecify.annotations.Nullable;

/**
 * A layer: an immutable description of one step of a model, in Keras's vocabulary.
 *
 * <p>Lifecycle: a layer is <b>constructed</b> as a value (its arguments are read-only; withers such
 * as {@code dense(64).activation("relu")} return a changed copy, so one layer value can be shared);
 * it is <b>placed</b> in a {@link io.strata.models.Sequential}, which names it ({@code dense_1}) and
 * infers its input shape; it is <b>built</b> when the model compiles, declaring its weights in a
 * {@link BuildContext} and returning a {@link LayerCall}; and the call is <b>traced</b> by the
 * backend into a training step and an inference step. A layer holds no native state.
 *
 * <p>Custom layers extend {@link BaseLayer} and write {@link #build} only against the
 * backend-neutral {@link io.strata.backend.Ops}, so they run on every backend.
 */
public abstract class Layer implements Cloneable {
    private @Nullable String name;
    private @Nullable Shape batchInputShape;
    private @Nullable Integer inputDim;
    private @Nullable Integer inputLength;
    private @Nullable Integer batchSize;
    private boolean trainable = true;
    private @Nullable Regularizer activityRegularizer;

    /** Keras's class name, as shown in {@code summary()}: {@code Dense}, {@code Dropout}. */
    public abstract String className();

    /**
     * The output shape for a batch input shape, both with the batch dimension first.
     *
     * @throws io.strata.ShapeMismatchException if the layer cannot take {@code inputShape}; the
     *     message names {@code layerName}
     */
    public abstract Shape computeOutputShape(String layerName, Shape inputShape);

    /**
     * Declares the weights for {@code inputShape} and returns the computation that uses them.
     *
     * @param inputShape the batch input shape, as checked by {@link #computeOutputShape}
     */
    public abstract LayerCall build(BuildContext ctx, Shape inputShape);

    /** The layer's name, or null if the model should name it ({@code dense_1}, …). */
    public @Nullable String name() {
        return name;
    }

    /** Whether the layer's weights are trained (Keras's {@code trainable}). */
    public boolean trainable() {
        return trainable;
    }

    /** The regularizer applied to the layer's output, or null. */
    public @Nullable Regularizer activityRegularizer() {
        return activityRegularizer;
    }

    /**
     * The batch input shape this layer declares (from {@code batchInputShape}, {@code inputShape},
     * {@code inputDim} or {@code inputLength}), or null if it declares none.
     */
    public @Nullable Shape declaredBatchInputShape() {
        if (batchInputShape != null) {
            return batchInputShape;
        }
        if (inputDim == null && inputLength == null) {
            return null;
        }
        Shape sample = sampleShapeFromDims(inputDim, inputLength);
        return sample.prepend(batchSize == null ? Shape.UNKNOWN : batchSize);
    }

    /**
     * The per-sample shape that {@code inputDim}/{@code inputLength} stand for. Keras: {@code (inputDim,)}
     * for most layers; temporal layers override this to give {@code (inputLength, inputDim)}.
     */
    protected Shape sampleShapeFromDims(@Nullable Integer dim, @Nullable Integer length) {
        if (length != null && dim != null) {
            return Shape.of(length, dim);
        }
        if (length != null) {
            return Shape.of(length);
        }
        return Shape.of(dim == null ? Shape.UNKNOWN : dim);
    }

    /** The name used for auto-naming: Keras's snake_case of the class name ({@code dense}). */
    public String namePrefix() {
        return snakeCase(className());
    }

    /** Keras 2's {@code _to_snake_case}: {@code Conv2D -> conv2d}, {@code SimpleRNN -> simple_rnn}. */
    static String snakeCase(String camel) {
        String intermediate = camel.replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
        return intermediate.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** A shallow copy, the basis of every wither. */
    protected Layer copyLayer() {
        try {
            return (Layer) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    // Package-private setters used by BaseLayer's withers on fresh copies only.
    void setName(@Nullable String name) {
        if (name != null && (name.isBlank() || name.contains("/"))) {
            throw new InvalidConfigException("Layer name '" + name + "' is invalid for " + className()
                    + ": names must be non-blank and contain no '/'.");
        }
        this.name = name;
    }

    void setBatchInputShape(@Nullable Shape shape) {
        this.batchInputShape = shape;
    }

    void setInputDim(@Nullable Integer dim) {
        this.inputDim = dim;
    }

    void setInputLength(@Nullable Integer length) {
        this.inputLength = length;
    }

    void setBatchSize(@Nullable Integer batchSize) {
        this.batchSize = batchSize;
    }

    void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    void setActivityRegularizer(@Nullable Regularizer r) {
        this.activityRegularizer = r;
    }

    @Override
    public String toString() {
        return className() + (name == null ? "" : "(" + name + ")");
    }
}
