// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.DataException;
import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.StrataException;
import io.strata.backend.Backend;
import io.strata.backend.Backends;
import io.strata.backend.DataSlot;
import io.strata.backend.ModelDefinition;
import io.strata.backend.Program;
import io.strata.backend.Tensor;
import io.strata.backend.TrainingDefinition;
import io.strata.data.DataArray;
import io.strata.layers.BuildContext;
import io.strata.layers.InputLayer;
import io.strata.layers.Layer;
import io.strata.layers.LayerCall;
import io.strata.layers.Weight;
import io.strata.layers.WeightSpec;
import io.strata.losses.BuiltinLoss;
import io.strata.metrics.Metric;
import io.strata.optimizers.Optimizer;
import io.strata.losses.Loss;
import io.strata.training.FitOptions;
import io.strata.training.History;
import io.strata.training.Trainer;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's {@code Sequential} model: a linear stack of layers.
 *
 * <p>Lifecycle: <b>construction</b> ({@code new Sequential(List.of(...))} or {@link #add}) infers
 * every layer's output shape at once and fails fast on incompatible shapes; {@link #summary()} needs
 * nothing more. <b>{@link #compile}</b> records the optimizer, loss and metrics. The native
 * <b>program</b> (graph, session, variables on the chosen backend) is built lazily by the first
 * {@code fit}, {@code evaluate}, {@code predict} or weight access, and rebuilt, keeping the weights of
 * unchanged layers, when layers are added or removed or the model is recompiled. {@link #close()}
 * releases the native memory; the model keeps a host copy of its weights and stays usable.
 *
 * <p>{@code predict} may be called from several threads at once; training a model from two threads
 * at once is refused.
 *
 * <pre>{@code
 * Sequential model = new Sequential(List.of(
 *         Layers.dense(32).inputDim(784).activation("relu"),
 *         Layers.dense(10).activation("softmax")));
 * model.compile("rmsprop", "categorical_crossentropy", List.of("accuracy"));
 * History h = model.fit(x, y, FitOptions.epochs(10).batchSize(32));
 * List<Double> score = model.evaluate(xTest, yTest, 32);
 * FloatNdArray p = model.predict(xTest, 32);
 * }</pre>
 *
 * <p>The Java methods take every Keras argument explicitly ({@code FitOptions}, the batch size); the
 * short forms {@code fit(x, y, epochs = …)}, {@code evaluate(x, y)} and {@code predict(x)} are the Kotlin
 * DSL's suspending functions, which run these on a dedicated dispatcher.
 */
public class Sequential implements AutoCloseable {
    private static final AtomicInteger MODEL_COUNTER = new AtomicInteger();
    private static final Cleaner CLEANER = Cleaner.create();

    private final String name;
    private final List<Layer> layers = new ArrayList<>();
    private final List<String> layerNames = new ArrayList<>();
    private final List<Shape> outputShapes = new ArrayList<>();
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private @Nullable Shape inputShape;
    private @Nullable String inputName;

    private @Nullable CompiledObjective compiled;
    private @Nullable String backendName;
    private long seed = ThreadLocalRandom.current().nextLong();
    private Random shuffleRandom = new Random(seed ^ 0x5DEECE66DL);

    private final Object programLock = new Object();
    private @Nullable Program program;
    private boolean programTrains;
    private Cleaner.@Nullable Cleanable cleanable;
    private final Map<String, float[]> pendingWeights = new LinkedHashMap<>();
    private final ReentrantLock trainLock = new ReentrantLock();

    /** An empty model named {@code sequential_N}. */
    public Sequential() {
        this.name = "sequential_" + MODEL_COUNTER.incrementAndGet();
    }

    /** A model of {@code layers}, added in order (Keras's {@code Sequential([...])}). */
    public Sequential(List<? extends Layer> layers) {
        this();
        layers.forEach(this::add);
    }

    /** A named model of {@code layers}. */
    public Sequential(List<? extends Layer> layers, String name) {
        this.name = name;
        layers.forEach(this::add);
    }

    /** The model's name. */
    public String name() {
        return name;
    }

    // ---- building ---------------------------------------------------------------------------------

    /**
     * Appends a layer, inferring its output shape. The first layer must declare its input
     * ({@code inputShape}, {@code batchInputShape}, {@code inputDim}) or be an {@link InputLayer}.
     *
     * @return this model
     * @throws ShapeMismatchException if the layer cannot take the previous output
     */
    public Sequential add(Layer layer) {
        if (layer instanceof InputLayer in) {
            if (!layers.isEmpty() || inputShape != null) {
                throw new InvalidConfigException("An InputLayer can only be the first layer of a Sequential model; model "
                        + name + " already has an input " + inputShape + ".");
            }
            inputShape = in.requireShape();
            inputName = in.name() != null ? in.name() : "input_1";
            return this;
        }
        String layerName = layer.name() != null ? layer.name() : nextName(layer.namePrefix());
        if (layerNames.contains(layerName)) {
            throw new InvalidConfigException("All layers added to a Sequential model should have unique names. Name \""
                    + layerName + "\" is already the name of a layer in model " + name + ".");
        }
        Shape declared = layer.declaredBatchInputShape();
        Shape in;
        if (layers.isEmpty() && inputShape == null) {
            if (declared == null) {
                throw new InvalidConfigException("The first layer in a Sequential model must get an inputShape, "
                        + "batchInputShape or inputDim argument; layer " + layerName + " (" + layer.className()
                        + ") has none. Fix: e.g. Layers.dense(32).inputShape(784), or start with "
                        + "Layers.inputLayer().inputShape(...).");
            }
            inputShape = declared;
            inputName = layerName + "_input";
            in = declared;
        } else {
            in = layers.isEmpty() ? inputShape : outputShapes.get(outputShapes.size() - 1);
            if (declared != null && !declared.dropFirst().equals(in.dropFirst())) {
                String previous = layers.isEmpty() ? "the model input" : "layer " + layerNames.get(layerNames.size() - 1);
                throw new ShapeMismatchException("Layer " + layerName + " (" + layer.className() + ") declares input shape "
                        + declared + " but " + previous + " outputs " + in + ". Only the first layer needs an input "
                        + "shape: remove it from " + layerName + " or make it match.");
            }
        }
        Shape out = layer.computeOutputShape(layerName, in);
        // Building on a recording context also validates shape-dependent arguments now, not at compile.
        recordWeights(layer, layerName, in, new ArrayList<>());
        layers.add(layer);
        layerNames.add(layerName);
        outputShapes.add(out);
        invalidateProgram();
        return this;
    }

    /** Removes the last layer (Keras's {@code pop()}). */
    public Sequential pop() {
        if (layers.isEmpty()) {
            throw new InvalidConfigException("There are no layers in model " + name + " to pop.");
        }
        int last = layers.size() - 1;
        layers.remove(last);
        layerNames.remove(last);
        outputShapes.remove(last);
        invalidateProgram();
        return this;
    }

    private String nextName(String prefix) {
        int n = nameCounters.merge(prefix, 1, Integer::sum);
        String candidate = prefix + "_" + n;
        while (layerNames.contains(candidate)) {
            n = nameCounters.merge(prefix, 1, Integer::sum);
            candidate = prefix + "_" + n;
        }
        return candidate;
    }

    /** The layers, in order (without an {@link InputLayer}, as in Keras 2). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The names the model gave its layers ({@code dense_1}, …), in order. */
    public List<String> layerNames() {
        return Collections.unmodifiableList(layerNames);
    }

    /** The model's batch input shape ({@code (None, 784)}). */
    public Shape inputShape() {
        requireLayers();
        return inputShape;
    }

    /** The model's batch output shape. */
    public Shape outputShape() {
        requireLayers();
        return outputShapes.get(outputShapes.size() - 1);
    }

    /** The batch output shape of layer {@code i}. */
    public Shape outputShape(int i) {
        return outputShapes.get(i);
    }

    private void requireLayers() {
        if (layers.isEmpty()) {
            throw new InvalidConfigException("Model " + name + " has no layers yet; add layers first.");
        }
    }

    // ---- summary ----------------------------------------------------------------------------------

    /** Prints Keras's summary table at Keras's default width of 65 columns. */
    public void summary() {
        System.out.print(summaryString(65));
    }

    /** Prints Keras's summary table at {@code lineLength} columns. */
    public void summary(int lineLength) {
        System.out.print(summaryString(lineLength));
    }

    /** Keras's summary table as a string. */
    public String summaryString(int lineLength) {
        List<LayerSummary> layersSummary = layerSummaries();
        long trainable = 0;
        long total = 0;
        List<ModelSummary.Row> rows = new ArrayList<>();
        for (LayerSummary s : layersSummary) {
            rows.add(ModelSummary.Row.of(s));
            trainable += s.trainableParams();
            total += s.params();
        }
        return ModelSummary.render(rows, trainable, total - trainable, lineLength);
    }

    /** The rows of {@link #summary()}: each layer's name, class, output shape and parameter counts. */
    public List<LayerSummary> layerSummaries() {
        requireLayers();
        List<LayerSummary> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            List<WeightSpec> specs = new ArrayList<>();
            recordWeights(layers.get(i), layerNames.get(i), inputOf(i), specs);
            long count = 0;
            long trainable = 0;
            for (WeightSpec s : specs) {
                if (s.state()) {
                    continue;
                }
                count += s.size();
                if (s.trainable()) {
                    trainable += s.size();
                }
            }
            out.add(new LayerSummary(layerNames.get(i), layers.get(i).className(), outputShapes.get(i), count, trainable));
        }
        return out;
    }

    /** The total number of weights (Keras's {@code count_params()}). */
    public long countParams() {
        long n = 0;
        for (int i = 0; i < layers.size(); i++) {
            List<WeightSpec> specs = new ArrayList<>();
            recordWeights(layers.get(i), layerNames.get(i), inputOf(i), specs);
            for (WeightSpec s : specs) {
                n += s.state() ? 0 : s.size();
            }
        }
        return n;
    }

    private Shape inputOf(int i) {
        return i == 0 ? inputShape : outputShapes.get(i - 1);
    }

    private LayerCall recordWeights(Layer layer, String layerName, Shape in, List<WeightSpec> sink) {
        return layer.build(new BuildContext() {
            @Override
            public String layerName() {
                return layerName;
            }

            @Override
            public Weight addWeight(WeightSpec spec) {
                if (!spec.shape().isFullyKnown()) {
                    throw new ShapeMismatchException("Layer " + layerName + " declared weight '" + spec.name()
                            + "' with an unknown dimension " + spec.shape() + ".");
                }
                WeightSpec s = layer.trainable() ? spec : spec.frozen();
                sink.add(s);
                return new Weight(layerName, sink.size() - 1, s);
            }
        }, in);
    }

    // ---- compile ----------------------------------------------------------------------------------

    /** Keras's {@code compile(optimizer, loss)} with ids or objects. */
    public void compile(Object optimizer, Object loss) {
        compile(optimizer, loss, List.of());
    }

    /**
     * Keras's {@code compile(optimizer, loss, metrics)}: the optimizer as an id ({@code "rmsprop"}) or an
     * {@link Optimizer}, the loss as an id or a {@link Loss}, each metric as an id ({@code "accuracy"})
     * or a {@link Metric}.
     */
    public void compile(Object optimizer, Object loss, List<?> metrics) {
        requireLayers();
        compiled = CompiledObjective.resolve(optimizer, loss, metrics, outputShape());
        invalidateProgram();
    }

    /** Typed {@code compile}. */
    public void compile(Optimizer<?> optimizer, Loss loss, List<? extends Metric> metrics) {
        compile((Object) optimizer, (Object) loss, metrics);
    }

    /** Selects the backend by name ({@code tensorflow}) instead of the default; call before first use. */
    public Sequential backend(String backendName) {
        this.backendName = backendName;
        invalidateProgram();
        return this;
    }

    /**
     * Seeds weight initialization, dropout and shuffling, so that runs repeat exactly on CPU. Call it
     * before the model is first used.
     */
    public Sequential seed(long seed) {
        this.seed = seed;
        this.shuffleRandom = new Random(seed ^ 0x5DEECE66DL);
        invalidateProgram();
        return this;
    }

    /** Whether {@code compile} was called. */
    public boolean isCompiled() {
        return compiled != null;
    }

    /** Keras's {@code metrics_names}: {@code loss} then the metric names. */
    public List<String> metricsNames() {
        List<String> names = new ArrayList<>();
        names.add("loss");
        if (compiled != null) {
            names.addAll(compiled.metricNames());
        }
        return names;
    }

    /** The compiled optimizer. */
    public Optimizer<?> optimizer() {
        return requireCompiled().optimizer();
    }

    private CompiledObjective requireCompiled() {
        if (compiled == null) {
            throw new InvalidConfigException("You must compile a model before training/testing. Use "
                    + "model.compile(optimizer, loss).");
        }
        return compiled;
    }

    // ---- native program ---------------------------------------------------------------------------

    private Program program(boolean training) {
        synchronized (programLock) {
            if (program != null && (programTrains || !training)) {
                return program;
            }
            requireLayers();
            if (program != null) {
                pendingWeights.putAll(namedValues(program.readWeights()));
                closeProgram();
            }
            Backend backend = Backends.select(backendName);
            Program p = backend.compile(definition(training));
            program = p;
            builtWeightNames.clear();
            builtWeightNames.addAll(weightNames());
            programTrains = training;
            cleanable = CLEANER.register(this, p::close);
            return p;
        }
    }

    private ModelDefinition definition(boolean training) {
        List<Weight> weights = new ArrayList<>();
        List<LayerCall> calls = new ArrayList<>();
        List<WeightSpec> specs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            int offset = specs.size();
            List<WeightSpec> own = new ArrayList<>();
            String layerName = layerNames.get(i);
            Layer layer = layers.get(i);
            LayerCall call = layer.build(new BuildContext() {
                @Override
                public String layerName() {
                    return layerName;
                }

                @Override
                public Weight addWeight(WeightSpec spec) {
                    WeightSpec s = layer.trainable() ? spec : spec.frozen();
                    own.add(s);
                    Weight w = new Weight(layerName, offset + own.size() - 1, s);
                    weights.add(w);
                    return w;
                }
            }, inputOf(i));
            specs.addAll(own);
            calls.add(call);
        }
        Random init = new Random(seed);
        List<float[]> initial = new ArrayList<>();
        for (Weight w : weights) {
            float[] values = w.spec().initializer().generate(w.spec().shape(), init);
            float[] carried = pendingWeights.get(w.fullName());
            initial.add(carried != null && carried.length == values.length ? carried : values);
        }
        pendingWeights.clear();
        List<Layer> layerList = List.copyOf(layers);
        TrainingDefinition trainingDefinition = null;
        if (training) {
            CompiledObjective c = requireCompiled();
            trainingDefinition = new TrainingDefinition(c.optimizer(), c.targetShape(outputShape()), c.objective(),
                    c.metricNames(), c.metricsFunction());
        }
        return new ModelDefinition(List.of(inputShape), outputShape(), weights, initial, (ctx, inputs) -> {
            for (Weight w : weights) {
                if (w.spec().regularizer() != null) {
                    ctx.addLoss(w.spec().regularizer().apply(ctx.ops(), ctx.read(w)));
                }
            }
            Tensor x = inputs.get(0);
            for (int i = 0; i < calls.size(); i++) {
                x = calls.get(i).call(ctx, x);
                if (layerList.get(i).activityRegularizer() != null) {
                    ctx.addLoss(layerList.get(i).activityRegularizer().apply(ctx.ops(), x));
                }
            }
            return x;
        }, trainingDefinition, seed);
    }

    private List<String> weightNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            List<WeightSpec> specs = new ArrayList<>();
            recordWeights(layers.get(i), layerNames.get(i), inputOf(i), specs);
            for (WeightSpec s : specs) {
                names.add(layerNames.get(i) + "/" + s.name());
            }
        }
        return names;
    }

    private void invalidateProgram() {
        synchronized (programLock) {
            if (program == null) {
                return;
            }
            // The program's weights are in the order of the layers it was built from (builtWeightNames);
            // they are carried by name into the next build, so surviving layers keep their values.
            pendingWeights.putAll(namedValues(program.readWeights()));
            closeProgram();
        }
    }

    private final List<String> builtWeightNames = new ArrayList<>();

    private Map<String, float[]> namedValues(List<float[]> values) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < values.size() && i < builtWeightNames.size(); i++) {
            out.put(builtWeightNames.get(i), values.get(i));
        }
        return out;
    }

    private void closeProgram() {
        if (cleanable != null) {
            cleanable.clean();
            cleanable = null;
        } else if (program != null) {
            program.close();
        }
        program = null;
    }

    /**
     * Releases the native memory (graph, session, variables). The weights are kept on the host, so the
     * model stays usable: the next call that needs the backend rebuilds it.
     */
    @Override
    public void close() {
        synchronized (programLock) {
            if (program != null) {
                pendingWeights.putAll(namedValues(program.readWeights()));
                closeProgram();
            }
        }
    }

    // ---- data -------------------------------------------------------------------------------------

    private List<DataArray> inputs(Object x, String argument) {
        List<DataArray> xs = new ArrayList<>();
        if (x instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                xs.add(DataArray.of(list.get(i), argument + "[" + i + "]"));
            }
        } else {
            xs.add(DataArray.of(x, argument));
        }
        List<Shape> expected = List.of(inputShape());
        if (xs.size() != expected.size()) {
            throw new DataException("Error when checking model input: the list of arrays you are passing to your model "
                    + "is not the size the model expected. Expected to see " + expected.size() + " array(s), but instead "
                    + "got " + xs.size() + ".");
        }
        for (int i = 0; i < xs.size(); i++) {
            xs.set(i, conform(xs.get(i), expected.get(i), "input", inputName));
        }
        int n = xs.get(0).samples();
        for (DataArray d : xs) {
            if (d.samples() != n) {
                throw new DataException("All input arrays (x) should have the same number of samples. Got array shapes: "
                        + xs.stream().map(a -> a.shape().toString()).toList() + ".");
            }
        }
        return xs;
    }

    private DataArray conform(DataArray d, Shape expected, String what, String layer) {
        DataArray a = d;
        if (a.shape().rank() == expected.rank() - 1 && expected.dim(-1) == 1) {
            a = a.reshape(a.shape().append(1));
        }
        boolean ok = a.shape().rank() == expected.rank();
        for (int i = 1; ok && i < expected.rank(); i++) {
            ok = expected.dim(i) == Shape.UNKNOWN || expected.dim(i) == a.shape().dim(i);
        }
        if (!ok) {
            throw new DataException("Error when checking " + what + ": expected " + layer + " to have shape " + expected
                    + " but got array with shape " + d.shape() + ". Reshape the data or change the model's "
                    + (what.equals("input") ? "input shape." : "last layer."));
        }
        if (expected.dim(0) != Shape.UNKNOWN && a.samples() % expected.dim(0) != 0) {
            throw new DataException("Error when checking " + what + ": the model has a fixed batch size of "
                    + expected.dim(0) + " (batchInputShape " + expected + ") but the data has " + a.samples()
                    + " samples, which is not a multiple of it.");
        }
        return a;
    }

    private DataArray targets(Object y, int samples) {
        CompiledObjective c = requireCompiled();
        DataArray d = DataArray.of(y, "y");
        Shape out = outputShape();
        String outLayer = layerNames.get(layerNames.size() - 1);
        if (c.loss() == BuiltinLoss.CATEGORICAL_CROSSENTROPY && out.dim(-1) > 1
                && (d.shape().rank() == out.rank() - 1 || d.shape().dim(-1) == 1)) {
            throw new DataException("You are passing a target array of shape " + d.shape() + " while using as loss "
                    + "categorical_crossentropy, which expects targets to be binary matrices (1s and 0s) of shape "
                    + "(samples, classes) = " + out.with(0, d.samples()) + ". If your targets are integer classes, "
                    + "convert them with io.strata.data.Utils.toCategorical(y, " + out.dim(-1) + "), or use the loss "
                    + "sparse_categorical_crossentropy, which expects integer targets.");
        }
        DataArray t = conform(d, c.targetShape(out), "target", outLayer);
        if (c.sparse()) {
            long classes = out.dim(-1);
            for (float v : t.values()) {
                if (v != Math.rint(v) || v < 0 || v >= classes) {
                    throw new DataException("sparse_categorical_crossentropy expects integer class labels in [0, " + classes
                            + "), got " + v + ". Pass class indices, not one-hot rows (for one-hot targets use "
                            + "categorical_crossentropy).");
                }
            }
        }
        if (t.samples() != samples) {
            throw new DataException("Input arrays should have the same number of samples as target arrays. Found "
                    + samples + " input samples and " + t.samples() + " target samples.");
        }
        return t;
    }

    private float @Nullable [] sampleWeights(FitOptions o, DataArray y) {
        float[] sw = o.sampleWeightValue();
        if (sw != null) {
            if (sw.length != y.samples()) {
                throw new DataException("fit: 'sample_weight' has " + sw.length + " values but there are " + y.samples()
                        + " samples; pass one weight per sample.");
            }
            return sw;
        }
        Map<Integer, Double> cw = o.classWeightValue();
        if (cw == null) {
            return null;
        }
        int n = y.samples();
        int width = y.sampleSize();
        float[] w = new float[n];
        Set<Integer> missing = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int cls;
            if (width > 1) {
                cls = 0;
                for (int j = 1; j < width; j++) {
                    if (y.values()[i * width + j] > y.values()[i * width + cls]) {
                        cls = j;
                    }
                }
            } else {
                cls = Math.round(y.values()[i]);
            }
            Double weight = cw.get(cls);
            if (weight == null) {
                missing.add(cls);
            } else {
                w[i] = weight.floatValue();
            }
        }
        if (!missing.isEmpty()) {
            throw new DataException("fit: 'class_weight' must contain all classes in the data. The classes " + missing
                    + " exist in the data but not in class_weight.");
        }
        return w;
    }

    // ---- training and inference -------------------------------------------------------------------

    /**
     * Keras's {@code fit}: trains for {@code options.epochs} epochs and returns the {@link History}.
     *
     * @param x the inputs: an array, an {@code NdArray}, or a {@code List} of them for several inputs
     * @param y the targets
     * @throws java.util.concurrent.CancellationException if the thread is interrupted; training stops at
     *     the next batch boundary and the model keeps the last completed step
     */
    public History fit(Object x, Object y, FitOptions options) {
        CompiledObjective c = requireCompiled();
        lockTraining();
        Program p = null;
        try {
            List<DataArray> xs = inputs(x, "x");
            DataArray ys = targets(y, xs.get(0).samples());
            float[] sw = sampleWeights(options, ys);
            List<DataArray> xv = null;
            DataArray yv = null;
            if (options.validationX() != null) {
                xv = inputs(options.validationX(), "validation_data x");
                yv = targets(options.validationY(), xv.get(0).samples());
            } else if (options.validationSplitValue() > 0) {
                int n = ys.samples();
                int split = (int) (n * (1 - options.validationSplitValue()));
                if (split == 0 || split == n) {
                    throw new DataException("fit: validation_split=" + options.validationSplitValue() + " of " + n
                            + " samples leaves an empty training or validation set.");
                }
                xv = new ArrayList<>();
                List<DataArray> xt = new ArrayList<>();
                for (DataArray a : xs) {
                    xt.add(a.slice(0, split));
                    xv.add(a.slice(split, n));
                }
                yv = ys.slice(split, n);
                xs = xt;
                ys = ys.slice(0, split);
                if (sw != null) {
                    sw = java.util.Arrays.copyOf(sw, split);
                }
            }
            p = program(true);
            p.upload(DataSlot.TRAIN, xs, ys, sw);
            int valSamples = 0;
            if (xv != null) {
                p.upload(DataSlot.EVAL, xv, yv, null);
                valSamples = yv.samples();
            }
            return new Trainer(this, p, shuffleRandom).fit(ys.samples(), valSamples, c.metricNames(), options);
        } finally {
            if (p != null) {
                p.release(DataSlot.TRAIN);
                p.release(DataSlot.EVAL);
            }
            trainLock.unlock();
        }
    }

    /**
     * {@link #fit} on a new thread. {@code cancel(true)} on the future interrupts training, which stops
     * at the next batch boundary and leaves the model usable; a later {@code fit} continues from the
     * last completed step.
     */
    public CompletableFuture<History> fitAsync(Object x, Object y, FitOptions options) {
        return TrainingFuture.start("strata-fit-" + name, () -> fit(x, y, options));
    }

    /** Keras's {@code evaluate}: the loss and metrics over the data, batch by batch. */
    public List<Double> evaluate(Object x, Object y, int batchSize) {
        CompiledObjective c = requireCompiled();
        if (batchSize <= 0) {
            throw new InvalidConfigException("evaluate: 'batch_size' must be positive, got " + batchSize + ".");
        }
        lockTraining();
        Program p = null;
        try {
            List<DataArray> xs = inputs(x, "x");
            DataArray ys = targets(y, xs.get(0).samples());
            p = program(true);
            p.upload(DataSlot.EVAL, xs, ys, null);
            float[] out = new Trainer(this, p, shuffleRandom).evaluateSlot(ys.samples(), batchSize, c.metricNames().size());
            List<Double> result = new ArrayList<>();
            for (float v : out) {
                result.add((double) v);
            }
            return result;
        } finally {
            if (p != null) {
                p.release(DataSlot.EVAL);
            }
            trainLock.unlock();
        }
    }

    /** Keras's {@code predict}: the model's outputs, batch by batch. Safe to call from several threads. */
    public FloatNdArray predict(Object x, int batchSize) {
        if (batchSize <= 0) {
            throw new InvalidConfigException("predict: 'batch_size' must be positive, got " + batchSize + ".");
        }
        List<DataArray> xs = inputs(x, "x");
        int n = xs.get(0).samples();
        Program p = program(compiled != null);
        Shape out = outputShape();
        int per = Math.toIntExact(out.sampleSize());
        float[] values = new float[n * per];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            float[] batch = p.predict(xs, from, to);
            System.arraycopy(batch, 0, values, from * per, batch.length);
        }
        return NdArrays.wrap(org.tensorflow.ndarray.Shape.of(out.with(0, n).dims()), DataBuffers.of(values, true, false));
    }

    /** Keras's {@code predict_on_batch}: {@link #predict} of one batch. */
    public FloatNdArray predictOnBatch(Object x) {
        List<DataArray> xs = inputs(x, "x");
        return predict(xs.size() == 1 ? xs.get(0) : xs, Math.max(1, xs.get(0).samples()));
    }

    /** Keras's {@code predict_proba}: the predictions, which for a softmax or sigmoid output are probabilities. */
    public FloatNdArray predictProba(Object x) {
        return predict(x, 32);
    }

    /** Keras's {@code predict_classes}: the arg-max class, or {@code p > 0.5} for a single output unit. */
    public int[] predictClasses(Object x) {
        FloatNdArray p = predict(x, 32);
        int n = Math.toIntExact(p.shape().get(0));
        int per = Math.toIntExact(p.size() / Math.max(1, n));
        float[] v = new float[Math.toIntExact(p.size())];
        p.copyTo(DataBuffers.of(v, false, false));
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            if (per == 1) {
                classes[i] = v[i] > 0.5f ? 1 : 0;
            } else {
                int best = 0;
                for (int j = 1; j < per; j++) {
                    if (v[i * per + j] > v[i * per + best]) {
                        best = j;
                    }
                }
                classes[i] = best;
            }
        }
        return classes;
    }

    /** Keras's {@code train_on_batch}: one optimizer step on the whole of {@code x}: {@code [loss, metrics...]}. */
    public List<Double> trainOnBatch(Object x, Object y) {
        requireCompiled();
        lockTraining();
        Program p = null;
        try {
            List<DataArray> xs = inputs(x, "x");
            DataArray ys = targets(y, xs.get(0).samples());
            p = program(true);
            p.upload(DataSlot.TRAIN, xs, ys, null);
            int[] all = new int[ys.samples()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return toList(p.trainStep(all));
        } finally {
            if (p != null) {
                p.release(DataSlot.TRAIN);
            }
            trainLock.unlock();
        }
    }

    /** Keras's {@code test_on_batch}: the loss and metrics on one batch, without training. */
    public List<Double> testOnBatch(Object x, Object y) {
        int n = inputs(x, "x").get(0).samples();
        return evaluate(x, y, Math.max(1, n));
    }

    private static List<Double> toList(float[] values) {
        List<Double> out = new ArrayList<>();
        for (float v : values) {
            out.add((double) v);
        }
        return out;
    }

    private void lockTraining() {
        if (!trainLock.tryLock()) {
            throw new StrataException("Model " + name + " is already training or evaluating on another thread; a model "
                    + "can be trained by one thread at a time. Wait for it (or cancel it) first.");
        }
    }

    // ---- weights and state ------------------------------------------------------------------------

    /** Keras's {@code get_weights}: every weight in layer order (kernel, then bias, …), with Keras's shapes. */
    public List<FloatNdArray> getWeights() {
        Program p = program(compiled != null);
        List<float[]> values = p.readWeights();
        List<WeightSpec> specs = allWeightSpecs();
        List<FloatNdArray> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (specs.get(i).state()) {
                continue;
            }
            out.add(NdArrays.wrap(org.tensorflow.ndarray.Shape.of(specs.get(i).shape().dims()),
                    DataBuffers.of(values.get(i), true, false)));
        }
        return out;
    }

    /**
     * Keras's {@code set_weights}: replaces every weight, in {@link #getWeights()} order; each value may be
     * an {@code NdArray} or a Java array of the weight's shape.
     */
    public void setWeights(List<?> weights) {
        List<WeightSpec> specs = allWeightSpecs();
        List<String> names = weightNames();
        long expected = specs.stream().filter(s -> !s.state()).count();
        if (weights.size() != expected) {
            throw new DataException("setWeights: model " + name + " has " + expected + " weights but "
                    + weights.size() + " were given. Pass them in getWeights() order.");
        }
        Program p = program(compiled != null);
        List<float[]> values = new ArrayList<>(p.readWeights());
        int k = 0;
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).state()) {
                continue;
            }
            DataArray d = DataArray.of(weights.get(k), "weights[" + k + "]");
            if (!d.shape().equals(specs.get(i).shape())) {
                throw new DataException("setWeights: layer weight " + names.get(i) + " has shape " + specs.get(i).shape()
                        + ", not compatible with the provided weight shape " + d.shape() + ".");
            }
            values.set(i, d.values().clone());
            k++;
        }
        p.writeWeights(values);
    }

    private List<WeightSpec> allWeightSpecs() {
        List<WeightSpec> specs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            recordWeights(layers.get(i), layerNames.get(i), inputOf(i), specs);
        }
        return specs;
    }

    /** The optimizer's current base learning rate (Keras's {@code K.get_value(model.optimizer.lr)}). */
    public double learningRate() {
        return program(true).learningRate();
    }

    /** Sets the optimizer's base learning rate (Keras's {@code K.set_value(model.optimizer.lr, v)}). */
    public void setLearningRate(double lr) {
        program(true).setLearningRate(lr);
    }

    /** The number of training steps taken so far (Keras's {@code optimizer.iterations}). */
    public long iterations() {
        return program(true).iterations();
    }

    /** Keras's {@code reset_states}: zeroes the state of stateful layers. */
    public void resetStates() {
        synchronized (programLock) {
            if (program != null) {
                program.resetStates();
            }
        }
    }

    @Override
    public String toString() {
        return "Sequential(" + name + ", " + layerNames + ")";
    }
}
