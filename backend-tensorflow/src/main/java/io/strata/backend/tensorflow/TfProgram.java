// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import static io.strata.backend.tensorflow.TfTensor.out;

import io.strata.DataException;
import io.strata.Shape;
import io.strata.StrataException;
import io.strata.backend.DataSlot;
import io.strata.backend.ModelDefinition;
import io.strata.backend.Program;
import io.strata.backend.Tensor;
import io.strata.backend.TrainingDefinition;
import io.strata.data.DataArray;
import io.strata.layers.CallContext;
import io.strata.layers.Weight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A compiled model on TensorFlow: one {@link Graph} and one {@link Session}.
 *
 * <p>The graph holds three traces of the model over shared resource variables: <b>predict</b> (fed
 * placeholders, inference mode), <b>train</b> (batches gathered in-graph from the uploaded training
 * set by an index vector, training mode, followed by the optimizer updates under one {@code NoOp})
 * and <b>test</b> (gathered from the evaluation set, inference mode). A training step is one
 * {@code Session.run} that feeds only the index vector.
 */
final class TfProgram implements Program {
    private final ModelDefinition def;
    private final Graph graph;
    private final TfGraphBuilder g;
    private TfOps ops; // not final: the constructor's failure path releases it when set
    private final TfVariables vars;
    private final Session session;

    private final List<Output<?>> weightHandles = new ArrayList<>();
    private final List<Output<?>> weightPlaceholders = new ArrayList<>();
    private final List<Output<?>> weightReads = new ArrayList<>();
    private Operation writeWeightsOp;

    private final List<Output<?>> predictInputs = new ArrayList<>();
    private Output<?> predictOutput;
    private @Nullable Operation predictUpdates;

    private @Nullable Output<?> lrHandle;
    private @Nullable Output<?> lrPlaceholder;
    private @Nullable Operation lrAssign;
    private @Nullable Output<?> lrRead;
    private @Nullable Output<?> iterationsRead;
    private @Nullable Output<?> iterationsHandle;
    private final Map<Integer, Step> trainSteps = new HashMap<>();
    private final Map<Integer, Step> testSteps = new HashMap<>();
    private final Map<DataSlot, Boolean> slotWeighted = new EnumMap<>(DataSlot.class);
    private final Map<DataSlot, HostData> hostData = new EnumMap<>(DataSlot.class);
    private final Map<DataSlot, DataVars> slots = new EnumMap<>(DataSlot.class);
    private final Map<DataSlot, Integer> slotSizes = new EnumMap<>(DataSlot.class);
    private @Nullable Output<?> trainIndices;
    private @Nullable Output<?> testIndices;
    private final List<Operation> stateResets = new ArrayList<>();
    private volatile boolean closed;

    /** A built step: the target to run (null for test steps) and the loss and metric outputs. */
    private record Step(@Nullable Operation target, Output<?>[] fetches, List<Output<?>> feeds) {}

    /** A data set kept on the host and fed batch by batch (see {@link #FEED_BY_DEFAULT}). */
    private record HostData(List<DataArray> x, DataArray y, float @Nullable [] w) {}

    /**
     * Whether batches are fed from the host by default. Measured on CPU (benchmarks/RESULTS.md): feeding
     * each batch is as fast as uploading the set once and gathering batches in-graph for the 784-pixel
     * MLP, and faster for the guide's 20-feature MLP (two gathers cost more than copying 32 rows), while
     * it saves the upload (about 1 s and a second copy of the data for Fashion-MNIST). Upload and gather
     * pays off where host-to-device copies are dear, so it is the default when TensorFlow's GPU natives
     * are on the class path. {@code -Dstrata.tf.feed=always|never} overrides the choice.
     */
    static final boolean FEED_BY_DEFAULT = !TfBackend.gpuNatives();

    /** The uploaded data of one slot: a variable per input, the targets and the sample weights. */
    private record DataVars(List<Output<?>> x, List<Output<?>> xFeed, Output<?> y, Output<?> yFeed, Output<?> w,
            Output<?> wFeed, Operation assign) {}

