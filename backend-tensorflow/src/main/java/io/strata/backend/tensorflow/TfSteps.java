// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import static io.strata.backend.tensorflow.TfTensor.out;

import io.strata.backend.DataSlot;
import io.strata.backend.ModelDefinition;
import io.strata.backend.ObjectiveFunction.Objective;
import io.strata.backend.OptimizerState;
import io.strata.backend.Tensor;
import io.strata.backend.TrainingDefinition;
import io.strata.layers.Weight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A program's training and test steps: the model traced in training (or inference) mode on a batch,
 * the loss (the objective's data term plus the regularization the trace added), the logged values,
 * and for training the gradients of the loss, the optimizer's updates, the constraints and
 * {@code iterations += 1}, all under one {@code NoOp}. A step is built on first use for each way its
 * batch arrives (fed or gathered, with or without sample weights, with targets known to sum to 1 or
 * not): uniform weights need no weight gather and no normalisation, and one-hot targets no rescaling
 * of the cross-entropy, a smaller graph.
 */
final class TfSteps {
    private static final org.slf4j.Logger LOG = io.strata.internal.StrataLoggers.get(TfSteps.class);
    /**
     * A built execution of {@code count} steps: the target to run (null for test steps without state
     * updates), {@code count} groups of fetches ({@code [loss, logs...]} each) and each step's feeds.
     */
    record Step(@Nullable Operation target, Output<?>[] fetches, List<List<Output<?>>> feeds) {
        int count() {
            return feeds.size();
        }
    }

    /** What a built step depends on: train or test, how its batch arrives, and how many steps it runs. */
    private record Key(boolean train, boolean weighted, TfData.Mode mode, int distributions, int count, boolean gradients) {
        Key(boolean train, boolean weighted, TfData.Mode mode, int distributions, int count) {
            this(train, weighted, mode, distributions, count, false);
        }
    }

    /** How a trace of the model is made (the program's {@code CallContext}). */
    interface Tracer {
        TfProgram.Trace trace(boolean training);
    }

    private final Graph graph;
    private final TfGraphBuilder g;
    private final TfOps ops;
    private final TfVariables vars;
    private final ModelDefinition def;
    private final TrainingDefinition training;
    private final List<Output<?>> weightHandles;
    private final Tracer tracer;
    final TfData data;

    private final Output<?> lrHandle;
    private final Output<?> lrPlaceholder;
    private final Operation lrAssign;
    private final Output<?> lrRead;
    private final Output<?> iterationsHandle;
    private final Output<?> iterationsRead;
    private final Output<?> iterationsPlaceholder;
    private final Operation iterationsAssign;
    private final TfOptimizerStates states;
    /** The gradient step's weights and the apply step, for {@code Replica}. */
    private final TfReplicaSteps replica = new TfReplicaSteps();
    /** Each step's index vector, by position in an execution: train steps', then test steps'. */
    private final List<Output<?>> trainIndices = new ArrayList<>();
    private final List<Output<?>> testIndices = new ArrayList<>();
    private final Map<Key, Step> steps = new java.util.concurrent.ConcurrentHashMap<>();
    /** Which executions are compiled with XLA (Keras's {@code jit_compile}). */
    private final TfNatives.Jit jit;

    TfSteps(Graph graph, TfGraphBuilder g, TfOps ops, TfVariables vars, ModelDefinition def,
            List<Output<?>> weightHandles, Tracer tracer) {
        this.graph = graph;
        this.g = g;
        this.ops = ops;
        this.vars = vars;
        this.def = def;
        this.training = def.training();
        this.weightHandles = weightHandles;
        this.tracer = tracer;
        this.jit = TfNatives.jit(training.jitCompile(), TfProgram.weightCount(def));
        lrHandle = vars.scalarVariable("lr", (float) training.optimizer().lr());
        lrPlaceholder = g.placeholder(DataType.DT_FLOAT);
        lrAssign = vars.assign(lrHandle, lrPlaceholder);
        lrRead = vars.read(lrHandle);
        iterationsHandle = vars.variable("iterations", DataType.DT_INT64);
        vars.addInitializer(vars.assign(iterationsHandle, g.tf.constant(0L).asOutput()));
        iterationsRead = vars.read(iterationsHandle, DataType.DT_INT64);
        iterationsPlaceholder = g.placeholder(DataType.DT_INT64);
        iterationsAssign = vars.assign(iterationsHandle, iterationsPlaceholder);
        data = new TfData(g, vars, def.inputShapes(), training.targetShapes());
        states = new TfOptimizerStates(g, vars, weightHandles, iterationsRead, lrRead, iterationsPlaceholder, iterationsAssign,
                lrPlaceholder, lrAssign);
    }

    /**
     * Runs {@code indices.length} train or test steps in one {@code Session.run}, step {@code k} on
     * {@code slot}'s samples at {@code indices[k]}: {@code [loss, logs...]} of each step.
     */
    float[][] run(Session session, DataSlot slot, boolean train, int[][] indices) {
        TfData.Mode mode = data.mode(slot, jit.compiles(indices.length) && !uncompilable, indices);
        Step step = step(session, new Key(train, data.weighted(slot), mode, data.distributions(slot), indices.length));
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int k = 0; k < indices.length; k++) {
                data.feed(r, slot, mode, step.feeds().get(k), indices[k], tensors);
            }
            if (mode == TfData.Mode.HELD || mode == TfData.Mode.HELD_RANGE) {
                data.feedHeld(r, slot);
            }
            if (step.target() != null) {
                r.addTarget(step.target());
            }
            for (Output<?> f : step.fetches()) {
                r.fetch(f);
            }
            try (Result result = r.run()) {
                // One scalar fetch, or every step's [loss, logs...] packed into one vector.
                float[] all = floats((TFloat32) result.get(0));
                int per = all.length / indices.length;
                float[][] out = new float[indices.length][per];
                for (int i = 0; i < all.length; i++) {
                    out[i / per][i % per] = all[i];
                }
                return out;
            }
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    private Step step(Session session, Key key) {
        Step existing = steps.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = steps.get(key);
            if (existing != null) {
                return existing;
            }
            Step built = build(key);
            Operation init = vars.newInitializers();
            if (init != null) {
                session.runner().addTarget(init).run();
            }
            applyPending(session);
            steps.put(key, built);
            return built;
        }
    }

    private Step build(Key key) {
        if (key.gradients()) {
            return unrolled(key, false);
        }
        if (jit.compiles(key.count()) && !uncompilable) {
            Step compiled = compiled(key);
            if (compiled != null) {
                return packed(compiled);
            }
            // The model's ops do not change with the key: no other step will compile either.
            uncompilable = true;
            LOG.debug("steps left to TensorFlow's executor (not compiled with XLA)");
        }
        return packed(unrolled(key, false));
    }

    /**
     * {@code step} with its scalar fetches packed into one vector, fetched once. Measured (TF Java
     * 1.1.0): each fetched tensor costs the caller about 4 µs (64 scalars: 285–335 µs a run, one
     * vector of them: 45–48 µs), a tenth of a W4 step with 32 steps per execution.
     */
    private Step packed(Step step) {
        if (step.fetches().length == 1) {
            return step;
        }
        Output<?> all = g.op("Pack").inList(step.fetches()).attr("axis", 0L).build().output(0);
        return new Step(step.target(), new Output<?>[] {all}, step.feeds());
    }

    /**
     * Builds {@code key.count()} steps as one graph: copy {@code k + 1} is made under a control
     * dependency on copy {@code k}'s updates, so that it reads the weights, the optimizer's slots and
     * {@code iterations} that copy {@code k} wrote, exactly as {@code count} separate runs would.
     * Test steps are chained only through the state they update (stateful layers). {@code forXla}:
     * the steps will be compiled with XLA.
     */
    private Step unrolled(Key key, boolean forXla) {
        List<Output<?>> indexFeeds = key.train() ? trainIndices : testIndices;
        while (indexFeeds.size() < key.count()) {
            indexFeeds.add(g.placeholder(DataType.DT_INT32, -1));
        }
        List<Output<?>> fetches = new ArrayList<>();
        List<List<Output<?>>> feeds = new ArrayList<>();
        List<Operation> previous = List.of();
        for (int k = 0; k < key.count(); k++) {
            Output<?> indices = indexFeeds.get(k);
            Step one = g.withControls(previous, () -> buildOne(key, indices, forXla));
            fetches.addAll(Arrays.asList(one.fetches()));
            feeds.add(one.feeds().get(0));
            previous = one.target() == null ? List.of() : List.of(one.target());
        }
        Operation target = previous.isEmpty() ? null : previous.get(0);
        return new Step(target, fetches.toArray(Output<?>[]::new), feeds);
    }

    private final Map<Key, TfXlaFunction.@Nullable Body> bodies = new java.util.HashMap<>();
    private int calls;
    /** Set when a step could not be compiled (a convolution under "auto", low-level control flow). */
    private boolean uncompilable;

    /** {@code key.count()} steps as chained calls of XLA-compiled functions; null when a step cannot be compiled. */
    private @Nullable Step compiled(Key key) {
        TfXlaFunction.Chain chain = TfXlaFunction.compiled(g, "xla_" + (key.train() ? "train" : "test") + "_" + calls++,
                key.count(), count -> body(key, count));
        return chain == null ? null : new Step(chain.last(), chain.fetches().toArray(Output<?>[]::new), chain.feeds());
    }

    private TfXlaFunction.@Nullable Body body(Key key, int count) {
        Key k = new Key(key.train(), key.weighted(), key.mode(), key.distributions(), count);
        if (!bodies.containsKey(k)) {
            Step s = unrolled(k, true);
            bodies.put(k, TfXlaFunction.function(graph, (key.train() ? "strata_train_" : "strata_test_") + count + "_" + bodies.size(),
                    s.fetches(), s.target(), s.feeds(), jit == TfNatives.Jit.AUTO));
        }
        return bodies.get(k);
    }

    /** One trace of the model on a batch: its loss, its fetches and the {@code iterations} it read. */
    private record Traced(TfData.Batch batch, TfProgram.Trace trace, Output<?> iterationsNow, Tensor loss, Output<?>[] fetches) {}

    /** The trainable weights a trace read (positions and handles) and the loss's gradient for each. */
    private record Grads(int[] weights, List<Output<?>> handles, List<Output<?>> values) {}

    private Traced trace(Key key, Output<?> indices, boolean forXla) {
        boolean train = key.train();
        TfData.Batch batch = data.batch(train ? DataSlot.TRAIN : DataSlot.EVAL, key.weighted(), key.mode(), key.distributions(),
                indices);
        // Each step reads iterations itself: Keras reads it before the increment (decay, Adam's t), and
        // dropout draws its masks from it, so that a step's masks do not depend on how steps are grouped.
        Output<?> iterationsNow = vars.read(iterationsHandle, DataType.DT_INT64);
        TfProgram.Trace trace = tracer.trace(train);
        List<Tensor> yPred = ops.withRandomCounter(iterationsNow, forXla, () -> def.forward().apply(trace, batch.x()));
        Objective objective = training.objective().apply(ops, batch.y(), yPred, batch.w());
        Tensor loss = objective.loss();
        for (Tensor extra : trace.losses) {
            loss = ops.add(loss, extra);
        }
        Output<?>[] fetches = new Output<?>[1 + objective.logs().size()];
        fetches[0] = out(loss);
        for (int i = 0; i < objective.logs().size(); i++) {
            fetches[i + 1] = out(objective.logs().get(i));
        }
        return new Traced(batch, trace, iterationsNow, loss, fetches);
    }

    private Grads grads(Traced t) {
        List<Integer> weights = new ArrayList<>();
        List<Output<?>> handles = new ArrayList<>();
        List<Output<?>> reads = new ArrayList<>();
        for (Weight wt : def.weights()) {
            if (wt.spec().trainable() && t.trace().reads.containsKey(wt.index())) {
                weights.add(wt.index());
                handles.add(weightHandles.get(wt.index()));
                reads.add(out(t.trace().reads.get(wt.index())));
            }
        }
        List<Output<?>> values = new ArrayList<>();
        if (!reads.isEmpty()) {
            long start = System.nanoTime();
            Output<?>[] grads = graph.addGradients(out(t.loss()), reads.toArray(Output<?>[]::new));
            LOG.debug("gradients {} s", String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9));
            for (int i = 0; i < grads.length; i++) {
                values.add(grads[i] != null ? grads[i] : g.apply("ZerosLike", reads.get(i)));
            }
        }
        return new Grads(weights.stream().mapToInt(Integer::intValue).toArray(), handles, values);
    }

    /**
     * The optimizer's updates of {@code handles} by {@code grads}, the constraints, the other
     * {@code updates} (stateful layers) and {@code iterations += 1} after {@code iterationsNow} was read,
     * under one {@code NoOp}.
     */
    private Operation update(List<Output<?>> handles, List<Output<?>> grads, Output<?> iterationsNow, List<Operation> others) {
        List<Operation> updates = new ArrayList<>(others);
        if (!handles.isEmpty()) {
            Tensor iterF = new TfTensor(g.cast(iterationsNow, DataType.DT_FLOAT));
            Tensor lr = new TfTensor(lrRead);
            double decay = training.optimizer().decay();
            if (decay > 0) {
                lr = ops.mul(lr, ops.div(ops.constant(1f), ops.add(ops.constant(1f),
                        ops.mul(ops.constant((float) decay), iterF))));
            }
            Tensor t = ops.add(iterF, ops.constant(1f));
            List<Operation> applies = new TfOptimizers(g, ops, vars).apply(training.optimizer(), handles, grads, lr, t);
            updates.addAll(applies);
            updates.addAll(constraints(handles, applies));
        }
        // Keras reads iterations before it is incremented (decay and Adam's t use the old value).
        List<Operation> deps = new ArrayList<>(updates);
        deps.add(iterationsNow.op());
        Operation increment = g.withControls(deps, () ->
                g.op("AssignAddVariableOp").in(iterationsHandle).in(g.tf.constant(1L).asOutput()).build());
        TfGraphBuilder.OpBuilder step = g.op("NoOp").control(increment);
        updates.forEach(step::control);
        return step.build();
    }

    private static @Nullable Operation group(TfGraphBuilder g, List<Operation> ops) {
        if (ops.isEmpty()) {
            return null;
        }
        TfGraphBuilder.OpBuilder b = g.op("NoOp");
        ops.forEach(b::control);
        return b.build();
    }

    private Step buildOne(Key key, Output<?> indices, boolean forXla) {
        Traced t = trace(key, indices, forXla);
        List<List<Output<?>>> feeds = List.of(t.batch().feeds());
        if (!key.train()) {
            return new Step(group(g, t.trace().assigns), t.fetches(), feeds);
        }
        Grads grads = grads(t);
        if (key.gradients()) {
            replica.record(grads.weights(), grads.handles());
            List<Output<?>> fetches = new ArrayList<>(Arrays.asList(t.fetches()));
            fetches.addAll(grads.values());
            return new Step(group(g, t.trace().assigns), fetches.toArray(Output<?>[]::new), feeds);
        }
        return new Step(update(grads.handles(), grads.values(), t.iterationsNow(), t.trace().assigns), t.fetches(), feeds);
    }

    // ---- data-parallel halves of a step (see TfReplicaSteps) ------------------------------------------

    /** The loss, logs and gradients on {@code slot}'s samples at {@code indices}, no update. */
    io.strata.backend.Gradients gradients(Session session, DataSlot slot, int[] indices) {
        Key key = new Key(true, data.weighted(slot), data.mode(slot, true, new int[0][]), data.distributions(slot), 1, true);
        return replica.gradients(session, data, slot, step(session, key), indices);
    }

    /** One optimizer step with {@code values} as the gradients of {@code weights}. */
    void applyGradients(Session session, int[] weights, List<float[]> values) {
        synchronized (this) {
            replica.prepareApply(weights, values, hs -> {
                List<Output<?>> phs = new ArrayList<>();
                for (Output<?> h : hs) {
                    phs.add(g.placeholder(DataType.DT_FLOAT, vars.shapeOf(h)));
                }
                Operation target = update(hs, phs, vars.read(iterationsHandle, DataType.DT_INT64), List.of());
                Operation init = vars.newInitializers();
                if (init != null) {
                    session.runner().addTarget(init).run();
                }
                applyPending(session);
                return new TfReplicaSteps.Apply(target, phs);
            });
        }
        replica.apply(session, vars, weights, values);
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

    double learningRate(Session session) {
        try (Result result = session.runner().fetch(lrRead).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    void setLearningRate(Session session, double lr) {
        try (TFloat32 t = TFloat32.scalarOf((float) lr)) {
            session.runner().feed(lrPlaceholder, t).addTarget(lrAssign).run();
        }
    }

    /** The optimizer's state; slots not created yet are those of the pending restored state, if any. */
    synchronized OptimizerState state(Session session) {
        return states.state(session);
    }

    /** Restores iterations and the learning rate now, and every slot that exists now or is created later. */
    synchronized void restore(Session session, OptimizerState state) {
        states.restore(session, state);
    }

    private void applyPending(Session session) {
        states.applyPending(session);
    }

    static float[] floats(TFloat32 t) {
        float[] v = new float[Math.toIntExact(t.size())];
        t.asRawTensor().data().asFloats().read(v);
        return v;
    }

    long iterations(Session session) {
        try (Result result = session.runner().fetch(iterationsRead).run()) {
            return ((TInt64) result.get(0)).getLong();
        }
    }
}
