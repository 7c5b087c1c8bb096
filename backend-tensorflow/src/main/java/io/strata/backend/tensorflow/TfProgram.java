// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import static io.strata.backend.tensorflow.TfTensor.out;

import io.strata.StrataException;
import io.strata.backend.DataSlot;
import io.strata.backend.ModelDefinition;
import io.strata.backend.OptimizerState;
import io.strata.backend.Program;
import io.strata.backend.Tensor;
import io.strata.data.DataArray;
import io.strata.layers.CallContext;
import io.strata.layers.Weight;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A compiled model on TensorFlow: one {@link Graph} and one {@link Session}.
 *
 * <p>The graph holds the model's weights as resource variables, with one assign op and one read per
 * weight (so that single weights move between the host and the program), and traces of the model
 * over them: <b>predict</b> (fed placeholders, inference mode) here, and the <b>train</b> and
 * <b>test</b> steps of {@link TfSteps} (batches from {@link TfData}). A training step is one
 * {@code Session.run}.
 */
final class TfProgram implements Program {
    private static final org.slf4j.Logger LOG = io.strata.internal.StrataLoggers.get(TfProgram.class);
    private final ModelDefinition def;
    private final Graph graph;
    private final TfGraphBuilder g;
    private TfOps ops; // not final: the constructor's failure path releases it when set
    private final TfVariables vars;
    private final Session session;

    private final List<Output<?>> weightHandles = new ArrayList<>();
    private final List<Output<?>> weightPlaceholders = new ArrayList<>();
    private final List<Output<?>> weightReads = new ArrayList<>();
    private final List<Operation> weightAssigns = new ArrayList<>();

    private @Nullable TfPredicts predicts;
    private @Nullable TfSteps steps;
    private volatile boolean closed;

