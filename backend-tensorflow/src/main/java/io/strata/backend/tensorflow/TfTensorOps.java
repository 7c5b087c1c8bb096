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
 * The api's tensor primitives on a TensorFlow graph: constants, shapes, element-wise arithmetic and
 * activations, reductions, splitting and stacking, each one or a few graph ops. {@link TfOps} adds
 * what models are made of on top (products under the layer's dtype policy, losses, convolutions,
 * recurrences, random draws).
 */
abstract class TfTensorOps implements Ops {
    final TfGraphBuilder g;

    TfTensorOps(TfGraphBuilder g) {
        this.g = g;
    }

    static Tensor t(Output<?> o) {
        return new TfTensor(o);
    }

    Tensor unary(String type, Tensor x) {
        return t(g.apply(type, out(x)));
    }

    Tensor binary(String type, Tensor a, Tensor b) {
        return t(g.apply(type, out(a), out(b)));
    }

    Tensor toFloat(Output<?> boolOrInt) {
        return t(g.cast(boolOrInt, DataType.DT_FLOAT));
    }

    static int axis(Tensor x, int axis) {
        int rank = x.rank();
        int a = axis < 0 ? rank + axis : axis;
        if (a < 0 || a >= rank) {
            throw new InvalidConfigException("Axis " + axis + " is out of range for a tensor of shape " + x.shape() + ".");
        }
        return a;
    }

    Output<?> axes(Tensor x, int... axes) {
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

    Tensor reduce(String type, Tensor x, boolean keepDims, int... axes) {
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
        int a = axis(x, axis);
        TfTensor p = (TfTensor) x;
        // A softmax along this axis keeps the order of its logits, so their argmax is the same index
        // (two logits whose exponentials round to one float are the exception: float32 rounding) and
        // a step whose only use of the probabilities is an accuracy skips the softmax (42 us of W1's
        // 2.9 ms step, TF 2.18 with oneDNN).
        Output<?> source = "softmax".equals(p.activation()) && a == x.rank() - 1 ? p.preActivation() : out(x);
        return toFloat(g.apply("ArgMax", source, g.int0(a)));
    }

    @Override
    public Tensor inTopK(Tensor predictions, Tensor targetIndices, int k) {
        Output<?> targets = g.cast(out(targetIndices), DataType.DT_INT32);
        return toFloat(g.apply("InTopKV2", out(predictions), targets, g.int0(k)));
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

    /** The api's recurrence, unrolled step by step ({@link Ops}'s own). */
    Recurrence unrolledRecurrence(Tensor inputs, @Nullable Tensor mask, List<Tensor> initialStates, List<Tensor> constants,
            RecurrentStep step, boolean returnSequences) {
        return Ops.super.recurrence(inputs, mask, initialStates, constants, step, returnSequences);
    }
}
