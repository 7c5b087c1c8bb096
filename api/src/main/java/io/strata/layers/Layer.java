// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.regularizers.Regularizer;
import io.strata.saving.Config;
import io.strata.saving.KerasObjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A layer: an immutable description of one step of a model, in Keras's vocabulary.
 *
 * <p>Lifecycle: a layer is <b>constructed</b> as a value (its arguments are read-only; withers such
 * as {@code dense(64).activation("relu")} return a changed copy, so one layer value can be shared);
 * it is <b>placed</b> in a model, either added to a {@link io.strata.models.Sequential}, which names
 * it ({@code dense_1}) and infers its input shape, or <b>applied</b> to symbolic tensors with
 * {@link #apply(SymbolicTensor)} (the functional API; a layer object applied twice is one shared
 * layer, with one set of weights); it is <b>built</b> when the model compiles, declaring its weights
 * in a {@link BuildContext} and returning a {@link LayerCall}; and the call is <b>traced</b> by the
 * backend into a training step and an inference step. A layer holds no native state.
 *
 * <p>Layers compare by identity: the functional API tells a shared layer by the object itself.
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
    /** Keras's dtype policy, taken from the global policy when the layer is created. */
    private String dtypePolicy = io.strata.mixedprecision.MixedPrecision.globalPolicy();
    /** How many times this object was applied (its Keras node count); not copied by withers. */
    private int nodeCount;

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

    // ---- several inputs: the graph-level entry points --------------------------------------------

    /**
     * The output shapes for the batch shapes of all inputs of one application. Single-input layers
     * keep the default, which takes exactly one input and calls {@link #computeOutputShape}; merge
     * layers override it.
     *
     * @throws ShapeMismatchException if the layer cannot take {@code inputShapes}
     */
    public List<Shape> computeOutputShapes(String layerName, List<Shape> inputShapes) {
        if (inputShapes.size() != 1) {
            throw new ShapeMismatchException("Layer " + layerName + " (" + className() + ") takes one input, but it was "
                    + "applied to " + inputShapes.size() + " tensors of shapes " + inputShapes + ". Merge them first, "
                    + "e.g. with Layers.concatenate() or Layers.add().");
        }
        return List.of(computeOutputShape(layerName, inputShapes.get(0)));
    }

    /**
     * Declares the weights for one application and returns its computation over all inputs. The
     * default takes one input and wraps {@link #build}; merge layers override it.
     */
    public NodeCall buildCall(BuildContext ctx, List<Shape> inputShapes) {
        LayerCall call = build(ctx, inputShapes.get(0));
        return (c, xs) -> List.of(call.call(c, xs.get(0)));
    }

    /**
     * The mask of the output of an application to several inputs (Keras's {@code compute_mask} of a
     * merge layer), from the masks of its inputs (null where an input has none). The default keeps
     * the steps that every masked input keeps, as Keras's merge layers do.
     */
    public @Nullable Tensor computeMask(Ops ops, List<Tensor> inputs, List<@Nullable Tensor> masks) {
        Tensor out = null;
        for (Tensor m : masks) {
            if (m != null) {
                out = out == null ? m : ops.mul(out, m);
            }
        }
        return out;
    }

    // ---- the functional API ------------------------------------------------------------------------

    /**
     * Applies this layer to a symbolic tensor (Keras's {@code layer(x)}) and returns its output.
     * Applying the same layer object again shares its weights.
     *
     * @throws ShapeMismatchException if the layer cannot take the tensor's shape
     */
    public final SymbolicTensor apply(SymbolicTensor input) {
        return single(applyAll(List.of(input)));
    }

    /** Applies this layer to several symbolic tensors (a merge layer: {@code Concatenate()([a, b])}). */
    public final SymbolicTensor apply(SymbolicTensor first, SymbolicTensor... more) {
        List<SymbolicTensor> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(more));
        return single(applyAll(all));
    }

    /** Applies this layer to a list of symbolic tensors and returns its only output. */
    public final SymbolicTensor apply(List<SymbolicTensor> inputs) {
        return single(applyAll(inputs));
    }

    /** Applies this layer to a list of symbolic tensors and returns all of its outputs (a model with several). */
    public final List<SymbolicTensor> applyAll(List<SymbolicTensor> inputs) {
        if (inputs.isEmpty()) {
            throw new InvalidConfigException("Layer " + displayName() + " (" + className() + ") was applied to no "
                    + "tensors; pass at least one symbolic tensor, e.g. Input.of(784).");
        }
        for (SymbolicTensor t : inputs) {
            if (t == null) {
                throw new InvalidConfigException("Layer " + displayName() + " (" + className() + ") was applied to a "
                        + "null tensor.");
            }
        }
        List<Shape> shapes = inputs.stream().map(SymbolicTensor::shape).toList();
        List<Shape> outputs = computeOutputShapes(displayName(), shapes);
        validateApplication(displayName(), shapes);
        Node node = new Node(this, inputs, outputs, nextNodeIndex());
        return node.outputs();
    }

    private SymbolicTensor single(List<SymbolicTensor> outputs) {
        if (outputs.size() != 1) {
            throw new InvalidConfigException("Layer " + displayName() + " (" + className() + ") has " + outputs.size()
                    + " outputs; use applyAll(...) to get all of them.");
        }
        return outputs.get(0);
    }

    /**
     * Checks an application's shape-dependent arguments at once, by building on a context that only
     * records weights (so errors come when the layer is applied, not at compile).
     */
    protected void validateApplication(String layerName, List<Shape> inputShapes) {
        buildCall(BuildContext.recording(layerName, new ArrayList<>(), false), inputShapes);
    }

    /** The name for messages before a model names the layer: its own name, or its Keras prefix. */
    protected String displayName() {
        return name != null ? name : namePrefix();
    }

    /** How many times this object has been applied (Keras's number of inbound nodes). */
    public final synchronized int nodeCount() {
        return nodeCount;
    }

    /** The Keras node index of the next application. */
    final synchronized int nextNodeIndex() {
        return firstNodeIndex() + nodeCount++;
    }

    /** The node index of a first application: 0, or 1 for a model (whose node 0 is its own graph). */
    protected int firstNodeIndex() {
        return 0;
    }

    /**
     * A new layer with the same arguments that shares nothing with this one (not its weights, not its
     * applications): what {@link io.strata.models.Sequential} places when one layer object is added
     * twice.
     */
    public Layer duplicate() {
        return copyLayer();
    }

    /** Identity: a layer object is one layer, whatever its arguments. */
    @Override
    public final boolean equals(Object o) {
        return this == o;
    }

    @Override
    public final int hashCode() {
        return System.identityHashCode(this);
    }

    /** The layer's name, or null if the model should name it ({@code dense_1}, …). */
    public @Nullable String name() {
        return name;
    }

    /** Whether the layer's weights are trained (Keras's {@code trainable}). */
    public boolean trainable() {
        return trainable;
    }

    /**
     * Keras's {@code dtype_policy.name}: {@code "float32"} or {@code "mixed_bfloat16"}
     * ({@link io.strata.mixedprecision.MixedPrecision}).
     */
    public String dtypePolicy() {
        return dtypePolicy;
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

    /**
     * Keras's {@code get_config()}: the arguments that rebuild this layer, in Keras 2.2's keys and
     * order. This base writes {@code name} (null until the layer is named; a model writes the name it
     * gave), {@code trainable}, and for a layer that declares its input {@code batch_input_shape} and
     * {@code dtype}; an activity regularizer is written when set. Subclasses add their own arguments:
     * {@code Config c = super.getConfig(); c.put("units", units); return c;}.
     */
    public Config getConfig() {
        Config c = Config.create().put("name", name).put("trainable", trainable);
        Shape declared = declaredBatchInputShape();
        if (declared != null) {
            c.put("batch_input_shape", declared).put("dtype", "float32");
        }
        if (!dtypePolicy.equals(io.strata.mixedprecision.MixedPrecision.FLOAT32)) {
            // tf.keras 2.4+'s form of a policy other than float32.
            c.put("dtype", Config.create().put("class_name", "Policy").put("config", Config.create().put("name", dtypePolicy)));
        }
        if (activityRegularizer != null) {
            c.put("activity_regularizer", KerasObjects.serialize(activityRegularizer, "activity_regularizer of " + this));
        }
        return c;
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
            Layer copy = (Layer) super.clone();
            copy.nodeCount = 0;
            return copy;
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

    void setDtypePolicy(String policy) {
        this.dtypePolicy = policy;
    }

    void setActivityRegularizer(@Nullable Regularizer r) {
        this.activityRegularizer = r;
    }

    @Override
    public String toString() {
        return className() + (name == null ? "" : "(" + name + ")");
    }
}
