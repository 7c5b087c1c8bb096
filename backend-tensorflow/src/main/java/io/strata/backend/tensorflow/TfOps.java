// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import static io.strata.backend.tensorflow.TfTensor.out;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;

/** The api's {@link Ops} on a TensorFlow graph: each method adds the corresponding graph ops. */
final class TfOps implements Ops {
    private final TfGraphBuilder g;
    private final long graphSeed;
    private final TfRandom random;
    private final TfConvolutions convolutions;

    private final TfRecurrence.Owner loops = new TfRecurrence.Owner();
    private @Nullable MatmulHook matmulHook;

    /** Replaces how {@link #matmul} is built (a recurrent loop body records or replays products). */
    interface MatmulHook {
        Output<?> matmul(Output<?> a, Output<?> b);
    }

    /** This Ops with every {@link #matmul} built by {@code hook}. */
    TfOps withMatmulHook(MatmulHook hook) {
        TfOps o = new TfOps(g, graphSeed);
        o.matmulHook = hook;
        o.random.copyCounter(random);
        o.bfloat16 = bfloat16;
        return o;
    }

    TfOps(TfGraphBuilder g, long graphSeed) {
        this.g = g;
        this.graphSeed = graphSeed;
        this.random = new TfRandom(g, graphSeed);
        this.convolutions = new TfConvolutions(g);
    }

    /** Releases the functions of the recurrent loops built on this graph. */
    void release() {
        loops.close();
    }

    private static Tensor t(Output<?> o) {
        return new TfTensor(o);
    }

    private Tensor unary(String type, Tensor x) {
        return t(g.apply(type, out(x)));
    }

    private Tensor binary(String type, Tensor a, Tensor b) {
        return t(g.apply(type, out(a), out(b)));
    }

    private Tensor toFloat(Output<?> boolOrInt) {
        return t(g.cast(boolOrInt, DataType.DT_FLOAT));
    }

    private static int axis(Tensor x, int axis) {
        int rank = x.rank();
        int a = axis < 0 ? rank + axis : axis;
        if (a < 0 || a >= rank) {
            throw new InvalidConfigException("Axis " + axis + " is out of range for a tensor of shape " + x.shape() + ".");
        }
        return a;
    }

    private Output<?> axes(Tensor x, int... axes) {
        if (axes.length == 0) {
            int[] all = new int[x.rank()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return g.ints(all);
        }
        int[] norm = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = axis(x, axes[i]);
        }
        return g.ints(norm);
    }

    @Override
    public Tensor constant(float value) {
        return t(g.scalar(value));
    }

    @Override
    public Tensor constant(float[] values, Shape shape) {
        return t(g.floats(values, shape.dims()));
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        return t(g.apply("Reshape", out(x), g.ints(shape.intDims())));
    }

    @Override
    public Tensor transpose(Tensor x, int... permutation) {
        return t(g.apply("Transpose", out(x), g.ints(permutation)));
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        Output<?>[] ins = xs.stream().map(TfTensor::out).toArray(Output<?>[]::new);
        return t(g.op("ConcatV2").inList(ins).in(g.int0(axis(xs.get(0), axis))).build().output(0));
    }

    @Override
    public Tensor expandDims(Tensor x, int axis) {
        int a = axis < 0 ? x.rank() + 1 + axis : axis;
        return t(g.apply("ExpandDims", out(x), g.int0(a)));
    }

    @Override
    public Tensor squeeze(Tensor x, int axis) {
        return t(g.op("Squeeze").in(out(x)).attr("squeeze_dims", new long[] {axis(x, axis)}).build().output(0));
    }

    @Override
    public Tensor tile(Tensor x, int... multiples) {
        return t(g.apply("Tile", out(x), g.ints(multiples)));
    }

    @Override
    public Tensor gather(Tensor params, Tensor indices, int axis) {
        Output<?> idx = g.cast(out(indices), DataType.DT_INT32);
        return t(g.apply("GatherV2", out(params), idx, g.int0(axis(params, axis))));
    }

    @Override
    public Tensor oneHot(Tensor indices, int depth) {
        Output<?> idx = g.cast(out(indices), DataType.DT_INT32);
        return t(g.apply("OneHot", idx, g.int0(depth), g.scalar(1f), g.scalar(0f)));
    }

    @Override
    public Tensor zerosLike(Tensor x) {
        return unary("ZerosLike", x);
    }

    @Override
    public Tensor onesLike(Tensor x) {
        // TF: OnesLike has no registered gradient; zeros + 1 does and costs the same.
        return add(zerosLike(x), constant(1f));
    }

    @Override
    public Tensor stopGradient(Tensor x) {
        return unary("StopGradient", x);
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return binary("AddV2", a, b);
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return binary("Sub", a, b);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return binary("Mul", a, b);
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        return binary("RealDiv", a, b);
    }

