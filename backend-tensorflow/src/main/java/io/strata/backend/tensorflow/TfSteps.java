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
    private record Key(boolean train, boolean weighted, boolean fed, int distributions, int count) {}

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
    /** A restored optimizer state whose slots wait for the training step that creates them. */
    private @Nullable OptimizerState pending;
    /** Each step's index vector, by position in an execution: train steps', then test steps'. */
    private final List<Output<?>> trainIndices = new ArrayList<>();
    private final List<Output<?>> testIndices = new ArrayList<>();
    private final Map<Key, Step> steps = new java.util.concurrent.ConcurrentHashMap<>();

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
    }

    /**
     * Runs {@code indices.length} train or test steps in one {@code Session.run}, step {@code k} on
     * {@code slot}'s samples at {@code indices[k]}: {@code [loss, logs...]} of each step.
     */
    float[][] run(Session session, DataSlot slot, boolean train, int[][] indices) {
        Step step = step(session, new Key(train, data.weighted(slot), data.fed(slot), data.distributions(slot), indices.length));
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int k = 0; k < indices.length; k++) {
                data.feed(r, slot, step.feeds().get(k), indices[k], tensors);
            }
            if (step.target() != null) {
                r.addTarget(step.target());
            }
            for (Output<?> f : step.fetches()) {
                r.fetch(f);
            }
            try (Result result = r.run()) {
                int per = step.fetches().length / indices.length;
                float[][] out = new float[indices.length][per];
                for (int i = 0; i < step.fetches().length; i++) {
                    out[i / per][i % per] = ((TFloat32) result.get(i)).getFloat();
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

    /**
     * Builds {@code key.count()} steps as one graph: copy {@code k + 1} is made under a control
     * dependency on copy {@code k}'s updates, so that it reads the weights, the optimizer's slots and
     * {@code iterations} that copy {@code k} wrote, exactly as {@code count} separate runs would.
     * Test steps are chained only through the state they update (stateful layers).
     */
    private Step build(Key key) {
        List<Output<?>> indexFeeds = key.train() ? trainIndices : testIndices;
        while (indexFeeds.size() < key.count()) {
            indexFeeds.add(g.placeholder(DataType.DT_INT32, -1));
        }
        List<Output<?>> fetches = new ArrayList<>();
        List<List<Output<?>>> feeds = new ArrayList<>();
        List<Operation> previous = List.of();
        for (int k = 0; k < key.count(); k++) {
            Output<?> indices = indexFeeds.get(k);
            Step one = g.withControls(previous, () -> buildOne(key, indices));
            fetches.addAll(Arrays.asList(one.fetches()));
            feeds.add(one.feeds().get(0));
            previous = one.target() == null ? List.of() : List.of(one.target());
        }
        Operation target = previous.isEmpty() ? null : previous.get(0);
        return new Step(target, fetches.toArray(Output<?>[]::new), feeds);
    }

    private Step buildOne(Key key, Output<?> indices) {
        boolean train = key.train();
        TfData.Batch batch = data.batch(train ? DataSlot.TRAIN : DataSlot.EVAL, key.weighted(), key.fed(), key.distributions(),
                indices);
        // Each step reads iterations itself: Keras reads it before the increment (decay, Adam's t), and
        // dropout draws its masks from it, so that a step's masks do not depend on how steps are grouped.
        Output<?> iterationsNow = vars.read(iterationsHandle, DataType.DT_INT64);
        long traceStart = System.nanoTime();
        TfProgram.Trace trace = tracer.trace(train);
        List<Tensor> yPred = ops.withRandomCounter(iterationsNow, () -> def.forward().apply(trace, batch.x()));
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
        if (!train) {
            Operation updates = null;
            if (!trace.assigns.isEmpty()) {
                TfGraphBuilder.OpBuilder b = g.op("NoOp");
                trace.assigns.forEach(b::control);
                updates = b.build();
            }
            return new Step(updates, fetches, List.of(batch.feeds()));
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
            if (LOG.isDebugEnabled()) {
                LOG.debug("train step trace {} s, gradients {} s", String.format(java.util.Locale.ROOT, "%.2f", (gradStart - traceStart) / 1e9),
                        String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - gradStart) / 1e9));
            }
            List<Output<?>> gradList = new ArrayList<>(Arrays.asList(grads));
            for (int i = 0; i < gradList.size(); i++) {
                if (gradList.get(i) == null) {
                    gradList.set(i, g.apply("ZerosLike", reads.get(i)));
                }
            }
            Tensor iterF = new TfTensor(g.cast(iterationsNow, DataType.DT_FLOAT));
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
        deps.add(iterationsNow.op());
        Operation increment = g.withControls(deps, () ->
                g.op("AssignAddVariableOp").in(iterationsHandle).in(g.tf.constant(1L).asOutput()).build());
        TfGraphBuilder.OpBuilder step = g.op("NoOp").control(increment);
        updates.forEach(step::control);
        return new Step(step.build(), fetches, List.of(batch.feeds()));
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
        Map<Integer, Map<String, float[]>> slots = new java.util.LinkedHashMap<>();
        if (pending != null) {
            slots.putAll(pending.slots());
        }
        List<Output<?>> fetches = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < weightHandles.size(); i++) {
            for (Map.Entry<String, Output<?>> e : vars.slotsOf(weightHandles.get(i)).entrySet()) {
                fetches.add(vars.read(e.getValue()));
                owners.add(i);
                names.add(e.getKey());
            }
        }
        Map<String, float[]> globals = new java.util.LinkedHashMap<>();
        if (pending != null) {
            globals.putAll(pending.globals());
        }
        List<String> globalNames = new ArrayList<>(vars.sharedVariables().keySet());
        for (String k : globalNames) {
            fetches.add(vars.read(vars.sharedVariables().get(k)));
        }
        Session.Runner r = session.runner().fetch(iterationsRead).fetch(lrRead);
        fetches.forEach(r::fetch);
        try (Result result = r.run()) {
            long iterations = ((TInt64) result.get(0)).getLong();
            double lr = ((TFloat32) result.get(1)).getFloat();
            for (int k = 0; k < owners.size(); k++) {
                slots.computeIfAbsent(owners.get(k), x -> new java.util.LinkedHashMap<>())
                        .put(names.get(k), floats((TFloat32) result.get(2 + k)));
            }
            for (int k = 0; k < globalNames.size(); k++) {
                globals.put(globalNames.get(k), floats((TFloat32) result.get(2 + owners.size() + k)));
            }
            return new OptimizerState(iterations, lr, slots, globals);
        }
    }

    private static float[] floats(TFloat32 t) {
        float[] v = new float[Math.toIntExact(t.size())];
        t.asRawTensor().data().asFloats().read(v);
        return v;
    }

    /** Restores iterations and the learning rate now, and every slot that exists now or is created later. */
    synchronized void restore(Session session, OptimizerState state) {
        try (org.tensorflow.types.TInt64 it = org.tensorflow.types.TInt64.scalarOf(state.iterations());
                TFloat32 lr = TFloat32.scalarOf((float) state.learningRate())) {
            session.runner().feed(iterationsPlaceholder, it).addTarget(iterationsAssign)
                    .feed(lrPlaceholder, lr).addTarget(lrAssign).run();
        }
        pending = state;
        applyPending(session);
    }

    /** Writes the pending state's values into the slots that exist, and forgets them. */
    private void applyPending(Session session) {
        if (pending == null) {
            return;
        }
        Map<Integer, Map<String, float[]>> left = new java.util.LinkedHashMap<>();
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            boolean any = false;
            for (Map.Entry<Integer, Map<String, float[]>> e : pending.slots().entrySet()) {
                Map<String, Output<?>> existing = e.getKey() < weightHandles.size()
                        ? vars.slotsOf(weightHandles.get(e.getKey())) : Map.of();
                Map<String, float[]> notYet = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, float[]> slot : e.getValue().entrySet()) {
                    Output<?> h = existing.get(slot.getKey());
                    if (h == null) {
                        notYet.put(slot.getKey(), slot.getValue());
                        continue;
                    }
                    any |= write(r, h, slot.getValue(), tensors);
                }
                if (!notYet.isEmpty()) {
                    left.put(e.getKey(), notYet);
                }
            }
            Map<String, float[]> globalsLeft = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : pending.globals().entrySet()) {
                Output<?> h = vars.sharedVariables().get(e.getKey());
                if (h == null) {
                    globalsLeft.put(e.getKey(), e.getValue());
                } else {
                    any |= write(r, h, e.getValue(), tensors);
                }
            }
            if (any) {
                r.run();
            }
            pending = left.isEmpty() && globalsLeft.isEmpty() ? null
                    : new OptimizerState(pending.iterations(), pending.learningRate(), left, globalsLeft);
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    /** Adds {@code handle := values} to {@code r} if the sizes agree (a slot of a changed weight is skipped). */
    private boolean write(Session.Runner r, Output<?> handle, float[] values, List<TFloat32> tensors) {
        long[] shape = vars.shapeOf(handle);
        if (io.strata.Shape.of(shape).size() != values.length) {
            return false;
        }
        TFloat32 t = TfData.floats(values, io.strata.Shape.of(shape));
        tensors.add(t);
        Output<?> ph = g.placeholder(DataType.DT_FLOAT, shape);
        r.feed(ph, t).addTarget(vars.assign(handle, ph));
        return true;
    }

    long iterations(Session session) {
        try (Result result = session.runner().fetch(iterationsRead).run()) {
            return ((TInt64) result.get(0)).getLong();
        }
    }
}
