// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.layers.BuildContext;
import io.strata.layers.InputLayer;
import io.strata.layers.Layer;
import io.strata.layers.LayerCall;
import io.strata.layers.SymbolicTensor;
import io.strata.saving.Config;
import io.strata.saving.KerasJson;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The graph half of a model (Keras 2.2's {@code Network}): a graph of layers from input tensors to
 * output tensors, its layers in Keras's order and their names, its shapes, its summary, and the
 * network used as a layer of another model. {@link Model} adds compile, training and inference.
 *
 * <p>Lifecycle: a network is built from symbolic tensors (or, for a {@link Sequential}, grown one
 * layer at a time); walking the graph orders the layers as Keras does and names the unnamed ones.
 * Nothing here needs a backend.
 */
public abstract class Network extends Layer {
    private static final AtomicInteger MODEL_COUNTER = new AtomicInteger();

    private final String name;
    private List<SymbolicTensor> inputs = List.of();
    private List<SymbolicTensor> outputs = List.of();
    private @Nullable Topology topology;

    /** A network over the graph from {@code inputs} to {@code outputs}, naming its unnamed layers. */
    Network(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, String name) {
        this.name = name;
        this.topology = Topology.of(inputs, outputs, "model " + name);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        Names.assignGraph(topology, "model " + name);
    }

    /** A network whose graph its subclass sets ({@link Sequential}). */
    Network(String name) {
        this.name = name;
    }

    /** The next default name of a model ({@code model_N}, {@code sequential_N}). */
    static String nextName(String prefix) {
        return prefix + "_" + MODEL_COUNTER.incrementAndGet();
    }

    /** Replaces the graph (a Sequential after {@code add} or {@code pop}). */
    final void setGraph(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        Topology t = outputs.isEmpty() ? null : Topology.of(inputs, outputs, "model " + name);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.topology = t;
        graphChanged();
    }

    /** Called after the graph changed. */
    abstract void graphChanged();

    /** The model's name. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public String className() {
        return "Model";
    }

    // ---- structure ----------------------------------------------------------------------------------

    /** Throws Keras's error if the model has no layers yet. */
    void requireGraph() {
        if (topology == null) {
            throw new InvalidConfigException("Model " + name + " has no layers yet; add layers first.");
        }
    }

    /** The layer graph. */
    final Topology topology() {
        requireGraph();
        return topology;
    }

    /** The model's input tensors, in order. */
    public List<SymbolicTensor> inputs() {
        requireGraph();
        return inputs;
    }

    /** The model's output tensors, in order. */
    public List<SymbolicTensor> outputs() {
        requireGraph();
        return outputs;
    }

    /** The layers, as Keras's {@code model.layers} orders them (input layers included for graph models). */
    public List<Layer> layers() {
        return topology().layers;
    }

    /** The names of {@link #layers()}. */
    public List<String> layerNames() {
        return layers().stream().map(LayerState::nameOf).toList();
    }

    /** Keras's {@code get_layer(name)}. */
    public Layer getLayer(String layerName) {
        for (Layer l : summaryLayers()) {
            if (layerName.equals(LayerState.nameOf(l))) {
                return l;
            }
        }
        throw new InvalidConfigException("No such layer: " + layerName + ". Model " + name + " has " + layerNames() + ".");
    }

    /** Keras's {@code input_names}. */
    public List<String> inputNames() {
        return inputs().stream().map(t -> LayerState.nameOf(t.layer())).toList();
    }

    /** Keras's {@code output_names}: the names of the layers that produce the outputs. */
    public List<String> outputNames() {
        return outputs().stream().map(t -> LayerState.nameOf(t.layer())).toList();
    }

    /** The batch shapes of the inputs. */
    public List<Shape> inputShapes() {
        return inputs().stream().map(SymbolicTensor::shape).toList();
    }

    /** The batch shapes of the outputs. */
    public List<Shape> outputShapes() {
        return outputs().stream().map(SymbolicTensor::shape).toList();
    }

    /** The batch input shape of a model with one input ({@code (None, 784)}). */
    public Shape inputShape() {
        return only(inputShapes(), "inputs", "inputShapes()");
    }

    /** The batch output shape of a model with one output. */
    public Shape outputShape() {
        return only(outputShapes(), "outputs", "outputShapes()");
    }

    private Shape only(List<Shape> shapes, String what, String instead) {
        if (shapes.size() != 1) {
            throw new InvalidConfigException("Model " + name + " has " + shapes.size() + " " + what + " " + shapes
                    + "; use " + instead + ".");
        }
        return shapes.get(0);
    }

    /** The layers whose weights make up the model's weights, in Keras's order. */
    List<Layer> weightLayers() {
        return layers().stream().filter(l -> !(l instanceof InputLayer)).toList();
    }

    /** The layers of the summary table, in order. */
    List<Layer> summaryLayers() {
        return layers();
    }

    /** Every weight of the model, layer state included, in Keras's {@code get_weights} order. */
    final List<WeightRef> weightRefs() {
        return Weights.refs(this);
    }

    // ---- the model as a layer --------------------------------------------------------------------

    @Override
    public @Nullable Shape declaredBatchInputShape() {
        return topology == null || inputs.size() != 1 ? null : inputs.get(0).shape();
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape inputShape) {
        return only(computeOutputShapes(layerName, List.of(inputShape)), "outputs", "applyAll(...)");
    }

    @Override
    public List<Shape> computeOutputShapes(String layerName, List<Shape> shapes) {
        List<Shape> expected = inputShapes();
        boolean ok = shapes.size() == expected.size();
        for (int i = 0; ok && i < shapes.size(); i++) {
            Shape in = shapes.get(i);
            Shape want = expected.get(i);
            ok = in.rank() == want.rank();
            for (int k = 1; ok && k < in.rank(); k++) {
                ok = want.dim(k) == Shape.UNKNOWN || in.dim(k) == Shape.UNKNOWN || want.dim(k) == in.dim(k);
            }
        }
        if (!ok) {
            throw new ShapeMismatchException("Model " + name + " expects " + expected.size() + " input(s) of shape "
                    + expected + " but was applied to " + shapes + ". Apply it to tensors of its input shapes.");
        }
        long batch = shapes.get(0).dim(0);
        return outputShapes().stream().map(s -> s.with(0, batch)).toList();
    }

    /** A model is applied by the graph it is part of, never built as the inner layer of another layer. */
    @Override
    public LayerCall build(BuildContext ctx, Shape inputShape) {
        throw new InvalidConfigException("Model " + name + " cannot be built inside layer " + ctx.layerName() + ": a "
                + "model is used as a layer by applying it to tensors (model.apply(x)) or adding it to a Sequential.");
    }

    @Override
    protected void validateApplication(String layerName, List<Shape> inputShapes) {
        // A model's layers were checked when its graph was built.
    }

    @Override
    protected int firstNodeIndex() {
        return 1;
    }

    /** Models are shared, never copied: put the model itself into another model to reuse its weights. */
    @Override
    public Layer duplicate() {
        throw new InvalidConfigException("Model " + name + " cannot be duplicated; build a new model, or use this one "
                + "in several places to share its weights.");
    }

    // ---- summary --------------------------------------------------------------------------------------

    /** Prints Keras's summary table at Keras's default width (65 columns, or 98 with "Connected to"). */
    public void summary() {
        System.out.print(summaryString());
    }

    /** Prints Keras's summary table at {@code lineLength} columns. */
    public void summary(int lineLength) {
        System.out.print(summaryString(lineLength));
    }

    /** Keras's summary table at its default width, as a string. */
    public String summaryString() {
        return summaryString(Summaries.sequentialLike(this) ? ModelSummary.SEQUENTIAL_WIDTH : ModelSummary.GRAPH_WIDTH);
    }

    /** Keras's summary table as a string. */
    public String summaryString(int lineLength) {
        List<LayerSummary> rows = layerSummaries();
        long[] counts = Weights.counts(weightRefs());
        return ModelSummary.render(rows, counts[1], counts[0] - counts[1], lineLength, !Summaries.sequentialLike(this));
    }

    /** The rows of {@link #summary()}: each layer's name, class, output shape, parameter counts and connections. */
    public List<LayerSummary> layerSummaries() {
        return Summaries.rows(this);
    }

    /** The total number of weights (Keras's {@code count_params()}). */
    public long countParams() {
        return Weights.counts(weightRefs())[0];
    }

    // ---- configs --------------------------------------------------------------------------------

    /**
     * Keras's {@code model.get_config()}: a Sequential's {@code name} and {@code layers}, a graph
     * model's layers with their {@code inbound_nodes}, {@code input_layers} and {@code output_layers},
     * in Keras 2.2's form. {@link Models#fromConfig} rebuilds the model from it.
     */
    @Override
    public Config getConfig() {
        requireGraph();
        return ModelConfigs.config(this);
    }

    /**
     * Keras's {@code model.to_json()}: {@code class_name}, {@code config}, {@code keras_version} and
     * {@code backend}, as Keras 2.2.4 writes them; {@code keras.models.model_from_json} and
     * {@link Models#fromJson} read it back.
     */
    public String toJson() {
        return KerasJson.write(Config.create().put("class_name", className()).put("config", getConfig())
                .put("keras_version", KERAS_VERSION).put("backend", "tensorflow"));
    }

    /** The Keras version whose formats Strata writes. */
    public static final String KERAS_VERSION = "2.2.4";

    @Override
    public String toString() {
        return className() + "(" + name + ", " + (topology == null ? "[]" : layerNames()) + ")";
    }
}
