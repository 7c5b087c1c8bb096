// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import static io.strata.backend.tensorflow.TfTensor.out;

import io.strata.DataException;
import io.strata.Shape;
import io.strata.backend.DataSlot;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.data.DataArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The data sets a program's steps read, one per {@link DataSlot}: either kept on the host (the
 * default on CPU, {@link #FEED_BY_DEFAULT}) and fed batch by batch or held whole in fed tensors
 * ({@link TfHeld}), or uploaded once into variables (one per model input, one per output's targets and
 * one per output's sample weights); held and uploaded sets are gathered by each step's index vector.
 */
final class TfData {
    /** How a step reads its batch. */
    enum Mode {
        /** The batch's rows, copied on the host into fed tensors. */
        FED,
        /** The whole host set fed as is ({@link TfHeld}), the batch gathered in the graph. */
        HELD,
        /** As {@link #HELD}, batches of consecutive samples as slices, fed as first index and length ({@link TfHeld#pick}). */
        HELD_RANGE,
        /** Gathered in the graph from the variables of an upload. */
        UPLOADED
    }

    /**
     * Whether sets stay on the host by default (fed batch by batch, or held whole: {@link TfHeld})
     * rather than uploaded into variables. Measured on CPU (benchmarks/RESULTS.md): the host is as fast
     * as an upload for the 784-pixel MLP and faster for the guide's 20-feature MLP (two gathers cost more
     * than copying 32 rows), while it saves the upload's copies (about 1 s for Fashion-MNIST). Upload and
     * gather pays off where host-to-device copies are dear, so it is the default when TensorFlow's GPU
     * natives are on the class path. {@code -Dstrata.tf.feed=always|never} overrides the choice.
     */
    static final boolean FEED_BY_DEFAULT = !TfBackend.gpuNatives();

    /**
     * A data set kept on the host, with one scratch array per input and output into which a batch is
     * gathered before it is written into its tensor (reused every step: no per-step allocation).
     */
    private record HostData(List<DataArray> x, List<DataArray> y, @Nullable List<float[]> w, float[][] scratch,
            boolean holdable) {}

    /** The variables of one slot's uploaded data and the op that assigns them. */
    private record Vars(List<Output<?>> x, List<Output<?>> xFeed, List<Output<?>> y, List<Output<?>> yFeed,
            List<Output<?>> w, List<Output<?>> wFeed, Operation assign) {}

    private final TfGraphBuilder g;
    private final TfVariables variables;
    private final List<Shape> inputShapes;
    private final List<Shape> targetShapes;
    private final Map<DataSlot, Vars> vars = new EnumMap<>(DataSlot.class);
    private final Map<DataSlot, HostData> host = new EnumMap<>(DataSlot.class);
    private final Map<DataSlot, Boolean> weighted = new EnumMap<>(DataSlot.class);
    private final Map<DataSlot, Integer> uploaded = new EnumMap<>(DataSlot.class);
    /** Per slot, a bit per output whose targets sum to 1 along their last axis. */
    private final Map<DataSlot, Integer> distributions = new EnumMap<>(DataSlot.class);
    private final TfHeld held;

    TfData(TfGraphBuilder g, TfVariables variables, List<Shape> inputShapes, List<Shape> targetShapes) {
        this.g = g;
        this.variables = variables;
        this.inputShapes = inputShapes;
        this.targetShapes = targetShapes;
        this.held = new TfHeld(g);
        for (DataSlot slot : DataSlot.values()) {
            vars.put(slot, declare(slot));
        }
    }

    private Vars declare(DataSlot slot) {
        String s = slot.name().toLowerCase(java.util.Locale.ROOT);
        List<Operation> assigns = new ArrayList<>();
        List<List<Output<?>>> x = declareAll(s + "_x", inputShapes, assigns);
        List<List<Output<?>>> y = declareAll(s + "_y", targetShapes, assigns);
        List<Shape> weightShapes = targetShapes.stream().map(t -> Shape.of(Shape.UNKNOWN)).toList();
        List<List<Output<?>>> w = declareAll(s + "_w", weightShapes, assigns);
        TfGraphBuilder.OpBuilder group = g.op("NoOp");
        assigns.forEach(group::control);
        return new Vars(x.get(0), x.get(1), y.get(0), y.get(1), w.get(0), w.get(1), group.build());
    }

    private List<List<Output<?>>> declareAll(String prefix, List<Shape> shapes, List<Operation> assigns) {
        List<Output<?>> handles = new ArrayList<>();
        List<Output<?>> feeds = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            long[] shape = shapes.get(i).with(0, Shape.UNKNOWN).dims();
            Output<?> h = variables.variable(prefix + i, DataType.DT_FLOAT, shape);
            Output<?> ph = g.placeholder(DataType.DT_FLOAT, shape);
            handles.add(h);
            feeds.add(ph);
            assigns.add(variables.assign(h, ph));
        }
        return List.of(handles, feeds);
    }

    private static boolean feedByDefault() {
        String mode = System.getProperty("strata.tf.feed", "auto");
        return mode.equals("always") || (!mode.equals("never") && FEED_BY_DEFAULT);
    }

    /** Makes a data set available to {@code slot}'s steps. */
    void upload(Session session, DataSlot slot, List<DataArray> inputs, List<DataArray> targets,
            @Nullable List<float @Nullable []> sampleWeights) {
        release(session, slot);
        int n = inputs.get(0).samples();
        List<float[]> w = null;
        if (sampleWeights != null) {
            w = new ArrayList<>();
            for (float[] given : sampleWeights) {
                if (given != null && given.length != n) {
                    throw new DataException("sample weights: " + given.length + " values for " + n + " samples.");
                }
                float[] ones = given;
                if (ones == null) {
                    ones = new float[n];
                    Arrays.fill(ones, 1f);
                }
                w.add(ones);
            }
        }
        weighted.put(slot, w != null);
        int mask = 0;
        for (int i = 0; i < targets.size() && i < 30; i++) {
            if (targets.get(i).lastAxisSumsToOne()) {
                mask |= 1 << i;
            }
        }
        distributions.put(slot, mask);
        if (feedByDefault()) {
            host.put(slot, new HostData(List.copyOf(inputs), List.copyOf(targets), w,
                    new float[inputs.size() + targets.size()][], TfHeld.holds(inputs, targets)));
            return;
        }
        Vars v = vars.get(slot);
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner().addTarget(v.assign());
            for (int i = 0; i < inputs.size(); i++) {
                r.feed(v.xFeed().get(i), track(tensors, floats(inputs.get(i).values(), inputs.get(i).shape())));
            }
            for (int i = 0; i < targets.size(); i++) {
                r.feed(v.yFeed().get(i), track(tensors, floats(targets.get(i).values(), targets.get(i).shape())));
                float[] wi = new float[n];
                if (w != null) {
                    wi = w.get(i);
                } else {
                    Arrays.fill(wi, 1f);
                }
                r.feed(v.wFeed().get(i), track(tensors, floats(wi, Shape.of(n))));
            }
            r.run();
            uploaded.put(slot, n);
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    /** Frees the memory of {@code slot}'s data set. */
    void release(Session session, DataSlot slot) {
        held.release(slot);
        host.remove(slot);
        if (!uploaded.containsKey(slot)) {
            return;
        }
        Vars v = vars.get(slot);
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner().addTarget(v.assign());
            for (int i = 0; i < v.xFeed().size(); i++) {
                r.feed(v.xFeed().get(i), track(tensors, floats(new float[0], inputShapes.get(i).with(0, 0))));
            }
            for (int i = 0; i < v.yFeed().size(); i++) {
                r.feed(v.yFeed().get(i), track(tensors, floats(new float[0], targetShapes.get(i).with(0, 0))));
                r.feed(v.wFeed().get(i), track(tensors, floats(new float[0], Shape.of(0))));
            }
            r.run();
            uploaded.remove(slot);
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    /**
     * How the steps of an execution read {@code slot}'s batches. A host set is fed for its first pass
     * and held ({@link TfHeld}) from its second on, copied at the first step of that pass: a single
     * pass (a one-epoch {@code fit}, an {@code evaluate}) would pay the copy and gain nothing from it.
     * Sets too narrow or too large for {@link TfHeld#holds}, and executions {@code compiled} with XLA
     * (whose functions take their batches as arguments), are always fed.
     */
    Mode mode(DataSlot slot, boolean compiled, int[][] batches) {
        HostData data = host.get(slot);
        if (data == null) {
            return Mode.UPLOADED;
        }
        if (!data.holdable() || compiled) {
            return Mode.FED;
        }
        if (!held.has(slot)) {
            if (!held.secondPass(slot, data.x().get(0).samples())) {
                return Mode.FED;
            }
            held.hold(slot, data.x(), data.y(), data.w());
        }
        for (int[] b : batches) {
            if (!TfHeld.consecutive(b)) {
                return Mode.HELD;
            }
        }
        return Mode.HELD_RANGE;
    }

    /** Frees every held set (the program is closing). */
    void close() {
        for (DataSlot slot : DataSlot.values()) {
            held.release(slot);
        }
    }

    /** A bit per output whose targets in {@code slot} sum to 1 along their last axis (see {@link Ops#isDistribution}). */
    int distributions(DataSlot slot) {
        return distributions.getOrDefault(slot, 0);
    }

    /** Whether {@code slot}'s data came with sample weights. */
    boolean weighted(DataSlot slot) {
        return weighted.getOrDefault(slot, false);
    }

    /** The tensors a step reads: inputs, targets and (when weighted) sample weights, with the feeds they need. */
    record Batch(List<Tensor> x, List<Tensor> y, @Nullable List<Tensor> w, List<Output<?>> feeds) {}

    /**
     * The step's inputs for {@code slot}: placeholders when fed, gathers by {@code indices} of the held
     * set or the uploaded variables otherwise; the targets of the outputs in {@code distributions} are
     * marked as rows that sum to 1.
     */
    Batch batch(DataSlot slot, boolean weighted, Mode mode, int distributions, Output<?> indices) {
        List<Output<?>> feeds = new ArrayList<>();
        List<Tensor> x = new ArrayList<>();
        List<Tensor> y = new ArrayList<>();
        List<Tensor> w = weighted ? new ArrayList<>() : null;
        if (mode == Mode.FED) {
            for (Shape s : inputShapes) {
                x.add(new TfTensor(feed(feeds, s.with(0, Shape.UNKNOWN).dims())));
            }
            for (int i = 0; i < targetShapes.size(); i++) {
                y.add(marked(feed(feeds, targetShapes.get(i).with(0, Shape.UNKNOWN).dims()), distributions, i));
            }
            if (weighted) {
                for (int i = 0; i < targetShapes.size(); i++) {
                    w.add(new TfTensor(feed(feeds, -1)));
                }
            }
            return new Batch(x, y, w, feeds);
        }
        feeds.add(indices);
        Vars v = vars.get(slot);
        int k = 0;
        for (int i = 0; i < inputShapes.size(); i++) {
            x.add(pick(slot, mode, k++, v.x().get(i), inputShapes.get(i), indices));
        }
        for (int i = 0; i < targetShapes.size(); i++) {
            y.add(marked(out(pick(slot, mode, k++, v.y().get(i), targetShapes.get(i), indices)), distributions, i));
        }
        if (weighted) {
            for (int i = 0; i < targetShapes.size(); i++) {
                w.add(pick(slot, mode, k++, v.w().get(i), Shape.of(Shape.UNKNOWN), indices));
            }
        }
        return new Batch(x, y, w, feeds);
    }

    /**
     * Array {@code k} of the step's batch (inputs, targets, sample weights): gathered from its upload
     * {@code variable}, or picked from the held set's placeholder of that array's {@code shape}.
     */
    private Tensor pick(DataSlot slot, Mode mode, int k, Output<?> variable, Shape shape, Output<?> indices) {
        if (mode == Mode.UPLOADED) {
            return gather(variable, indices);
        }
        return held.pick(held.placeholder(slot, k, shape.with(0, Shape.UNKNOWN).dims()), indices, mode == Mode.HELD_RANGE);
    }

    private static Tensor marked(Output<?> target, int distributions, int output) {
        return new TfTensor(target, null, null, output < 30 && (distributions & (1 << output)) != 0);
    }

    private Output<?> feed(List<Output<?>> feeds, long... shape) {
        Output<?> ph = g.placeholder(DataType.DT_FLOAT, shape);
        feeds.add(ph);
        return ph;
    }

    private Tensor gather(Output<?> handle, Output<?> indices) {
        // TF: ResourceGather has no gradient; data variables are never differentiated, but read+GatherV2
        // is used everywhere for one code path.
        return new TfTensor(g.apply("GatherV2", variables.read(handle), indices, g.int0(0)));
    }

    /** Feeds one step of {@code slot} read in {@code mode}: the rows at {@code indices}, or the index vector. */
    void feed(Session.Runner r, DataSlot slot, Mode mode, List<Output<?>> feeds, int[] indices,
            List<org.tensorflow.Tensor> tensors) {
        HostData data = host.get(slot);
        if (mode == Mode.HELD_RANGE) {
            r.feed(feeds.get(0), track(tensors, TInt32.vectorOf(indices[0], indices.length)));
            return;
        }
        if (data == null || mode != Mode.FED) {
            r.feed(feeds.get(0), track(tensors, TInt32.vectorOf(indices)));
            return;
        }
        held.fed(slot, indices.length);
        int k = 0;
        for (DataArray a : data.x()) {
            r.feed(feeds.get(k), track(tensors, rows(a, indices, data.scratch(), k)));
            k++;
        }
        for (DataArray a : data.y()) {
            r.feed(feeds.get(k), track(tensors, rows(a, indices, data.scratch(), k)));
            k++;
        }
        if (data.w() != null && k < feeds.size()) {
            for (float[] all : data.w()) {
                float[] w = new float[indices.length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = all[indices[i]];
                }
                r.feed(feeds.get(k++), track(tensors, floats(w, Shape.of(w.length))));
            }
        }
    }

    /** Feeds {@code slot}'s held set, once per run of steps in {@link Mode#HELD}. */
    void feedHeld(Session.Runner r, DataSlot slot) {
        held.feed(r, slot);
    }

    /**
     * The rows {@code indices} of {@code a} in a new tensor, gathered in {@code scratch[k]} (grown as
     * needed, kept for the next step) and written into the tensor in one copy. Measured: a fresh batch
     * array per step (two of 128 x 784 floats for the two-branch model) made G1 collections slow the
     * step several times over on 2 cores, and writing row by row into the tensor cost the guide's small
     * MLP about 10 us a step.
     */
    private static TFloat32 rows(DataArray a, int[] indices, float[][] scratch, int k) {
        if (TfHeld.consecutive(indices) && !a.isRowBacked()) {
            return range(a, indices[0], indices[0] + indices.length); // an unshuffled batch: one copy
        }
        int n = indices.length * a.sampleSize();
        if (scratch[k] == null || scratch[k].length < n) {
            scratch[k] = new float[n];
        }
        a.gatherInto(indices, scratch[k]);
        TFloat32 t = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(a.shape().with(0, indices.length).dims()));
        t.asRawTensor().data().asFloats().write(scratch[k], 0, n);
        return t;
    }

    /** Samples {@code [from, to)} of {@code a}, written straight into a new tensor. */
    static TFloat32 range(DataArray a, int from, int to) {
        TFloat32 t = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(a.shape().with(0, to - from).dims()));
        a.copyInto(from, to, t.asRawTensor().data().asFloats());
        return t;
    }

    static TFloat32 floats(float[] values, Shape shape) {
        return TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(shape.dims()), DataBuffers.of(values, true, false));
    }

    static <T extends org.tensorflow.Tensor> T track(List<org.tensorflow.Tensor> all, T t) {
        all.add(t);
        return t;
    }
}