    TfProgram(ModelDefinition def, ConfigProto config) {
        this.def = def;
        this.graph = new Graph();
        try {
            this.g = new TfGraphBuilder(graph);
            this.ops = new TfOps(g, def.seed() == 0 ? 1 : def.seed());
            this.vars = new TfVariables(g);
            buildWeights();
            predicts = new TfPredicts(graph, g, def, () -> new Trace(false));
            if (def.training() != null) {
                steps = new TfSteps(graph, g, ops, vars, def, weightHandles, Trace::new);
            }
            Operation init = vars.newInitializers();
            this.session = new Session(graph, withGrappler(config, graph));
            if (init != null) {
                session.runner().addTarget(init).run();
            }
            int[] all = new int[def.weights().size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            writeWeights(all, def.initialValues());
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
            LOG.debug("graph has {} ops at session start; Grappler {}", count, off ? "off" : "on");
        }
        if (!off) {
            return config;
        }
        return config.toBuilder().setGraphOptions(config.getGraphOptions().toBuilder().setRewriteOptions(
                org.tensorflow.proto.RewriterConfig.newBuilder().setDisableMetaOptimizer(true))).build();
    }

    // ---- graph construction -----------------------------------------------------------------------

    private void buildWeights() {
        for (Weight w : def.weights()) {
            long[] shape = w.spec().shape().dims();
            Output<?> h = vars.variable(w.fullName().replace('/', '_'), DataType.DT_FLOAT, shape);
            Output<?> ph = g.placeholder(DataType.DT_FLOAT, shape);
            weightHandles.add(h);
            weightPlaceholders.add(ph);
            weightReads.add(vars.read(h));
            weightAssigns.add(vars.assign(h, ph));
        }
    }

    /** The number of weights (scalars) of {@code def}'s model. */
    static long weightCount(ModelDefinition def) {
        long n = 0;
        for (var w : def.weights()) {
            n += w.spec().size();
        }
        return n;
    }

    /** The {@link CallContext} of one trace of the model. */
    final class Trace implements CallContext {
        private final boolean training;
        final Map<Integer, Tensor> reads = new HashMap<>();
        final List<Tensor> losses = new ArrayList<>();
        final List<Operation> assigns = new ArrayList<>();
        private long seeds;
        private @Nullable Tensor mask;

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

    private void ensureOpen() {
        if (closed) {
            throw new StrataException("This TensorFlow program was closed; the model rebuilds it on its next use.");
        }
    }

    private TfSteps steps() {
        ensureOpen();
        if (steps == null) {
            throw new IllegalStateException("TF: program was compiled without a training definition");
        }
        return steps;
    }

    @Override
    public void upload(DataSlot slot, List<DataArray> inputs, @Nullable List<DataArray> targets,
            @Nullable List<float @Nullable []> sampleWeights) {
        if (targets == null) {
            throw new IllegalArgumentException("TF: uploads for train and test steps need targets");
        }
        TfErrors.run("upload the data", () -> steps().data.upload(session, slot, inputs, targets, sampleWeights));
    }

    @Override
    public void release(DataSlot slot) {
        if (!closed && steps != null) {
            TfErrors.run("release the uploaded data", () -> steps.data.release(session, slot));
        }
    }

    @Override
    public float[][] trainSteps(int[][] indices) {
        return TfErrors.guard(indices.length == 1 ? "run a training step" : "run " + indices.length + " training steps",
                () -> steps().run(session, DataSlot.TRAIN, true, indices));
    }

    @Override
    public io.strata.backend.Gradients gradients(int[] indices) {
        return TfErrors.guard("compute gradients", () -> steps().gradients(session, DataSlot.TRAIN, indices));
    }

    @Override
    public void applyGradients(int[] weights, List<float[]> values) {
        TfErrors.run("apply gradients", () -> steps().applyGradients(session, weights, values));
    }

    @Override
    public float[][] testSteps(int[][] indices) {
        return TfErrors.guard(indices.length == 1 ? "run a test step" : "run " + indices.length + " test steps",
                () -> steps().run(session, DataSlot.EVAL, false, indices));
    }

    @Override
    public List<List<float[]>> predict(List<DataArray> inputs, int[] from, int[] to) {
        ensureOpen();
        return TfErrors.guard("predict", () -> predictBatches(inputs, from, to));
    }

    private List<List<float[]>> predictBatches(List<DataArray> inputs, int[] from, int[] to) {
        TfPredicts.Predict p = from.length == 1 && to[0] - from[0] == 1 ? predicts.oneRow() : null;
        if (p == null) {
            p = predicts.graph(from.length);
        }
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int k = 0; k < from.length; k++) {
                for (int i = 0; i < inputs.size(); i++) {
                    r.feed(p.inputs().get(k * inputs.size() + i), TfData.track(tensors, TfData.range(inputs.get(i), from[k], to[k])));
                }
            }
            p.outputs().forEach(r::fetch);
            if (p.updates() != null) {
                r.addTarget(p.updates());
            }
            try (Result result = r.run()) {
                int per = p.outputs().size() / from.length;
                List<List<float[]>> out = new ArrayList<>();
                for (int k = 0; k < from.length; k++) {
                    List<float[]> batch = new ArrayList<>();
                    for (int i = 0; i < per; i++) {
                        batch.add(values((TFloat32) result.get(k * per + i)));
                    }
                    out.add(batch);
                }
                return out;
            }
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    private static float[] values(TFloat32 t) {
        float[] v = new float[Math.toIntExact(t.size())];
        t.asRawTensor().data().asFloats().read(v);
        return v;
    }

    @Override
    public List<float[]> readWeights(int[] indices) {
        ensureOpen();
        if (indices.length == 0) {
            return List.of();
        }
        return TfErrors.guard("read the weights", () -> read(indices));
    }

    private List<float[]> read(int[] indices) {
        Session.Runner r = session.runner();
        for (int i : indices) {
            r.fetch(weightReads.get(i));
        }
        try (Result result = r.run()) {
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < indices.length; i++) {
                out.add(values((TFloat32) result.get(i)));
            }
            return out;
        }
    }

    @Override
    public void writeWeights(int[] indices, List<float[]> values) {
        ensureOpen();
        if (indices.length == 0) {
            return;
        }
        TfErrors.run("write the weights", () -> write(indices, values));
    }

    private void write(int[] indices, List<float[]> values) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int k = 0; k < indices.length; k++) {
                int i = indices[k];
                TFloat32 t = TfData.floats(values.get(k), def.weights().get(i).spec().shape());
                tensors.add(t);
                r.feed(weightPlaceholders.get(i), t).addTarget(weightAssigns.get(i));
            }
            r.run();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    @Override
    public double learningRate() {
        return TfErrors.guard("read the learning rate", () -> steps().learningRate(session));
    }

    @Override
    public void setLearningRate(double lr) {
        TfErrors.run("set the learning rate", () -> steps().setLearningRate(session, lr));
    }

    @Override
    public long iterations() {
        return TfErrors.guard("read the step counter", () -> steps().iterations(session));
    }

    @Override
    public OptimizerState optimizerState() {
        return TfErrors.guard("read the optimizer's state", () -> steps().state(session));
    }

    @Override
    public void restoreOptimizerState(OptimizerState state) {
        TfErrors.run("restore the optimizer's state", () -> steps().restore(session, state));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (steps != null) {
            steps.data.close();
        }
        session.close();
        graph.close();
        ops.release();
    }
}
