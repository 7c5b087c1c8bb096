// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.backend.Ops.RecurrentStep;
import io.strata.backend.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NameAttrList;

/**
 * A recurrent layer's loop as one functional {@code StatelessWhile}, with backpropagation through time
 * written here, because TensorFlow's C++ gradient registry (all that TF Java's {@code addGradients}
 * sees) has no gradient for functional loops or TensorLists.
 *
 * <p>Forward: the loop carries the step counter, the inputs (time-major), the constants, the states,
 * and one TensorList per state that records the state <em>before</em> each step (plus one for the
 * outputs when the sequence is returned). The graph size no longer grows with the number of steps, and
 * the number of steps may be unknown until run time.
 *
 * <p>Backward: a second {@code StatelessWhile} runs the steps in reverse. Its body rebuilds the step
 * from the recorded states and takes the step's vector-Jacobian product with {@code addGradients}
 * inside the function graph, so every cell ({@code SimpleRNN}, {@code LSTM}, {@code GRU}, masked or
 * not) gets its gradient from the same code. It accumulates the constants' gradients, carries the
 * states' gradients and records the inputs' gradients in a TensorList.
 *
 * <p>The forward loop also records every matrix product of the step, and the rebuilt step reads them
 * back instead of multiplying again (an {@code IdentityN} of the record and both operands, whose
 * registered gradient is MatMul's). Without it the backward loop did a third more matrix work than
 * an unrolled graph; measured on the IMDB-like LSTM at 400 steps, 243 ms against 212 ms a step.
 *
 * <p>TF Java details: the backward functions are attached to the graph when the forward loop is built,
 * because attaching a function from inside a gradient callback deadlocks (the graph's lock is held).
 * Custom gradients register per op type, so the callback finds its loop by the op's globally unique
 * name.
 */
final class TfRecurrence {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<String, Loop> LOOPS = new ConcurrentHashMap<>();
    private static final boolean AVAILABLE = registerGradients();

    private TfRecurrence() {}

    /** Whether the loop can be differentiated here (the gradient callbacks registered). */
    static boolean available() {
        return AVAILABLE;
    }