    TfProgram(ModelDefinition def, ConfigProto config) {
        this.def = def;
        this.graph = new Graph();
        try {
            this.g = new TfGraphBuilder(graph);
            this.ops = new TfOps(g, def.seed() == 0 ? 1 : def.seed());
            this.vars = new TfVariables(g);
            buildWeights();
            buildPredict();
            if (def.training() != null) {
                buildTraining(def.training());
            }
            Operation init = vars.newInitializers();
            this.session = new Session(graph, withGrappler(config, graph));
            initialize(init);
        } catch (RuntimeException e) {
            graph.close();
            if (ops != null) {
                ops.release();
            }
            throw e;
        }
    }

    /**
     * Forward graphs larger than this many ops (long unrolled recurrent layers) run without Grappler.
     * Measured (benchmarks/RESULTS.md): for an LSTM unrolled over 400 steps Grappler's passes took most
     * of a 33 s first step, while the steps themselves were no faster with them.
     */
    static final int GRAPPLER_MAX_OPS = 1_500;

    private static ConfigProto withGrappler(ConfigProto config, Graph graph) {
        String mode = System.getProperty("strata.tf.grappler", "auto");
        boolean off = mode.equals("off");
        if (mode.equals("auto")) {
            int count = 0;
            for (java.util.Iterator<?> it = graph.operations(); it.hasNext(); it.next()) {
                count++;
            }
            off = count > GRAPPLER_MAX_OPS;
            if (Boolean.getBoolean("strata.tf.debug")) {
                System.err.println("strata: graph has " + count + " ops at session start; Grappler " + (off ? "off" : "on"));
            }
        }
        if (!off) {
            return config;
        }
        return config.toBuilder().setGraphOptions(config.getGraphOptions().toBuilder().setRewriteOptions(
                org.tensorflow.proto.RewriterConfig.newBuilder().setDisableMetaOptimizer(true))).build();
    }

    // ---- graph construction -----------------------------------------------------------------------

    private void buildWeights() {
        TfGraphBuilder.OpBuilder group = null;
        List<Operation> assigns = new ArrayList<>();
        for (Weight w : def.weights()) {
            long[] shape = w.spec().shape().dims();
            Output<?> h = vars.variable(w.fullName().replace('/', '_'), DataType.DT_FLOAT, shape);
            Output<?> ph = g.placeholder(DataType.DT_FLOAT, shape);
            weightHandles.add(h);
            weightPlaceholders.add(ph);
            weightReads.add(vars.read(h));
            assigns.add(vars.assign(h, ph));
            if (w.spec().state()) {
                int[] dims = w.spec().shape().intDims();
                stateResets.add(vars.assign(h, g.apply("Fill", g.ints(dims), g.scalar(0f))));
            }
        }
        group = g.op("NoOp");
        for (Operation a : assigns) {
            group.control(a);
        }
        writeWeightsOp = group.build();
    }

    private void buildPredict() {
        List<Tensor> inputs = new ArrayList<>();
        for (Shape s : def.inputShapes()) {
            Output<?> ph = g.placeholder(DataType.DT_FLOAT, s.with(0, Shape.UNKNOWN).dims());
            predictInputs.add(ph);
            inputs.add(new TfTensor(ph));
        }
        Trace trace = new Trace(false);
        predictOutput = out(def.forward().apply(trace, inputs));
        if (!trace.assigns.isEmpty()) {
            // Stateful layers carry their state from one predict batch to the next, as in Keras.
            TfGraphBuilder.OpBuilder b = g.op("NoOp");
            trace.assigns.forEach(b::control);
            predictUpdates = b.build();
        }
    }

    private void buildTraining(TrainingDefinition training) {
        lrHandle = vars.scalarVariable("lr", (float) training.optimizer().lr());
        lrPlaceholder = g.placeholder(DataType.DT_FLOAT);
        lrAssign = vars.assign(lrHandle, lrPlaceholder);
        lrRead = vars.read(lrHandle);
        iterationsHandle = vars.variable("iterations", DataType.DT_INT64);
        vars.addInitializer(vars.assign(iterationsHandle, g.tf.constant(0L).asOutput()));
        iterationsRead = vars.read(iterationsHandle, DataType.DT_INT64);
        for (DataSlot slot : DataSlot.values()) {
            slots.put(slot, dataVars(slot, training.targetShape()));
        }
        trainIndices = g.placeholder(DataType.DT_INT32, -1);
        testIndices = g.placeholder(DataType.DT_INT32, -1);
    }

