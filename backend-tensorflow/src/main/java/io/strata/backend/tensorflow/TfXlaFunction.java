// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NameAttrList;

/**
 * Keras's {@code jit_compile=True} the way {@code tf.function(jit_compile=True)} does it: the ops that
 * compute a group of steps (their losses, logs and the optimizer's updates) become one function that
 * XLA compiles as a whole ({@code _XlaMustCompile}). Its arguments are the steps' feeds and every
 * variable handle the steps use, so one compiled function serves any number of calls, each with its own
 * feeds, reading and writing the program's own variables.
 *
 * <p>Measured (benchmarks/RESULTS.md): TensorFlow's auto-clustering ({@code global_jit_level}) split a
 * step into small clusters at its variable updates and was slower than no XLA; one function per group
 * of steps is not split.
 */
final class TfXlaFunction {
    /** Low-level control flow (a recurrent layer's TF while loop), which such a function cannot hold. */
    private static final Set<String> CONTROL_FLOW = Set.of("Enter", "Exit", "Switch", "Merge", "NextIteration", "LoopCond");
    /** Convolutions, which {@code jit_compile="auto"} leaves to TensorFlow's kernels (XLA's were 2.3x slower on the CPU). */
    private static final Set<String> CONVOLUTIONS = Set.of("Conv2D", "Conv3D", "DepthwiseConv2dNative", "Conv2DBackpropInput",
            "Conv2DBackpropFilter", "Conv3DBackpropInputV2", "Conv3DBackpropFilterV2", "_FusedConv2D");

    /**
     * A compiled group of steps: the function's name, its argument and result types, the feeds of each
     * step (placeholders a call's own feeds mirror), the variable handles every call passes, and the
     * results per step (the first {@code steps() * perStep} results are the steps' fetches, in order).
     */
    record Body(String name, DataType[] tin, DataType[] tout, List<List<Output<?>>> feeds, List<Output<?>> handles,
            int perStep) {
        int steps() {
            return feeds.size();
        }
    }

    /**
     * Steps (or predict batches) per compiled function: an execution of {@code steps_per_execution}
     * steps calls it {@code count / STEPS} times, and a function of the remainder once. Measured on W4
     * (benchmarks/RESULTS.md): XLA's compile time grows faster than the steps (a function of 32 steps
     * took 15 s to compile, of 8 about 1 s), while the cost of a call is spread well enough over 8.
     */
    static final int STEPS = Integer.getInteger("strata.tf.xlaSteps", 8);

    private TfXlaFunction() {}

    /**
     * {@code count} steps as chained calls of compiled groups of at most {@link #STEPS}, each group's
     * function made by {@code body} (for a number of steps); null when a group cannot be compiled.
     */
    static @Nullable Chain compiled(TfGraphBuilder g, String prefix, int count, java.util.function.IntFunction<@Nullable Body> body) {
        int per = Math.min(count, STEPS);
        Body full = body.apply(per);
        Body rest = count % per == 0 ? full : body.apply(count % per);
        return full == null || rest == null ? null : chain(g, prefix, full, rest, count);
    }

