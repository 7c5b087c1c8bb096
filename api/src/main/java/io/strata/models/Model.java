// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.backend.TrainingDefinition;
import io.strata.layers.BuildContext;
import io.strata.layers.InputLayer;
import io.strata.layers.Layer;
import io.strata.layers.LayerCall;
import io.strata.layers.SymbolicTensor;
import io.strata.losses.Loss;
import io.strata.metrics.Metric;
import io.strata.optimizers.Optimizer;
import io.strata.training.FitOptions;
import io.strata.training.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Keras's {@code Model}: a graph of layers from input tensors to output tensors (the functional API),
 * and the core of every model: {@link Sequential} is its linear case.
 *
 * <p>Lifecycle: <b>construction</b> from symbolic tensors ({@code new Model(inputs, outputs)}) walks
 * the graph, orders the layers as Keras does and names the unnamed ones; {@link #summary()} needs
 * nothing more. <b>{@link #compile}</b> records the optimizer and, per output, the loss, loss weight
 * and metrics. The native <b>program</b> is built lazily by the first {@code fit}, {@code evaluate}
 * or {@code predict}, and rebuilt when the model is recompiled or reseeded. {@link #close()} releases
 * the native memory; the weights stay on the host and the model stays usable.
 *
 * <p>A model is itself a layer: apply it to tensors ({@code model.apply(x)}) or add it to a
 * Sequential, and it computes with its own weights (training the outer model trains them). A layer
 * object applied twice shares its weights, and a layer shared by several models has one set of
 * weights that every model sees.
 *
 * <pre>{@code
 * SymbolicTensor a = Input.of(784);
 * SymbolicTensor b = Input.of(784);
 * SymbolicTensor x = Layers.concatenate().apply(Layers.dense(32).apply(a), Layers.dense(32).apply(b));
 * Model model = new Model(List.of(a, b), List.of(Layers.dense(10).activation("softmax").apply(x)));
 * model.compile("rmsprop", "categorical_crossentropy", List.of("accuracy"));
 * model.fit(List.of(xa, xb), y, FitOptions.epochs(5));
 * }</pre>
 *
 * <p>{@code predict} may be called from several threads at once; training a model from two threads
 * at once is refused.
 */
public class Model extends Layer implements AutoCloseable {
    private static final AtomicInteger MODEL_COUNTER = new AtomicInteger();

    private final String name;
    private List<SymbolicTensor> inputs = List.of();
    private List<SymbolicTensor> outputs = List.of();
    private @Nullable Topology topology;
    final ModelRuntime runtime = new ModelRuntime(this);
    @Nullable CompiledObjective compiled;
    private long seed = ThreadLocalRandom.current().nextLong();
    private Random shuffleRandom = new Random(seed ^ 0x5DEECE66DL);
    final ReentrantLock trainLock = new ReentrantLock();

    /** A model from one input to one output. */
    public Model(SymbolicTensor input, SymbolicTensor output) {
        this(List.of(input), List.of(output));
    }

    /** A model from {@code inputs} to {@code outputs}, named {@code model_N}. */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        this(inputs, outputs, "model_" + MODEL_COUNTER.incrementAndGet());
    }

    /** A named model from {@code inputs} to {@code outputs}. */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, String name) {
        this.name = name;
        setGraph(inputs, outputs);
        Names.assignGraph(topology(), "model " + name);
    }

    /** A model whose graph its subclass sets ({@link Sequential}). */
    Model(String name) {
        this.name = name;
    }

    /** The next default name of a Sequential model ({@code sequential_N}). */
    static String nextName(String prefix) {
        return prefix + "_" + MODEL_COUNTER.incrementAndGet();
    }

    /** Replaces the graph (a Sequential after {@code add} or {@code pop}). */
    final void setGraph(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        Topology t = outputs.isEmpty() ? null : Topology.of(inputs, outputs, "model " + name);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.topology = t;
        runtime.invalidate();
    }

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

    // ---- compile ------------------------------------------------------------------------------------

    /** Keras's {@code compile(optimizer, loss)} with ids or objects. */
    public void compile(Object optimizer, Object loss) {
        compile(optimizer, loss, List.of(), null);
    }

    /**
     * Keras's {@code compile(optimizer, loss, metrics)}: the optimizer as an id ({@code "rmsprop"}) or an
     * {@link Optimizer}, the loss as an id or a {@link Loss}, each metric as an id ({@code "accuracy"})
     * or a {@link Metric}.
     */
    public void compile(Object optimizer, Object loss, List<?> metrics) {
        compile(optimizer, loss, metrics, null);
    }

    /**
     * Keras's {@code compile(optimizer, loss, metrics, loss_weights)} for models with several outputs:
     * {@code loss} is one loss for every output, a {@code List} with one per output, or a {@code Map}
     * by output name; {@code metrics} a {@code List} for every output or a {@code Map} by output name;
     * {@code lossWeights} a {@code List} or {@code Map} of numbers (null for 1 each).
     */
    public void compile(Object optimizer, Object loss, Object metrics, @Nullable Object lossWeights) {
        requireGraph();
        compiled = CompiledObjective.resolve(optimizer, loss, metrics, lossWeights, outputNames(), outputShapes());
        runtime.invalidate();
    }

    /** Typed {@code compile}. */
    public void compile(Optimizer<?> optimizer, Loss loss, List<? extends Metric> metrics) {
        compile(optimizer, loss, metrics, null);
    }

    /** Selects the backend by name ({@code tensorflow}) instead of the default; call before first use. */
    public Model backend(String backendName) {
        runtime.backend(backendName);
        return this;
    }

    /**
     * Seeds weight initialization, dropout and shuffling, so that runs repeat exactly on CPU. Call it
     * before the model is first used.
     */
    public Model seed(long seed) {
        this.seed = seed;
        this.shuffleRandom = new Random(seed ^ 0x5DEECE66DL);
        runtime.invalidate();
        return this;
    }

    long seedValue() {
        return seed;
    }

    Random shuffleRandom() {
        return shuffleRandom;
    }

    /** Whether {@code compile} was called. */
    public boolean isCompiled() {
        return compiled != null;
    }

    /** Keras's {@code metrics_names}: {@code loss}, then the per-output losses and the metrics. */
    public List<String> metricsNames() {
        List<String> names = new ArrayList<>();
        names.add("loss");
        if (compiled != null) {
            names.addAll(compiled.logNames());
        }
        return names;
    }

    /** The compiled optimizer. */
    public Optimizer<?> optimizer() {
        return requireCompiled().optimizer();
    }

    CompiledObjective requireCompiled() {
        if (compiled == null) {
            throw new InvalidConfigException("You must compile a model before training/testing. Use "
                    + "model.compile(optimizer, loss).");
        }
        return compiled;
    }

    TrainingDefinition trainingDefinition() {
        CompiledObjective c = requireCompiled();
        return new TrainingDefinition(c.optimizer(), c.targetShapes(outputShapes()), c.objective(), c.logNames());
    }

    ModelData data() {
        return new ModelData(inputNames(), inputShapes(), outputNames(), outputShapes());
    }

    // ---- training and inference -----------------------------------------------------------------------

    /**
     * Keras's {@code fit}: trains for {@code options.epochs} epochs and returns the {@link History}.
     *
     * @param x the inputs: an array or {@code NdArray}, a {@code List} with one per model input, or a
     *     {@code Map} from input name to array
     * @param y the targets, in the same forms (one per output)
     * @throws java.util.concurrent.CancellationException if the thread is interrupted; training stops at
     *     the next batch boundary and the model keeps the last completed step
     */
    public History fit(Object x, Object y, FitOptions options) {
        return Loops.fit(this, x, y, options);
    }

    /**
     * {@link #fit} on a new thread. {@code cancel(true)} on the future interrupts training, which stops
     * at the next batch boundary and leaves the model usable; a later {@code fit} continues from the
     * last completed step.
     */
    public CompletableFuture<History> fitAsync(Object x, Object y, FitOptions options) {
        return TrainingFuture.start("strata-fit-" + name, () -> fit(x, y, options));
    }

    /** Keras's {@code evaluate}: the loss and the logged values ({@link #metricsNames()}), batch by batch. */
    public List<Double> evaluate(Object x, Object y, int batchSize) {
        return Loops.evaluate(this, x, y, batchSize);
    }

    /** Keras's {@code predict} for a model with one output, batch by batch. Safe to call from several threads. */
    public FloatNdArray predict(Object x, int batchSize) {
        List<FloatNdArray> all = predictOutputs(x, batchSize);
        if (all.size() != 1) {
            throw new InvalidConfigException("Model " + name + " has " + all.size() + " outputs " + outputNames()
                    + "; use predictOutputs(x, batchSize), which returns one array per output.");
        }
        return all.get(0);
    }

    /** Keras's {@code predict}: one array per output, batch by batch. Safe to call from several threads. */
    public List<FloatNdArray> predictOutputs(Object x, int batchSize) {
        return Loops.predict(this, x, batchSize);
    }

    /** Keras's {@code predict_on_batch}: {@link #predict} of one batch. */
    public FloatNdArray predictOnBatch(Object x) {
        int n = data().inputs(x, "x").get(0).samples();
        return predict(x, Math.max(1, n));
    }

    /** Keras's {@code train_on_batch}: one optimizer step on the whole of {@code x}: {@code [loss, logs...]}. */
    public List<Double> trainOnBatch(Object x, Object y) {
        return Loops.trainOnBatch(this, x, y);
    }

    /** Keras's {@code test_on_batch}: the loss and logs on one batch, without training. */
    public List<Double> testOnBatch(Object x, Object y) {
        int n = data().inputs(x, "x").get(0).samples();
        return evaluate(x, y, Math.max(1, n));
    }

    // ---- weights and state ----------------------------------------------------------------------------

    /** Keras's {@code get_weights}: every weight in Keras's order (layer by layer; kernel, then bias, ...). */
    public List<FloatNdArray> getWeights() {
        return Weights.get(this);
    }

    /**
     * Keras's {@code set_weights}: replaces every weight, in {@link #getWeights()} order; each value may be
     * an {@code NdArray} or a Java array of the weight's shape.
     */
    public void setWeights(List<?> weights) {
        Weights.set(this, weights);
    }

    /** The optimizer's current base learning rate (Keras's {@code K.get_value(model.optimizer.lr)}). */
    public double learningRate() {
        return runtime.use(true).learningRate();
    }

    /** Sets the optimizer's base learning rate (Keras's {@code K.set_value(model.optimizer.lr, v)}). */
    public void setLearningRate(double lr) {
        runtime.use(true).setLearningRate(lr);
    }

    /** The number of training steps taken so far (Keras's {@code optimizer.iterations}). */
    public long iterations() {
        return runtime.use(true).iterations();
    }

    /** Keras's {@code reset_states}: zeroes the state of stateful layers. */
    public void resetStates() {
        Weights.resetStates(this);
    }

    /**
     * Releases the native memory (graph, session, variables). The weights are kept on the host, so the
     * model stays usable: the next call that needs the backend rebuilds it.
     */
    @Override
    public void close() {
        runtime.invalidate();
    }

    @Override
    public String toString() {
        return className() + "(" + name + ", " + (topology == null ? "[]" : layerNames()) + ")";
    }
}
