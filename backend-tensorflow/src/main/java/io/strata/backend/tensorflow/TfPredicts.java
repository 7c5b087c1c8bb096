// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import static io.strata.backend.tensorflow.TfTensor.out;

import io.strata.Shape;
import io.strata.backend.ModelDefinition;
import io.strata.backend.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;

/**
 * A program's predict graphs, by the number of batches they run in one call: the model traced in
 * inference mode on each batch's placeholders, batch {@code k + 1} after batch {@code k}'s state
 * updates; compiled with XLA in groups where the program's {@code jit_compile} says so.
 */
final class TfPredicts {
    private final Graph graph;
    private final TfGraphBuilder g;
    private final ModelDefinition def;
    private final java.util.function.Supplier<TfProgram.Trace> tracer;
    /** Predict graphs by the number of batches they run: 1 built with the program, others on first use. */
    private final Map<Integer, Predict> predicts = new java.util.concurrent.ConcurrentHashMap<>();

    TfPredicts(Graph graph, TfGraphBuilder g, ModelDefinition def, java.util.function.Supplier<TfProgram.Trace> tracer) {
        this.graph = graph;
        this.g = g;
        this.def = def;
        this.tracer = tracer;
        predicts.put(1, buildPredict(1));
    }

    /**
     * {@code count} batches' inputs ({@code count} groups of one placeholder per model input) and
     * outputs, and the state updates of stateful layers (null without), batch {@code k + 1} after
     * batch {@code k}'s updates.
     */
    record Predict(List<Output<?>> inputs, List<Output<?>> outputs, @Nullable Operation updates) {}

    private final Map<Integer, TfXlaFunction.@Nullable Body> predictBodies = new java.util.HashMap<>();

    private Predict buildPredict(int count) {
        TfNatives.Jit jit = TfNatives.jit(def.training() == null ? null : def.training().jitCompile(), TfProgram.weightCount(def));
        Predict compiled = jit.compiles(count) ? compiled("xla_predict_" + count, count, jit) : null;
        return compiled != null ? compiled : unrolledPredict(count);
    }

    /** Set when a batch could not be compiled: the model's ops are the same for every count. */
    private boolean uncompilable;

    /** {@code count} batches as chained calls of XLA-compiled groups; null when they cannot be compiled. */
    private @Nullable Predict compiled(String name, int count, TfNatives.Jit jit) {
        TfXlaFunction.Chain chain = uncompilable ? null : TfXlaFunction.compiled(g, name, count, c -> predictBody(c, jit));
        if (chain == null) {
            uncompilable = true;
            return null;
        }
        List<Output<?>> inputs = new ArrayList<>();
        chain.feeds().forEach(inputs::addAll);
        return new Predict(inputs, chain.fetches(), chain.last());
    }

    /** {@code count} predict batches as one XLA-compiled function (null when they cannot be compiled, see {@link TfXlaFunction#function}). */
    private TfXlaFunction.@Nullable Body predictBody(int count, TfNatives.Jit jit) {
        if (!predictBodies.containsKey(count)) {
            Predict p = unrolledPredict(count);
            int n = def.inputShapes().size();
            List<List<Output<?>>> feeds = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                feeds.add(p.inputs().subList(k * n, (k + 1) * n));
            }
            predictBodies.put(count, TfXlaFunction.function(graph, "strata_predict_" + count,
                    p.outputs().toArray(Output<?>[]::new), p.updates(), feeds, jit == TfNatives.Jit.AUTO));
        }
        return predictBodies.get(count);
    }

    private Predict unrolledPredict(int count) {
        List<Output<?>> placeholders = new ArrayList<>();
        List<Output<?>> outputs = new ArrayList<>();
        List<Operation> previous = List.of();
        for (int k = 0; k < count; k++) {
            List<Tensor> inputs = new ArrayList<>();
            for (Shape s : def.inputShapes()) {
                Output<?> ph = g.placeholder(DataType.DT_FLOAT, s.with(0, Shape.UNKNOWN).dims());
                placeholders.add(ph);
                inputs.add(new TfTensor(ph));
            }
            TfProgram.Trace trace = tracer.get();
            List<Operation> after = previous;
            g.withControls(after, () -> {
                for (Tensor y : def.forward().apply(trace, inputs)) {
                    outputs.add(out(y));
                }
                return null;
            });
            if (!trace.assigns.isEmpty()) {
                // Stateful layers carry their state from one predict batch to the next, as in Keras.
                TfGraphBuilder.OpBuilder b = g.op("NoOp");
                trace.assigns.forEach(b::control);
                previous = List.of(b.build());
            }
        }
        return new Predict(placeholders, outputs, previous.isEmpty() ? null : previous.get(0));
    }

    /** Whether {@link #oneRow} was tried, and what it gave. */
    private boolean oneRowTried;
    private @Nullable Predict oneRow;

    /**
     * The predict graph for a single row under {@link TfNatives#xlaForOneRow}: one XLA-compiled batch;
     * null where that does not apply or the model cannot be compiled.
     */
    synchronized @Nullable Predict oneRow() {
        if (!oneRowTried) {
            oneRowTried = true;
            if (TfNatives.xlaForOneRow(def.training() == null ? null : def.training().jitCompile())) {
                oneRow = compiled("xla_predict_row", 1, TfNatives.Jit.AUTO);
            }
        }
        return oneRow;
    }

    /** The predict graph of {@code count} batches, built on first use. */
    Predict graph(int count) {
        Predict p = predicts.get(count);
        if (p != null) {
            return p;
        }
        synchronized (this) {
            return predicts.computeIfAbsent(count, this::buildPredict);
        }
    }
}