    @Override
    public Tensor pow(Tensor a, Tensor b) {
        return binary("Pow", a, b);
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return binary("Maximum", a, b);
    }

    @Override
    public Tensor minimum(Tensor a, Tensor b) {
        return binary("Minimum", a, b);
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return toFloat(g.apply("Equal", out(a), out(b)));
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return toFloat(g.apply("Greater", out(a), out(b)));
    }

    @Override
    public Tensor greaterEqual(Tensor a, Tensor b) {
        return toFloat(g.apply("GreaterEqual", out(a), out(b)));
    }

    @Override
    public Tensor where(Tensor condition, Tensor a, Tensor b) {
        Output<?> cond = g.apply("NotEqual", out(condition), g.scalar(0f));
        return t(g.apply("SelectV2", cond, out(a), out(b)));
    }

    @Override
    public Tensor neg(Tensor x) {
        return unary("Neg", x);
    }

    @Override
    public Tensor abs(Tensor x) {
        return unary("Abs", x);
    }

    @Override
    public Tensor sign(Tensor x) {
        return unary("Sign", x);
    }

    @Override
    public Tensor square(Tensor x) {
        return unary("Square", x);
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return unary("Sqrt", x);
    }

    @Override
    public Tensor exp(Tensor x) {
        return unary("Exp", x);
    }

    @Override
    public Tensor log(Tensor x) {
        return unary("Log", x);
    }

    @Override
    public Tensor log1p(Tensor x) {
        return unary("Log1p", x);
    }

    @Override
    public Tensor floor(Tensor x) {
        return unary("Floor", x);
    }

    @Override
    public Tensor round(Tensor x) {
        return unary("Round", x);
    }

    @Override
    public Tensor clip(Tensor x, float min, float max) {
        return t(g.apply("ClipByValue", out(x), g.scalar(min), g.scalar(max)));
    }

    @Override
    public Tensor relu(Tensor x) {
        return unary("Relu", x);
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return new TfTensor(g.apply("Sigmoid", out(x)), out(x), "sigmoid");
    }

    @Override
    public Tensor tanh(Tensor x) {
        return unary("Tanh", x);
    }

    @Override
    public Tensor softplus(Tensor x) {
        return unary("Softplus", x);
    }

    @Override
    public Tensor softsign(Tensor x) {
        return unary("Softsign", x);
    }

    @Override
    public Tensor elu(Tensor x) {
        return unary("Elu", x);
    }

    @Override
    public Tensor selu(Tensor x) {
        return unary("Selu", x);
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        int a = axis(x, axis);
        if (a == x.rank() - 1) {
            return new TfTensor(g.apply("Softmax", out(x)), out(x), "softmax");
        }
        Tensor e = exp(sub(x, max(x, true, a)));
        return div(e, sum(e, true, a));
    }

    private Tensor reduce(String type, Tensor x, boolean keepDims, int... axes) {
        return t(g.op(type).in(out(x)).in(axes(x, axes)).attr("keep_dims", keepDims).build().output(0));
    }

    @Override
    public Tensor sum(Tensor x, boolean keepDims, int... axes) {
        return reduce("Sum", x, keepDims, axes);
    }

    @Override
    public Tensor mean(Tensor x, boolean keepDims, int... axes) {
        return reduce("Mean", x, keepDims, axes);
    }

    @Override
    public Tensor max(Tensor x, boolean keepDims, int... axes) {
        return reduce("Max", x, keepDims, axes);
    }

    @Override
    public Tensor argmax(Tensor x, int axis) {
        return toFloat(g.apply("ArgMax", out(x), g.int0(axis(x, axis))));
    }

    @Override
    public Tensor inTopK(Tensor predictions, Tensor targetIndices, int k) {
        Output<?> targets = g.cast(out(targetIndices), DataType.DT_INT32);
        return toFloat(g.apply("InTopKV2", out(predictions), targets, g.int0(k)));
    }

    /** Whether products and convolutions are computed in bfloat16 (a mixed_bfloat16 layer's call). */
    private boolean bfloat16;

    @Override
    public <T> T computeIn(String computeDtype, java.util.function.Supplier<T> body) {
        boolean saved = bfloat16;
        bfloat16 = computeDtype.equals("bfloat16");
        try {
            return body.get();
        } finally {
            bfloat16 = saved;
        }
    }