    private static boolean registerGradients() {
        try {
            TVariant.register();
            boolean loop = TensorFlow.registerCustomGradient("StatelessWhile", TfRecurrence::whileGradient);
            boolean stack = TensorFlow.registerCustomGradient("TensorListStack", TfRecurrence::stackGradient);
            // An empty list depends on its inputs' values only through their shapes: no gradient.
            boolean reserve = TensorFlow.registerCustomGradient("TensorListReserve",
                    (tf, op, grads) -> List.of(raw(tf, "ZerosLike", op.input(0)), raw(tf, "ZerosLike", op.input(1))));
            boolean replay = TensorFlow.registerCustomGradient("IdentityN", TfRecurrence::replayGradient);
            return loop && stack && reserve && replay;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Where each kind of loop variable sits in the forward loop. */
    private record Layout(boolean masked, int constants, int states, boolean sequences, int products) {
        int seq() {
            return 2;
        }

        int mask() {
            return 3;
        }

        int firstConstant() {
            return masked ? 4 : 3;
        }

        int firstState() {
            return firstConstant() + constants;
        }

        int firstRecord() {
            return firstState() + states;
        }

        int outputs() {
            return firstRecord() + states;
        }

        int firstProduct() {
            return outputs() + (sequences ? 1 : 0);
        }

        int size() {
            return firstProduct() + products;
        }
    }

    /** A built forward loop: what its gradient callback needs. */
    private record Loop(Layout layout, String backwardCond, String backwardBody, long[] stateUnits, long features) {}

    /** The resources of the loops of one graph, released with it. */
    static final class Owner implements AutoCloseable {
        private final List<String> names = new ArrayList<>();
        private final List<ConcreteFunction> functions = new ArrayList<>();
        private final List<Graph> graphs = new ArrayList<>();

        @Override
        public void close() {
            names.forEach(LOOPS::remove);
            functions.forEach(ConcreteFunction::close);
            graphs.forEach(Graph::close);
            names.clear();
            functions.clear();
            graphs.clear();
        }
    }

    /**
     * Builds the loop in {@code g}'s graph.
     *
     * @param seq time-major inputs {@code (t, batch, features)}
     * @param mask time-major {@code (t, batch, 1)} or null
     * @return the outputs sequence (time-major, or null) and the final states
     */
    static io.strata.backend.Ops.Recurrence build(TfGraphBuilder g, long graphSeed, Owner owner, Output<?> seq,
            @Nullable Output<?> mask, List<Output<?>> initial, List<Output<?>> constants, RecurrentStep step,
            boolean returnSequences) {
        long id = IDS.incrementAndGet();
        Layout base = new Layout(mask != null, constants.size(), initial.size(), returnSequences, 0);
        long features = seq.shape().get(2);
        long[] units = new long[initial.size()];
        for (int k = 0; k < units.length; k++) {
            units[k] = initial.get(k).shape().get(1);
        }

        // Loop variables and their signature (dtype, shape with an unknown batch and length).
        List<Output<?>> vars = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        Output<?> n = g.apply("StridedSlice", g.apply("Shape", seq), g.ints(0), g.ints(1), g.ints(1));
        n = g.op("Squeeze").in(n).attr("squeeze_dims", new long[] {0}).build().output(0);
        add(vars, types, shapes, g.int0(0), DataType.DT_INT32, new long[0]);
        add(vars, types, shapes, n, DataType.DT_INT32, new long[0]);
        add(vars, types, shapes, seq, DataType.DT_FLOAT, new long[] {-1, -1, features});
        if (mask != null) {
            add(vars, types, shapes, mask, DataType.DT_FLOAT, new long[] {-1, -1, 1});
        }
        for (Output<?> c : constants) {
            add(vars, types, shapes, c, DataType.DT_FLOAT, staticShape(c));
        }
        for (int k = 0; k < initial.size(); k++) {
            add(vars, types, shapes, initial.get(k), DataType.DT_FLOAT, new long[] {-1, units[k]});
        }
        for (int k = 0; k < initial.size(); k++) {
            add(vars, types, shapes, reserve(g, units[k], n), DataType.DT_VARIANT, new long[0]);
        }
        if (returnSequences) {
            add(vars, types, shapes, reserve(g, units[0], n), DataType.DT_VARIANT, new long[0]);
        }

        String prefix = "strata_rnn_" + id;
        List<Long> productCols = new ArrayList<>();
        ConcreteFunction body = function(owner, prefix + "_body", types, shapes,
                (fb, in, extra) -> forwardBody(fb, graphSeed, base, step, in, extra, productCols));
        Layout layout = new Layout(base.masked(), base.constants(), base.states(), returnSequences, productCols.size());
        for (long cols : productCols) {
            add(vars, types, shapes, reserve(g, cols, n), DataType.DT_VARIANT, new long[0]);
        }
        ConcreteFunction cond = function(owner, prefix + "_cond", types, shapes,
                (fb, in, extra) -> List.of(fb.apply("Less", in.get(0), in.get(1))));

        // The backward loop's variables: j, n, seq, mask, constants, state records, product records,
        // d(outputs), d(states), accumulated d(constants), d(inputs) record.
        List<DataType> bTypes = new ArrayList<>();
        List<long[]> bShapes = new ArrayList<>();
        for (int i = 0; i < layout.firstState(); i++) {
            bTypes.add(types.get(i));
            bShapes.add(shapes.get(i));
        }
        for (int k = 0; k < initial.size() + productCols.size(); k++) {
            bTypes.add(DataType.DT_VARIANT);
            bShapes.add(new long[0]);
        }
        if (returnSequences) {
            bTypes.add(DataType.DT_VARIANT);
            bShapes.add(new long[0]);
        }
        for (int k = 0; k < initial.size(); k++) {
            bTypes.add(DataType.DT_FLOAT);
            bShapes.add(new long[] {-1, units[k]});
        }
        for (int c = 0; c < constants.size(); c++) {
            bTypes.add(DataType.DT_FLOAT);
            bShapes.add(shapes.get(layout.firstConstant() + c));
        }
        bTypes.add(DataType.DT_VARIANT);
        bShapes.add(new long[0]);
        ConcreteFunction bCond = function(owner, prefix + "_bcond", bTypes, bShapes,
                (fb, in, extra) -> List.of(fb.apply("Less", in.get(0), in.get(1))));
        ConcreteFunction bBody = function(owner, prefix + "_bbody", bTypes, bShapes,
                (fb, in, extra) -> backwardBody(fb, graphSeed, layout, units, productCols, step, in));
        for (ConcreteFunction f : List.of(cond, body, bCond, bBody)) {
            g.graph.attachFunction(f);
        }

        GraphOperationBuilder b = g.graph.opBuilder("StatelessWhile", prefix, g.graph.baseScope());
        b.addInputList(vars.toArray(Output<?>[]::new));
        b.setAttr("T", types.toArray(DataType[]::new));
        b.setAttr("cond", func(cond.getDefinedName()));
        b.setAttr("body", func(body.getDefinedName()));
        GraphOperation loop = b.build();
        owner.names.add(prefix);
        LOOPS.put(prefix, new Loop(layout, bCond.getDefinedName(), bBody.getDefinedName(), units, features));

        List<Tensor> finals = new ArrayList<>();
        for (int k = 0; k < initial.size(); k++) {
            finals.add(new TfTensor(loop.output(layout.firstState() + k)));
        }
        Tensor outputs = null;
        if (returnSequences) {
            outputs = new TfTensor(g.op("TensorListStack").in(loop.output(layout.outputs()))
                    .in(g.ints(-1, Math.toIntExact(units[0]))).attr("element_dtype", DataType.DT_FLOAT).build().output(0));
        }
        return new io.strata.backend.Ops.Recurrence(outputs, finals);
    }

    private static void add(List<Output<?>> vars, List<DataType> types, List<long[]> shapes, Output<?> v, DataType type,
            long[] shape) {
        vars.add(v);
        types.add(type);
        shapes.add(shape);
    }

    /** A constant's static shape (unknown dimensions stay -1). */
    private static long[] staticShape(Output<?> c) {
        long[] s = c.shape().asArray();
        return s == null ? new long[0] : s.clone();
    }

    private static Output<?> reserve(TfGraphBuilder g, long units, Output<?> n) {
        return g.op("TensorListReserve").in(g.ints(-1, Math.toIntExact(units))).in(n)
                .attr("element_dtype", DataType.DT_FLOAT).build().output(0);
    }

    private static AttrValue func(String name) {
        return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
    }

    /** Builds a function body from placeholders of the given signature. */
    private interface Body {
        /**
         * The outputs for {@code inputs}; a body may add loop variables of its own to {@code extra}
         * (an input placeholder and its output each), which follow the given ones.
         */
        List<Output<?>> build(TfGraphBuilder fb, List<Output<?>> inputs, List<Output<?>[]> extra);
    }

    private static ConcreteFunction function(Owner owner, String name, List<DataType> types, List<long[]> shapes,
            Body body) {
        Graph fg = new Graph();
        owner.graphs.add(fg);
        TfGraphBuilder fb = new TfGraphBuilder(fg);
        List<Output<?>> in = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            in.add(fb.placeholder(types.get(i), shapes.get(i)));
        }
        List<Output<?>[]> extra = new ArrayList<>();
        List<Output<?>> out = new ArrayList<>(body.build(fb, in, extra));
        for (Output<?>[] pair : extra) {
            in.add(pair[0]);
            out.add(pair[1]);
        }
        Signature.Builder sig = Signature.builder().key(name);
        for (int i = 0; i < in.size(); i++) {
            sig.input(String.format("in%04d", i), in.get(i));
        }
        for (int i = 0; i < out.size(); i++) {
            // A function output may not be one of its inputs: pass-through variables get an Identity.
            Output<?> o = in.contains(out.get(i)) ? fb.apply("Identity", out.get(i)) : out.get(i);
            sig.output(String.format("out%04d", i), o);
        }
        ConcreteFunction f = ConcreteFunction.create(sig.build(), fg);
        owner.functions.add(f);
        return f;
    }

    private static List<Tensor> wrap(List<Output<?>> outs) {
        List<Tensor> r = new ArrayList<>(outs.size());
        for (Output<?> o : outs) {
            r.add(new TfTensor(o));
        }
        return r;
    }

    private static List<Output<?>> unwrap(List<Tensor> ts) {
        List<Output<?>> r = new ArrayList<>(ts.size());
        for (Tensor t : ts) {
            r.add(TfTensor.out(t));
        }
        return r;
    }

    private static List<Output<?>> forwardBody(TfGraphBuilder fb, long graphSeed, Layout l, RecurrentStep step,
            List<Output<?>> in, List<Output<?>[]> extra, List<Long> productCols) {
        Output<?> i = in.get(0);
        Output<?> x = fb.apply("GatherV2", in.get(l.seq()), i, fb.int0(0));
        Output<?> m = l.masked() ? fb.apply("GatherV2", in.get(l.mask()), i, fb.int0(0)) : null;
        List<Output<?>> consts = in.subList(l.firstConstant(), l.firstState());
        List<Output<?>> states = in.subList(l.firstState(), l.firstRecord());
        List<Output<?>> out = new ArrayList<>(in);
        for (int k = 0; k < l.states(); k++) {
            out.set(l.firstRecord() + k, fb.op("TensorListSetItem").in(in.get(l.firstRecord() + k)).in(i)
                    .in(states.get(k)).attr("element_dtype", DataType.DT_FLOAT).build().output(0));
        }
        // Every matrix product of the step is recorded, so that the backward loop need not redo it.
        TfOps ops = new TfOps(fb, graphSeed).withMatmulHook((a, b) -> {
            Output<?> product = fb.apply("MatMul", a, b);
            Output<?> record = fb.placeholder(DataType.DT_VARIANT);
            Output<?> updated = fb.op("TensorListSetItem").in(record).in(i).in(product)
                    .attr("element_dtype", DataType.DT_FLOAT).build().output(0);
            extra.add(new Output<?>[] {record, updated});
            productCols.add(b.shape().get(1));
            return product;
        });
        List<Output<?>> next = unwrap(RecurrentStep.masked(step, ops, new TfTensor(x),
                m == null ? null : new TfTensor(m), wrap(states), wrap(consts)));
        for (int k = 0; k < l.states(); k++) {
            out.set(l.firstState() + k, next.get(k));
        }
        if (l.sequences()) {
            out.set(l.outputs(), fb.op("TensorListSetItem").in(in.get(l.outputs())).in(i).in(next.get(0))
                    .attr("element_dtype", DataType.DT_FLOAT).build().output(0));
        }
        out.set(0, fb.apply("AddV2", i, fb.int0(1)));
        return out;
    }

    private static List<Output<?>> backwardBody(TfGraphBuilder fb, long graphSeed, Layout l, long[] units,
            List<Long> productCols, RecurrentStep step, List<Output<?>> in) {
        int s = l.states();
        int c = l.constants();
        int records = l.firstState();
        int products = records + s;
        int dOutputs = products + l.products();
        int dStates = dOutputs + (l.sequences() ? 1 : 0);
        int dConsts = dStates + s;
        int dInputs = dConsts + c;

        Output<?> j = in.get(0);
        Output<?> t = fb.apply("Sub", fb.apply("Sub", in.get(1), fb.int0(1)), j);
        Output<?> x = fb.apply("GatherV2", in.get(l.seq()), t, fb.int0(0));
        Output<?> m = l.masked() ? fb.apply("GatherV2", in.get(l.mask()), t, fb.int0(0)) : null;
        List<Output<?>> consts = in.subList(l.firstConstant(), l.firstState());
        List<Output<?>> prev = new ArrayList<>();
        for (int k = 0; k < s; k++) {
            prev.add(fb.op("TensorListGetItem").in(in.get(records + k)).in(t)
                    .in(fb.ints(-1, Math.toIntExact(units[k]))).attr("element_dtype", DataType.DT_FLOAT).build()
                    .output(0));
        }
        // The step is rebuilt with its recorded products: each is an IdentityN of (record, a, b) whose
        // gradient (registered below) is MatMul's.
        int[] call = {0};
        TfOps plain = new TfOps(fb, graphSeed);
        TfOps ops = l.products() == 0 ? plain : plain.withMatmulHook((a, b) -> {
            int k = call[0]++;
            Output<?> recorded = fb.op("TensorListGetItem").in(in.get(products + k)).in(t)
                    .in(fb.ints(-1, Math.toIntExact(productCols.get(k)))).attr("element_dtype", DataType.DT_FLOAT)
                    .build().output(0);
            GraphOperationBuilder replay = fb.graph.opBuilder("IdentityN", REPLAY + k, fb.graph.baseScope());
            return replay.addInputList(new Output<?>[] {recorded, a, b}).build().output(0);
        });
        List<Output<?>> next = unwrap(RecurrentStep.masked(step, ops, new TfTensor(x),
                m == null ? null : new TfTensor(m), wrap(prev), wrap(consts)));
        if (l.products() > 0 && call[0] != l.products()) {
            throw new IllegalStateException("strata: a recurrent step built " + call[0] + " matrix products, "
                    + "then " + l.products() + "; a step must build the same operations every time");
        }

        List<Output<?>> dNext = new ArrayList<>();
        for (int k = 0; k < s; k++) {
            dNext.add(in.get(dStates + k));
        }
        if (l.sequences()) {
            Output<?> dOut = fb.op("TensorListGetItem").in(in.get(dOutputs)).in(t)
                    .in(fb.ints(-1, Math.toIntExact(units[0]))).attr("element_dtype", DataType.DT_FLOAT).build()
                    .output(0);
            dNext.set(0, fb.apply("AddV2", dNext.get(0), dOut));
        }
        List<Output<?>> wrt = new ArrayList<>();
        wrt.add(x);
        wrt.addAll(prev);
        wrt.addAll(consts);
        Output<?>[] grads = fb.graph.addGradients("bptt", next.toArray(Output<?>[]::new),
                wrt.toArray(Output<?>[]::new), dNext.toArray(Output<?>[]::new));
        for (int k = 0; k < grads.length; k++) {
            if (grads[k] == null) {
                grads[k] = fb.apply("ZerosLike", wrt.get(k));
            }
        }

        List<Output<?>> out = new ArrayList<>(in);
        out.set(0, fb.apply("AddV2", j, fb.int0(1)));
        for (int k = 0; k < s; k++) {
            out.set(dStates + k, grads[1 + k]);
        }
        for (int k = 0; k < c; k++) {
            out.set(dConsts + k, fb.apply("AddV2", in.get(dConsts + k), grads[1 + s + k]));
        }
        out.set(dInputs, fb.op("TensorListSetItem").in(in.get(dInputs)).in(t).in(grads[0])
                .attr("element_dtype", DataType.DT_FLOAT).build().output(0));
        return out;
    }

    /** Whether a gradient handed to a callback is a real tensor (TensorFlow passes "no gradient" otherwise). */
    private static boolean present(@Nullable Output<?> grad) {
        if (grad == null) {
            return false;
        }
        try {
            return grad.op() != null && grad.dataType() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** An op in a gradient callback's scope (type attributes are inferred from the inputs). */
    private static GraphOperationBuilder builder(Ops tf, String type, Output<?>... inputs) {
        Graph graph = (Graph) tf.scope().env();
        GraphOperationBuilder b = graph.opBuilder(type, tf.scope().makeOpName(type), tf.scope());
        for (Output<?> in : inputs) {
            b.addInput(in);
        }
        return b;
    }

    private static Output<?> raw(Ops tf, String type, Output<?>... inputs) {
        return builder(tf, type, inputs).build().output(0);
    }

    /** A TensorList op on float elements. */
    private static Output<?> listOp(Ops tf, String type, Output<?>... inputs) {
        return builder(tf, type, inputs).setAttr("element_dtype", DataType.DT_FLOAT).build().output(0);
    }

    /** The gradient of our forward loops: runs the matching backward loop. */
    private static List<Operand<?>> whileGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
        Loop loop = LOOPS.get(op.name());
        if (loop == null) {
            throw new IllegalStateException("strata: no gradient is known for the StatelessWhile '" + op.name()
                    + "' (only Strata's recurrent loops are differentiable)");
        }
        Layout l = loop.layout();
        int s = l.states();
        Output<?> n = op.input(1);
        List<Output<?>> vars = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        vars.add(tf.constant(0).asOutput());
        for (int i = 1; i < l.firstState(); i++) {
            vars.add(op.input(i));
        }
        for (int k = 0; k < s; k++) {
            vars.add(op.output(l.firstRecord() + k));
        }
        for (int k = 0; k < l.products(); k++) {
            vars.add(op.output(l.firstProduct() + k));
        }
        if (l.sequences()) {
            Output<?> d = grads.get(l.outputs());
            if (!present(d)) {
                Output<?> shape = tf.constant(new int[] {-1, Math.toIntExact(loop.stateUnits()[0])}).asOutput();
                Output<?> stacked = listOp(tf, "TensorListStack", op.output(l.outputs()), shape);
                d = raw(tf, "TensorListFromTensor", raw(tf, "ZerosLike", stacked), shape);
            }
            vars.add(d);
        }
        for (int k = 0; k < s; k++) {
            Output<?> d = grads.get(l.firstState() + k);
            vars.add(present(d) ? d : raw(tf, "ZerosLike", op.output(l.firstState() + k)));
        }
        for (int c = 0; c < l.constants(); c++) {
            vars.add(raw(tf, "ZerosLike", op.input(l.firstConstant() + c)));
        }
        vars.add(listOpReserve(tf, loop.features(), n));
        for (Output<?> v : vars) {
            types.add(v.dataType());
        }

        GraphOperationBuilder b = builder(tf, "StatelessWhile");
        b.addInputList(vars.toArray(Output<?>[]::new));
        b.setAttr("T", types.toArray(DataType[]::new));
        b.setAttr("cond", func(loop.backwardCond()));
        b.setAttr("body", func(loop.backwardBody()));
        GraphOperation back = b.build();

        int dStates = l.firstState() + s + l.products() + (l.sequences() ? 1 : 0);
        int dConsts = dStates + s;
        int dInputs = dConsts + l.constants();
        List<Operand<?>> result = new ArrayList<>();
        result.add(raw(tf, "ZerosLike", op.input(0)));
        result.add(raw(tf, "ZerosLike", op.input(1)));
        result.add(listOp(tf, "TensorListStack", back.output(dInputs),
                tf.constant(new int[] {-1, Math.toIntExact(loop.features())}).asOutput()));
        if (l.masked()) {
            result.add(raw(tf, "ZerosLike", op.input(l.mask())));
        }
        for (int c = 0; c < l.constants(); c++) {
            result.add(back.output(dConsts + c));
        }
        for (int k = 0; k < s; k++) {
            result.add(back.output(dStates + k));
        }
        for (int i = l.firstRecord(); i < l.size(); i++) {
            // The records start as empty lists that nothing upstream differentiates.
            result.add(raw(tf, "Identity", op.input(i)));
        }
        return result;
    }

    private static Output<?> listOpReserve(Ops tf, long features, Output<?> n) {
        return listOp(tf, "TensorListReserve", tf.constant(new int[] {-1, Math.toIntExact(features)}).asOutput(), n);
    }

    /** The name prefix of the replayed matrix products in backward loop bodies. */
    private static final String REPLAY = "strata_replayed_matmul_";

    /**
     * IdentityN's gradient: the identity's, except for a replayed product {@code IdentityN(record, a, b)},
     * which gets MatMul's: {@code da = dy b^T}, {@code db = a^T dy}.
     */
    private static List<Operand<?>> replayGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
        List<Operand<?>> result = new ArrayList<>();
        if (op.name().contains(REPLAY) && op.numInputs() == 3) {
            Output<?> dy = grads.get(0);
            Output<?> a = op.input(1);
            Output<?> b = op.input(2);
            result.add(raw(tf, "ZerosLike", op.input(0)));
            result.add(builder(tf, "MatMul", dy, b).setAttr("transpose_b", true).build().output(0));
            result.add(builder(tf, "MatMul", a, dy).setAttr("transpose_a", true).build().output(0));
            return result;
        }
        for (int i = 0; i < op.numInputs(); i++) {
            result.add(present(grads.get(i)) ? grads.get(i) : raw(tf, "ZerosLike", op.input(i)));
        }
        return result;
    }

    /** TensorListStack's gradient: the incoming gradient as a TensorList of its rows. */
    private static List<Operand<?>> stackGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
        Output<?> elementShape = op.input(1);
        return List.of(raw(tf, "TensorListFromTensor", grads.get(0), elementShape), raw(tf, "ZerosLike", elementShape));
    }
}
