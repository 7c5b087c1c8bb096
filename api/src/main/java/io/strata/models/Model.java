// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.backend.TrainingDefinition;
import io.strata.layers.SymbolicTensor;
import io.strata.losses.Loss;
import io.strata.metrics.Metric;
import io.strata.optimizers.Optimizer;
import io.strata.training.CompileOptions;
import io.strata.training.FitOptions;
import io.strata.training.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
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
public class Model extends Network implements AutoCloseable {
    final ModelRuntime runtime = new ModelRuntime(this);
    @Nullable CompiledObjective compiled;
    private CompileOptions compileOptions = CompileOptions.defaults();
    private long seed = ThreadLocalRandom.current().nextLong();
    private Random shuffleRandom = new Random(seed ^ 0x5DEECE66DL);
    final TrainingGuard guard = new TrainingGuard(this);

    /** A model from one input to one output. */
    public Model(SymbolicTensor input, SymbolicTensor output) {
        this(List.of(input), List.of(output));
    }

    /** A model from {@code inputs} to {@code outputs}, named {@code model_N}. */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        this(inputs, outputs, nextName("model"));
    }

    /** A named model from {@code inputs} to {@code outputs}. */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, String name) {
        super(inputs, outputs, name);
    }

    /** A model whose graph its subclass sets ({@link Sequential}). */
    Model(String name) {
        super(name);
    }

    @Override
    void graphChanged() {
        runtime.invalidate();
    }

    // ---- lifecycle under threads --------------------------------------------------------------------

    /**
     * Runs a change of the model ({@code close}, {@code compile}, {@code seed}, a layer added or
     * removed) unless {@code fit}, {@code evaluate} or another training call runs: then it is refused,
     * since it would discard what that call has not finished.
     */
    final void change(String what, Runnable change) {
        guard.change(what, change);
    }

    /**
     * Waits until no training call ({@code fit}, {@code evaluate}, {@code trainOnBatch}, …) runs on the
     * model: after {@code fitAsync(...).cancel(true)}, the model is free once this returns.
     *
     * @throws java.util.concurrent.CancellationException if the waiting thread is interrupted
     */
    public void awaitIdle() {
        guard.awaitIdle();
    }

    /** {@link #awaitIdle()} for at most {@code timeout}; whether the model became idle. */
    public boolean awaitIdle(java.time.Duration timeout) {
        return guard.awaitIdle(timeout);
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
        compile(optimizer, loss, metrics, lossWeights, CompileOptions.defaults());
    }

    /**
     * Keras's {@code compile} with its execution arguments ({@code steps_per_execution},
     * {@code jit_compile}): {@code compile("adam", "mse", List.of(), null,
     * CompileOptions.defaults().stepsPerExecution(32))}.
     */
    public void compile(Object optimizer, Object loss, Object metrics, @Nullable Object lossWeights,
            @Nullable CompileOptions options) {
        requireGraph();
        CompiledObjective c = CompiledObjective.resolve(optimizer, loss, metrics, lossWeights, outputNames(), outputShapes());
        CompileOptions o = options == null ? CompileOptions.defaults() : options;
        change("compile()", () -> {
            compiled = c;
            compileOptions = o;
            runtime.invalidate();
        });
    }

    /** The execution arguments of the last {@code compile} (Keras's defaults before it). */
    public CompileOptions compileOptions() {
        return compileOptions;
    }

    /** Typed {@code compile}. */
    public void compile(Optimizer<?> optimizer, Loss loss, List<? extends Metric> metrics) {
        compile(optimizer, loss, metrics, null);
    }

    /** Selects the backend by name ({@code tensorflow}) instead of the default; call before first use. */
    public Model backend(String backendName) {
        change("backend()", () -> runtime.backend(backendName));
        return this;
    }

    /**
     * Seeds weight initialization, dropout and shuffling, so that runs repeat exactly on CPU. Call it
     * before the model is first used.
     */
    public Model seed(long seed) {
        change("seed()", () -> {
            this.seed = seed;
            this.shuffleRandom = new Random(seed ^ 0x5DEECE66DL);
            runtime.invalidate();
        });
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
        return new TrainingDefinition(c.optimizer(), c.targetShapes(outputShapes()), c.objective(), c.logNames(),
                compileOptions.jitCompileValue());
    }

    ModelData data() {
        return ModelData.of(this);
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
        return TrainingFuture.start("strata-fit-" + name(), () -> fit(x, y, options));
    }

    /** Keras's {@code evaluate}: the loss and the logged values ({@link #metricsNames()}), batch by batch. */
    public List<Double> evaluate(Object x, Object y, int batchSize) {
        return Loops.evaluate(this, x, y, batchSize);
    }

    /** Keras's {@code predict} for a model with one output, batch by batch. Safe to call from several threads. */
    public FloatNdArray predict(Object x, int batchSize) {
        List<FloatNdArray> all = predictOutputs(x, batchSize);
        if (all.size() != 1) {
            throw new InvalidConfigException("Model " + name() + " has " + all.size() + " outputs " + outputNames()
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

    // ---- generators: data read batch by batch (Keras 2's fit_generator, fit(Sequence)) ----

    /** Keras's {@code fit(Sequence)}: the batches in a seeded order, prepared by {@code workers} threads ahead of the step. */
    public History fit(io.strata.data.Sequence data, FitOptions options) {
        return GeneratorLoops.fit(this, data, null, 0, options);
    }

    /** Keras 2's {@code fit_generator}: {@code stepsPerEpoch} batches per epoch from {@code generator}, read ahead on a thread. */
    public History fitGenerator(java.util.Iterator<io.strata.data.Batch> generator, int stepsPerEpoch, FitOptions options) {
        return GeneratorLoops.fit(this, null, generator, stepsPerEpoch, options);
    }

    /** Keras's {@code evaluate(Sequence)}: averaged over all batches, weighted by their sizes. */
    public List<Double> evaluate(io.strata.data.Sequence data) {
        return GeneratorLoops.evaluate(this, data, null, 0, 1, 10);
    }

    /** Keras 2's {@code evaluate_generator(generator, steps)}. */
    public List<Double> evaluateGenerator(java.util.Iterator<io.strata.data.Batch> generator, int steps) {
        return GeneratorLoops.evaluate(this, null, generator, steps, 1, 10);
    }

    /** Keras's {@code predict(Sequence)}: one array per output, the batches' rows in order. */
    public List<FloatNdArray> predictOutputs(io.strata.data.Sequence data) {
        return GeneratorLoops.predict(this, data, null, 0, 1, 10);
    }

    /** Keras 2's {@code predict_generator(generator, steps)}: one array per output. */
    public List<FloatNdArray> predictGenerator(java.util.Iterator<io.strata.data.Batch> generator, int steps) {
        return GeneratorLoops.predict(this, null, generator, steps, 1, 10);
    }

    // ---- weights and state ----------------------------------------------------------------------------

    /** Keras's {@code get_weights}: every weight in Keras's order (layer by layer; kernel, then bias, ...). */
    public List<FloatNdArray> getWeights() {
        return Weights.get(this);
    }

    /** Keras's {@code set_weights}, in {@link #getWeights()} order: {@code NdArray}s or Java arrays of each weight's shape. */
    public void setWeights(List<?> weights) {
        Weights.set(this, weights);
    }

    /** The optimizer's current base learning rate (Keras's {@code K.get_value(model.optimizer.lr)}). */
    public double learningRate() {
        requireCompiled();
        return runtime.read(true, p -> p.learningRate());
    }

    /**
     * Sets the optimizer's base learning rate (Keras's {@code K.set_value(model.optimizer.lr, v)}); during
     * {@code fit} it applies from the next step.
     *
     * @throws InvalidConfigException for a negative or non-finite rate
     */
    public void setLearningRate(double lr) {
        requireCompiled();
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new InvalidConfigException("setLearningRate: the learning rate must be a finite number >= 0, got " + lr
                    + ". A schedule or callback computed it; check its formula.");
        }
        runtime.acquire(true).guarded().setLearningRate(lr);
    }

    /** The number of training steps taken so far (Keras's {@code optimizer.iterations}); kept across {@code close()}. */
    public long iterations() {
        requireCompiled();
        return runtime.read(true, p -> p.iterations());
    }

    // ---- files -------------------------------------------------------------------------------------

    /**
     * Keras's {@code save_weights}: a {@code *.weights.h5} path gets Keras 3's layout, any other Keras 2's
     * HDF5 layout ({@code layer_names}, one group per layer, {@code dense_1/kernel:0} datasets), which
     * Keras 2, tf.keras and h5py read. The write is atomic.
     */
    public void saveWeights(Path path) throws IOException {
        guard.exclusive("saveWeights()", () -> SaveFormats.saveWeights(this, path));
    }

    /** {@link #saveWeights(Path)} of a path string. */
    public void saveWeights(String path) throws IOException {
        saveWeights(Path.of(path));
    }

    /**
     * Keras's {@code load_weights} by topology: the file's layers with weights, in order, into this
     * model's. Keras 1, Keras 2, tf.keras and Keras 3 files load (Keras 1's and Theano's layouts are
     * converted as Keras 2 converts them). A file that does not fit changes no weight.
     */
    public void loadWeights(Path path) throws IOException {
        loadWeights(path, false, false);
    }

    /** {@link #loadWeights(Path)} of a path string. */
    public void loadWeights(String path) throws IOException {
        loadWeights(Path.of(path));
    }

    /**
     * Keras 2's {@code load_weights(path, by_name, skip_mismatch)}: with {@code byName}, weights go to the
     * layers of the same name (layers the file lacks are left alone); with {@code skipMismatch}, layers
     * whose weight count or shapes differ are skipped with a warning instead of failing the load.
     */
    public void loadWeights(Path path, boolean byName, boolean skipMismatch) throws IOException {
        SaveFormats.loadWeights(this, path, byName, skipMismatch);
    }

    /**
     * Keras's {@code model.save}: {@code *.keras} is Keras 3's format, {@code *.h5} (or {@code .hdf5})
     * Keras 2's whole-model file: the model's config, weights, training config and optimizer state, so
     * that {@link Models#load} (or Keras's {@code load_model}) continues training where this model is.
     * The write is atomic.
     */
    public void save(Path path) throws IOException {
        save(path, true);
    }

    /** {@link #save(Path)} of a path string. */
    public void save(String path) throws IOException {
        save(Path.of(path));
    }

    /** {@link #save(Path)}, with or without the training config and optimizer state. */
    public void save(Path path, boolean includeOptimizer) throws IOException {
        guard.exclusive("save()", () -> SaveFormats.save(this, path, includeOptimizer));
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
        change("close()", runtime::invalidate);
    }
}