    /** {@code type(a, b, attrs)} in bfloat16 when the layer's policy asks for it, the result in float32. */
    private Output<?> compute(String type, Output<?> a, Output<?> b, java.util.function.UnaryOperator<TfGraphBuilder.OpBuilder> attrs) {
        if (!bfloat16) {
            return attrs.apply(g.op(type).in(a).in(b)).build().output(0);
        }
        Output<?> a16 = g.cast(a, DataType.DT_BFLOAT16);
        Output<?> b16 = g.cast(b, DataType.DT_BFLOAT16);
        Output<?> y = attrs.apply(g.op(type).in(a16).in(b16)).build().output(0);
        return g.cast(y, DataType.DT_FLOAT);
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        if (matmulHook != null) {
            // A recurrent loop's products are recorded as float32 for its hand-written gradient.
            return t(matmulHook.matmul(out(a), out(b)));
        }
        return t(compute("MatMul", out(a), out(b), o -> o));
    }

    @Override
    public Tensor batchMatmul(Tensor a, Tensor b, boolean adjointA, boolean adjointB) {
        return t(g.op("BatchMatMulV2").in(out(a)).in(out(b)).attr("adj_x", adjointA).attr("adj_y", adjointB).build()
                .output(0));
    }

    @Override
    public Tensor biasAdd(Tensor x, Tensor bias) {
        // TF: BiasAdd (not AddV2) lets Grappler's remapper fuse MatMul + BiasAdd (+ activation).
        return binary("BiasAdd", x, bias);
    }

    @Override
    public @Nullable Tensor softmaxLogits(Tensor probabilities) {
        TfTensor p = (TfTensor) probabilities;
        return "softmax".equals(p.activation()) ? t(p.preActivation()) : null;
    }

    @Override
    public boolean isDistribution(Tensor t) {
        return ((TfTensor) t).distribution();
    }

    @Override
    public @Nullable Tensor sigmoidLogits(Tensor probabilities) {
        TfTensor p = (TfTensor) probabilities;
        return "sigmoid".equals(p.activation()) ? t(p.preActivation()) : null;
    }

    @Override
    public Tensor softmaxCrossEntropyWithLogits(Tensor labels, Tensor logits) {
        if (logits.rank() == 2) {
            return t(g.op("SoftmaxCrossEntropyWithLogits").in(out(logits)).in(out(labels)).build().output(0));
        }
        // TF: the fused op takes rank 2 only; fold the leading axes into the batch and back.
        Shape shape = logits.shape();
        long classes = shape.dim(-1);
        Tensor flatLogits = reshape(logits, Shape.of(Shape.UNKNOWN, classes));
        Tensor flatLabels = reshape(labels, Shape.of(Shape.UNKNOWN, classes));
        Tensor loss = t(g.op("SoftmaxCrossEntropyWithLogits").in(out(flatLogits)).in(out(flatLabels)).build().output(0));
        long[] outer = java.util.Arrays.copyOf(shape.dims(), shape.rank() - 1);
        outer[0] = Shape.UNKNOWN;
        return reshape(loss, Shape.of(outer));
    }

    @Override
    public Tensor sigmoidCrossEntropyWithLogits(Tensor labels, Tensor logits) {
        // max(z, 0) - z * labels + log(1 + exp(-|z|)), as tf.nn.sigmoid_cross_entropy_with_logits.
        return add(sub(relu(logits), mul(logits, labels)), log1p(exp(neg(abs(logits)))));
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        return t(convolutions.conv2d(x, kernel, strides, padding, dilation, this::compute));
    }

    @Override
    public Tensor maxPool2d(Tensor x, int[] poolSize, int[] strides, String padding) {
        return t(convolutions.pool("MaxPool", out(x), poolSize, strides, padding));
    }

    @Override
    public Tensor avgPool2d(Tensor x, int[] poolSize, int[] strides, String padding) {
        return t(convolutions.pool("AvgPool", out(x), poolSize, strides, padding));
    }

    @Override
    public Tensor pad(Tensor x, int[][] paddings) {
        return t(g.apply("Pad", out(x), convolutions.matrix(paddings)));
    }

