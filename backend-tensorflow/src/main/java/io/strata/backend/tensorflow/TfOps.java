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

/**
 * The api's {@link Ops} on a TensorFlow graph: each method adds the corresponding graph ops; the tensor
 * primitives are {@link TfTensorOps}'s, this class adds products under the layer's dtype policy, losses,
 * convolutions, recurrences and random draws.
 */
final class TfOps extends TfTensorOps {
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
        super(g);
        this.graphSeed = graphSeed;
        this.random = new TfRandom(g, graphSeed);
        this.convolutions = new TfConvolutions(g);
    }

    /** Releases the functions of the recurrent loops built on this graph. */
    void release() {
        loops.close();
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
            return unrolledRecurrence(inputs, mask, initialStates, constants, step, returnSequences);
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