    /**
     * The train or test step for uniform ({@code weighted = false}) or given sample weights, with its
     * batch gathered in-graph or fed ({@code fed}), built on first use: uniform weights need no weight
     * gather and no normalisation, a smaller graph.
     */
    private Step step(boolean train, boolean weighted, boolean fed) {
        Map<Integer, Step> cache = train ? trainSteps : testSteps;
        int key = (weighted ? 1 : 0) + (fed ? 2 : 0);
        Step existing = cache.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            Step built = buildStep(train, weighted, fed);
            Operation init = vars.newInitializers();
            if (init != null) {
                session.runner().addTarget(init).run();
            }
            cache.put(key, built);
            return built;
        }
    }

    private Step buildStep(boolean train, boolean weighted, boolean fed) {
        TrainingDefinition training = def.training();
        DataVars dv = slots.get(train ? DataSlot.TRAIN : DataSlot.EVAL);
        Output<?> indices = train ? trainIndices : testIndices;
        List<Output<?>> feeds = new ArrayList<>();
        List<Tensor> xs;
        Tensor yTrue;
        Tensor w = null;
        if (fed) {
            xs = new ArrayList<>();
            for (Shape s : def.inputShapes()) {
                Output<?> ph = g.placeholder(DataType.DT_FLOAT, s.with(0, Shape.UNKNOWN).dims());
                feeds.add(ph);
                xs.add(new TfTensor(ph));
            }
            Output<?> yPh = g.placeholder(DataType.DT_FLOAT, training.targetShape().with(0, Shape.UNKNOWN).dims());
            feeds.add(yPh);
            yTrue = new TfTensor(yPh);
            if (weighted) {
                Output<?> wPh = g.placeholder(DataType.DT_FLOAT, -1);
                feeds.add(wPh);
                w = new TfTensor(wPh);
            }
        } else {
            feeds.add(indices);
            xs = gathered(dv.x(), indices);
            yTrue = gather(dv.y(), indices);
            w = weighted ? gather(dv.w(), indices) : null;
        }
        long traceStart = System.nanoTime();
        Trace trace = new Trace(train);
        Tensor yPred = def.forward().apply(trace, xs);
        Tensor loss = totalLoss(training, trace, yTrue, yPred, w);
        List<Tensor> metrics = training.metrics().apply(ops, yTrue, yPred);
        if (!train) {
            Operation updates = null;
            if (!trace.assigns.isEmpty()) {
                TfGraphBuilder.OpBuilder b = g.op("NoOp");
                trace.assigns.forEach(b::control);
                updates = b.build();
            }
            return new Step(updates, fetches(loss, metrics), feeds);
        }

        List<Output<?>> handles = new ArrayList<>();
        List<Output<?>> reads = new ArrayList<>();
        for (Weight wt : def.weights()) {
            if (wt.spec().trainable() && trace.reads.containsKey(wt.index())) {
                handles.add(weightHandles.get(wt.index()));
                reads.add(out(trace.reads.get(wt.index())));
            }
        }
        List<Operation> updates = new ArrayList<>(trace.assigns);
        long gradStart = System.nanoTime();
        if (!reads.isEmpty()) {
            Output<?>[] grads = graph.addGradients(out(loss), reads.toArray(Output<?>[]::new));
            if (Boolean.getBoolean("strata.tf.debug")) {
                System.err.printf("strata: train step trace %.2f s, gradients %.2f s%n", (gradStart - traceStart) / 1e9,
                        (System.nanoTime() - gradStart) / 1e9);
            }
            List<Output<?>> gradList = new ArrayList<>(Arrays.asList(grads));
            for (int i = 0; i < gradList.size(); i++) {
                if (gradList.get(i) == null) {
                    gradList.set(i, g.apply("ZerosLike", reads.get(i)));
                }
            }
            Tensor iterF = new TfTensor(g.cast(iterationsRead, DataType.DT_FLOAT));
            Tensor lr = new TfTensor(lrRead);
            double decay = training.optimizer().decay();
            if (decay > 0) {
                lr = ops.mul(lr, ops.div(ops.constant(1f), ops.add(ops.constant(1f),
                        ops.mul(ops.constant((float) decay), iterF))));
            }
            Tensor t = ops.add(iterF, ops.constant(1f));
            List<Operation> applies = new TfOptimizers(g, ops, vars).apply(training.optimizer(), handles, gradList, lr, t);
            updates.addAll(applies);
            updates.addAll(constraints(handles, applies));
        }
        // Keras reads iterations before it is incremented (decay and Adam's t use the old value).
        List<Operation> deps = new ArrayList<>(updates);
        deps.add(iterationsRead.op());
        Operation increment = g.withControls(deps, () ->
                g.op("AssignAddVariableOp").in(iterationsHandle).in(g.tf.constant(1L).asOutput()).build());
        TfGraphBuilder.OpBuilder step = g.op("NoOp").control(increment);
        updates.forEach(step::control);
        return new Step(step.build(), fetches(loss, metrics), feeds);
    }

    private List<Operation> constraints(List<Output<?>> handles, List<Operation> applies) {
        List<Operation> out = new ArrayList<>();
        for (Weight wt : def.weights()) {
            if (wt.spec().constraint() == null) {
                continue;
            }
            Output<?> h = weightHandles.get(wt.index());
            if (!handles.contains(h)) {
                continue;
            }
            out.add(g.withControls(applies, () -> {
                Tensor current = new TfTensor(vars.read(h));
                return vars.assign(h, out(wt.spec().constraint().apply(ops, current)));
            }));
        }
        return out;
    }

    private Tensor totalLoss(TrainingDefinition training, Trace trace, Tensor yTrue, Tensor yPred, @Nullable Tensor w) {
        Tensor loss = training.objective().apply(ops, yTrue, yPred, w);
        for (Tensor extra : trace.losses) {
            loss = ops.add(loss, extra);
        }
        return loss;
    }

    private static Output<?>[] fetches(Tensor loss, List<Tensor> metrics) {
        Output<?>[] f = new Output<?>[1 + metrics.size()];
        f[0] = out(loss);
        for (int i = 0; i < metrics.size(); i++) {
            f[i + 1] = out(metrics.get(i));
        }
        return f;
    }

    private DataVars dataVars(DataSlot slot, Shape targetShape) {
        String s = slot.name().toLowerCase(java.util.Locale.ROOT);
        List<Output<?>> x = new ArrayList<>();
        List<Output<?>> xFeed = new ArrayList<>();
        List<Operation> assigns = new ArrayList<>();
        for (int i = 0; i < def.inputShapes().size(); i++) {
            long[] shape = def.inputShapes().get(i).with(0, Shape.UNKNOWN).dims();
            Output<?> h = vars.variable(s + "_x" + i, DataType.DT_FLOAT, shape);
            Output<?> ph = g.placeholder(DataType.DT_FLOAT, shape);
            x.add(h);
            xFeed.add(ph);
            assigns.add(vars.assign(h, ph));
        }
        long[] yShape = targetShape.with(0, Shape.UNKNOWN).dims();
        Output<?> y = vars.variable(s + "_y", DataType.DT_FLOAT, yShape);
        Output<?> yFeed = g.placeholder(DataType.DT_FLOAT, yShape);
        assigns.add(vars.assign(y, yFeed));
        Output<?> w = vars.variable(s + "_w", DataType.DT_FLOAT, -1);
        Output<?> wFeed = g.placeholder(DataType.DT_FLOAT, -1);
        assigns.add(vars.assign(w, wFeed));
        TfGraphBuilder.OpBuilder group = g.op("NoOp");
        assigns.forEach(group::control);
        return new DataVars(x, xFeed, y, yFeed, w, wFeed, group.build());
    }

    private List<Tensor> gathered(List<Output<?>> handles, Output<?> indices) {
        List<Tensor> out = new ArrayList<>();
        for (Output<?> h : handles) {
            out.add(gather(h, indices));
        }
        return out;
    }

    private Tensor gather(Output<?> handle, Output<?> indices) {
        // TF: ResourceGather has no gradient; data variables are never differentiated, but read+GatherV2
        // is used everywhere for one code path.
        return new TfTensor(g.apply("GatherV2", vars.read(handle), indices, g.int0(0)));
    }

    /** The {@link CallContext} of one trace of the model. */
    private final class Trace implements CallContext {
        private final boolean training;
        private final Map<Integer, Tensor> reads = new HashMap<>();
        private final List<Tensor> losses = new ArrayList<>();
        private final List<Operation> assigns = new ArrayList<>();
        private long seeds;

        Trace(boolean training) {
            this.training = training;
        }

        @Override
        public io.strata.backend.Ops ops() {
            return ops;
        }

        @Override
        public boolean training() {
            return training;
        }

        @Override
        public Tensor read(Weight weight) {
            return reads.computeIfAbsent(weight.index(), i -> new TfTensor(vars.read(weightHandles.get(i))));
        }

        @Override
        public void assign(Weight weight, Tensor value) {
            assigns.add(vars.assign(weightHandles.get(weight.index()), out(value)));
        }

        @Override
        public void addLoss(Tensor loss) {
            losses.add(loss);
        }

        @Override
        public long nextSeed() {
            return ++seeds;
        }

        private @Nullable Tensor mask;

        @Override
        public @Nullable Tensor mask() {
            return mask;
        }

        @Override
        public void mask(@Nullable Tensor mask) {
            this.mask = mask;
        }
    }

    // ---- session ----------------------------------------------------------------------------------

    private void initialize(Operation init) {
        List<float[]> values = def.initialValues();
        writeWeightsInternal(values, init);
    }

    private void writeWeightsInternal(List<float[]> values, @Nullable Operation extraTarget) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner().addTarget(writeWeightsOp);
            if (extraTarget != null) {
                r.addTarget(extraTarget);
            }
            for (int i = 0; i < values.size(); i++) {
                Weight w = def.weights().get(i);
                TFloat32 t = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(w.spec().shape().dims()),
                        DataBuffers.of(values.get(i), true, false));
                tensors.add(t);
                r.feed(weightPlaceholders.get(i), t);
            }
            r.run();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StrataException("This TensorFlow program was closed; the model rebuilds it on its next use.");
        }
    }

    private void ensureTraining() {
        if (def.training() == null) {
            throw new IllegalStateException("TF: program was compiled without a training definition");
        }
    }

    private static boolean feedSamples(List<DataArray> inputs, DataArray targets) {
        String mode = System.getProperty("strata.tf.feed", "auto");
        if (mode.equals("always")) {
            return true;
        }
        if (mode.equals("never")) {
            return false;
        }
        return FEED_BY_DEFAULT;
    }

    @Override
    public void upload(DataSlot slot, List<DataArray> inputs, @Nullable DataArray targets, float @Nullable [] weights) {
        ensureOpen();
        ensureTraining();
        release(slot);
        int n = inputs.get(0).samples();
        if (targets != null && feedSamples(inputs, targets)) {
            if (weights != null && weights.length != n) {
                throw new DataException("sample weights: " + weights.length + " values for " + n + " samples.");
            }
            hostData.put(slot, new HostData(List.copyOf(inputs), targets, weights));
            slotWeighted.put(slot, weights != null);
            return;
        }
        DataVars dv = slots.get(slot);
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner().addTarget(dv.assign());
            for (int i = 0; i < inputs.size(); i++) {
                r.feed(dv.xFeed().get(i), track(tensors, floats(inputs.get(i).values(), inputs.get(i).shape())));
            }
            DataArray y = targets;
            if (y == null) {
                y = new DataArray(new float[0], def.training().targetShape().with(0, 0), false);
            }
            r.feed(dv.yFeed(), track(tensors, floats(y.values(), y.shape())));
            float[] w = weights;
            if (w == null) {
                w = new float[n];
                Arrays.fill(w, 1f);
            }
            if (w.length != n) {
                throw new DataException("sample weights: " + w.length + " values for " + n + " samples.");
            }
            r.feed(dv.wFeed(), track(tensors, floats(w, Shape.of(n))));
            r.run();
            slotSizes.put(slot, n);
            slotWeighted.put(slot, weights != null);
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    private static TFloat32 floats(float[] values, Shape shape) {
        return TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(shape.dims()), DataBuffers.of(values, true, false));
    }

    private static <T extends org.tensorflow.Tensor> T track(List<org.tensorflow.Tensor> all, T t) {
        all.add(t);
        return t;
    }

    @Override
    public void release(DataSlot slot) {
        hostData.remove(slot);
        if (closed || def.training() == null || !slotSizes.containsKey(slot)) {
            return;
        }
        DataVars dv = slots.get(slot);
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner().addTarget(dv.assign());
            for (int i = 0; i < dv.xFeed().size(); i++) {
                r.feed(dv.xFeed().get(i), track(tensors, floats(new float[0], def.inputShapes().get(i).with(0, 0))));
            }
            r.feed(dv.yFeed(), track(tensors, floats(new float[0], def.training().targetShape().with(0, 0))));
            r.feed(dv.wFeed(), track(tensors, floats(new float[0], Shape.of(0))));
            r.run();
            slotSizes.remove(slot);
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    @Override
    public float[] trainStep(int[] indices) {
        ensureOpen();
        ensureTraining();
        return run(DataSlot.TRAIN, true, indices);
    }

    @Override
    public float[] testStep(int[] indices) {
        ensureOpen();
        ensureTraining();
        return run(DataSlot.EVAL, false, indices);
    }

    private float[] run(DataSlot slot, boolean train, int[] indices) {
        HostData host = hostData.get(slot);
        boolean weighted = slotWeighted.getOrDefault(slot, false);
        Step step = step(train, weighted, host != null);
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            if (host == null) {
                r.feed(step.feeds().get(0), track(tensors, TInt32.vectorOf(indices)));
            } else {
                int k = 0;
                for (DataArray a : host.x()) {
                    r.feed(step.feeds().get(k++), track(tensors, rows(a, indices)));
                }
                r.feed(step.feeds().get(k++), track(tensors, rows(host.y(), indices)));
                if (weighted) {
                    float[] w = new float[indices.length];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = host.w()[indices[i]];
                    }
                    r.feed(step.feeds().get(k), track(tensors, floats(w, Shape.of(w.length))));
                }
            }
            if (step.target() != null) {
                r.addTarget(step.target());
            }
            for (Output<?> f : step.fetches()) {
                r.fetch(f);
            }
            try (Result result = r.run()) {
                float[] out = new float[step.fetches().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = ((TFloat32) result.get(i)).getFloat();
                }
                return out;
            }
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    /** The rows {@code indices} of {@code a}, copied into a new tensor. */
    private static TFloat32 rows(DataArray a, int[] indices) {
        float[] batch = new float[indices.length * a.sampleSize()];
        a.gatherInto(indices, batch);
        return floats(batch, a.shape().with(0, indices.length));
    }

    @Override
    public float[] predict(List<DataArray> inputs, int from, int to) {
        ensureOpen();
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int i = 0; i < inputs.size(); i++) {
                DataArray a = inputs.get(i);
                float[] batch = new float[(to - from) * a.sampleSize()];
                a.copyInto(from, to, batch);
                r.feed(predictInputs.get(i), track(tensors, floats(batch, a.shape().with(0, to - from))));
            }
            r.fetch(predictOutput);
            if (predictUpdates != null) {
                r.addTarget(predictUpdates);
            }
            try (Result result = r.run()) {
                TFloat32 y = (TFloat32) result.get(0);
                float[] out = new float[Math.toIntExact(y.size())];
                y.asRawTensor().data().asFloats().read(out);
                return out;
            }
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    @Override
    public List<float[]> readWeights() {
        ensureOpen();
        if (weightReads.isEmpty()) {
            return List.of();
        }
        Session.Runner r = session.runner();
        weightReads.forEach(r::fetch);
        try (Result result = r.run()) {
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < weightReads.size(); i++) {
                TFloat32 t = (TFloat32) result.get(i);
                float[] v = new float[Math.toIntExact(t.size())];
                t.asRawTensor().data().asFloats().read(v);
                out.add(v);
            }
            return out;
        }
    }

    @Override
    public void writeWeights(List<float[]> values) {
        ensureOpen();
        writeWeightsInternal(values, null);
    }

    @Override
    public double learningRate() {
        ensureOpen();
        ensureTraining();
        try (Result result = session.runner().fetch(lrRead).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    @Override
    public void setLearningRate(double lr) {
        ensureOpen();
        ensureTraining();
        try (TFloat32 t = TFloat32.scalarOf((float) lr)) {
            session.runner().feed(lrPlaceholder, t).addTarget(lrAssign).run();
        }
    }

    @Override
    public long iterations() {
        ensureOpen();
        ensureTraining();
        try (Result result = session.runner().fetch(iterationsRead).run()) {
            return ((TInt64) result.get(0)).getLong();
        }
    }

    @Override
    public void resetStates() {
        ensureOpen();
        for (Operation op : stateResets) {
            session.run(op.name());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.close();
        graph.close();
        ops.release();
    }
}