    @Override
    public List<Tensor> split(Tensor x, int axis, int parts) {
        org.tensorflow.GraphOperation op = g.op("Split").in(g.int0(axis(x, axis))).in(out(x))
                .attr("num_split", (long) parts).build();
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            out.add(t(op.output(i)));
        }
        return out;
    }

    @Override
    public List<Tensor> unstack(Tensor x, int axis) {
        int a = axis(x, axis);
        long n = x.shape().dim(a);
        if (n == Shape.UNKNOWN) {
            throw new InvalidConfigException("Cannot unstack axis " + axis + " of unknown size in " + x.shape() + ".");
        }
        org.tensorflow.GraphOperation op = g.op("Unpack").in(out(x)).attr("num", n).attr("axis", (long) a).build();
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(t(op.output(i)));
        }
        return parts;
    }

    @Override
    public Tensor stack(List<Tensor> xs, int axis) {
        int a = axis < 0 ? xs.get(0).rank() + 1 + axis : axis;
        Output<?>[] ins = xs.stream().map(TfTensor::out).toArray(Output<?>[]::new);
        return t(g.op("Pack").inList(ins).attr("axis", (long) a).build().output(0));
    }

    @Override
    public Tensor matmulLastAxis(Tensor x, Tensor kernel) {
        if (x.rank() == 2) {
            return matmul(x, kernel);
        }
        long d = kernel.shape().dim(0);
        long n = kernel.shape().dim(1);
        Output<?> y = compute("MatMul", g.apply("Reshape", out(x), g.ints(-1, Math.toIntExact(d))), out(kernel), o -> o);
        Shape lead = x.shape().with(x.rank() - 1, n);
        int unknown = 0;
        for (long dim : lead.dims()) {
            unknown += dim == Shape.UNKNOWN ? 1 : 0;
        }
        if (unknown <= 1) {
            return t(g.apply("Reshape", y, g.ints(lead.intDims())));
        }
        // More than one unknown leading dimension: take them from x's run-time shape.
        Output<?> leading = g.apply("StridedSlice", g.apply("Shape", out(x)), g.ints(0), g.ints(-1), g.ints(1));
        Output<?> shape = g.op("ConcatV2").inList(new Output<?>[] {leading, g.ints(Math.toIntExact(n))}).in(g.int0(0))
                .build().output(0);
        return t(g.apply("Reshape", y, shape));
    }

    /**
     * The recurrence runs unrolled when the number of steps is known and small (each step then costs
     * a few graph ops and no loop overhead) and as a {@code StatelessWhile} with its own
     * backpropagation through time otherwise: an unrolled graph grows with every step and its
     * compile time dominates long sequences. {@code -Dstrata.rnn.unroll=always|never} forces one.
     */
    @Override
    public Recurrence recurrence(Tensor inputs, @Nullable Tensor mask, List<Tensor> initialStates, List<Tensor> constants,
            RecurrentStep step, boolean returnSequences) {
        long steps = inputs.shape().dim(0);
        String mode = System.getProperty("strata.rnn.unroll", "auto");
        boolean unroll = switch (mode) {
            case "always" -> true;
            case "never" -> false;
            default -> steps <= UNROLL_MAX_STEPS;
        };
        if (steps != Shape.UNKNOWN && (unroll || !TfRecurrence.available())) {
            return Ops.super.recurrence(inputs, mask, initialStates, constants, step, returnSequences);
        }
        if (!TfRecurrence.available()) {
            throw new InvalidConfigException("A recurrent layer over an unknown number of timesteps needs TensorFlow's "
                    + "loop gradient, which could not be registered; give the input a known length (inputLength or "
                    + "inputShape).");
        }
        List<Output<?>> init = new ArrayList<>();
        initialStates.forEach(s -> init.add(out(s)));
        List<Output<?>> consts = new ArrayList<>();
        constants.forEach(c -> consts.add(out(c)));
        return TfRecurrence.build(g, graphSeed, loops, out(inputs), mask == null ? null : out(mask), init, consts, step,
                returnSequences);
    }

    /** Sequences up to this many steps are unrolled (see {@link #recurrence}). */
    static final int UNROLL_MAX_STEPS = 32;

    @Override
    public Tensor reverse(Tensor x, int axis) {
        return t(g.apply("ReverseV2", out(x), g.ints(axis(x, axis))));
    }

    @Override
    public Tensor repeatElements(Tensor x, int size, int axis) {
        // Keras's repeat_elements: expand a new axis after `axis`, tile it, fold it back.
        int a = axis(x, axis);
        Shape s = x.shape();
        Tensor expanded = expandDims(x, a + 1);
        int[] multiples = new int[s.rank() + 1];
        java.util.Arrays.fill(multiples, 1);
        multiples[a + 1] = size;
        Tensor tiled = tile(expanded, multiples);
        Shape target = s.with(a, s.dim(a) == Shape.UNKNOWN ? Shape.UNKNOWN : s.dim(a) * size);
        if (!target.dropFirst().isFullyKnown()) {
            throw new InvalidConfigException("repeatElements needs known non-batch dimensions, got " + s + ".");
        }
        return reshape(tiled, target.with(0, Shape.UNKNOWN));
    }

    /** Random ops of training steps, keyed by their step counter, for a step XLA compiles or not (see {@link TfRandom}). */
    <T> T withRandomCounter(Output<?> counter, boolean forXla, java.util.function.Supplier<T> body) {
        return random.withCounter(counter, forXla, body);
    }

    @Override
    public Tensor dropout(Tensor x, float rate, @Nullable Shape noiseShape, long seed) {
        return t(random.dropout(out(x), rate, noiseShape, seed));
    }

    @Override
    public Tensor randomUniformLike(Tensor like, long seed) {
        return t(random.uniform(g.apply("Shape", out(like)), seed));
    }
}