    /**
     * The function of the steps that compute {@code fetches} and run {@code target} from {@code feeds}
     * (one list per step); null when those ops hold low-level control flow, read a placeholder that is
     * not a feed, or ({@code auto}) hold a convolution.
     */
    static @Nullable Body function(Graph graph, String name, Output<?>[] fetches, @Nullable Operation target,
            List<List<Output<?>>> feeds, boolean auto) {
        Set<GraphOperation> feedOps = new HashSet<>();
        feeds.forEach(step -> step.forEach(f -> feedOps.add((GraphOperation) f.op())));
        Set<GraphOperation> handles = new LinkedHashSet<>();
        Set<GraphOperation> seen = new HashSet<>();
        Deque<GraphOperation> todo = new ArrayDeque<>();
        for (Output<?> f : fetches) {
            todo.push((GraphOperation) f.op());
        }
        if (target != null) {
            todo.push((GraphOperation) target);
        }
        while (!todo.isEmpty()) {
            GraphOperation op = todo.pop();
            if (!seen.add(op) || feedOps.contains(op)) {
                continue;
            }
            if (CONTROL_FLOW.contains(op.type()) || op.type().equals("Placeholder") || (auto && CONVOLUTIONS.contains(op.type()))) {
                return null;
            }
            if (op.type().equals("VarHandleOp")) {
                handles.add(op);
                continue;
            }
            for (Operand<?> in : op.inputs()) {
                todo.push((GraphOperation) in.op());
            }
            todo.addAll(op.controlInputs());
        }
        List<Output<?>> args = new ArrayList<>();
        feeds.forEach(args::addAll);
        List<Output<?>> handleOutputs = handles.stream().<Output<?>>map(h -> h.output(0)).toList();
        args.addAll(handleOutputs);
        Output<?>[] results = fetches;
        if (target != null) {
            // The updates run because the last result depends on them (TF Java's functions have no control results).
            GraphOperationBuilder done = (GraphOperationBuilder) graph.opBuilder("Identity", name + "_done", graph.baseScope());
            done.addInput(fetches[fetches.length - 1]).addControlInput(target);
            results = java.util.Arrays.copyOf(fetches, fetches.length + 1);
            results[fetches.length] = done.build().output(0);
        }
        Signature.Builder sig = Signature.builder().key(name);
        for (int i = 0; i < args.size(); i++) {
            sig.input("in" + i, args.get(i));
        }
        for (int k = 0; k < results.length; k++) {
            sig.output("out" + k, results[k]);
        }
        try (ConcreteFunction fn = ConcreteFunction.create(sig.build(), graph)) {
            graph.attachFunction(fn);
            return new Body(fn.getDefinedName(), args.stream().map(Output::dataType).toArray(DataType[]::new),
                    java.util.Arrays.stream(results).map(Output::dataType).toArray(DataType[]::new), feeds, handleOutputs,
                    fetches.length / feeds.size());
        }
    }

    /**
     * One call of {@code body} on {@code feeds} (one list per step, shaped as the body's), after
     * {@code after} if given; {@code body.tout().length} results, the last one the updates' if the body
     * has a target.
     */
    static Operation call(Graph graph, String name, Body body, List<List<Output<?>>> feeds, @Nullable Operation after) {
        List<Output<?>> args = new ArrayList<>();
        feeds.forEach(args::addAll);
        args.addAll(body.handles());
        GraphOperationBuilder call = (GraphOperationBuilder) graph.opBuilder("StatefulPartitionedCall", name, graph.baseScope());
        call.addInputList(args.toArray(Output<?>[]::new)).setAttr("Tin", body.tin()).setAttr("Tout", body.tout());
        call.setAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(body.name())).build());
        call.setAttr("_XlaMustCompile", true);
        if (after != null) {
            call.addControlInput(after);
        }
        return call.build();
    }

    /** An execution as chained calls: the last call (the target), every step's fetches in order, and every step's feeds. */
    record Chain(Operation last, List<Output<?>> fetches, List<List<Output<?>>> feeds) {}

    /**
     * {@code count} steps as calls of {@code full} ({@code full.steps()} steps each) and one of
     * {@code rest} for the remainder, each call after the one before, each with feeds of its own.
     */
    private static Chain chain(TfGraphBuilder g, String prefix, Body full, Body rest, int count) {
        List<Output<?>> fetches = new ArrayList<>();
        List<List<Output<?>>> feeds = new ArrayList<>();
        Operation last = null;
        for (int done = 0; done < count; ) {
            Body b = count - done >= full.steps() ? full : rest;
            List<List<Output<?>>> own = new ArrayList<>();
            for (List<Output<?>> step : b.feeds()) {
                own.add(step.stream().<Output<?>>map(f -> g.placeholder(f.dataType(), f.shape().asArray())).toList());
            }
            last = call(g.graph, prefix + "_" + done, b, own, last);
            for (int i = 0; i < b.steps() * b.perStep(); i++) {
                fetches.add(last.output(i));
            }
            feeds.addAll(own);
            done += b.steps();
        }
        return new Chain(last, fetches, feeds);
    }
}
