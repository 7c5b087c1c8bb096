// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Output;
import org.tensorflow.proto.ConfigProto;

/** The raw TF Java ceilings of W2 (convnet), W3 (stacked LSTM) and W6 (the guide's two-branch model). */
final class RawModels {
    private RawModels() {}

    /** W2: Conv 32 → Conv 64 → MaxPool 2 → Dropout 0.25 → Flatten → Dense 128 → Dropout 0.5 → Dense 10; Adam. */
    static RawGraph convnet(long seed, ConfigProto config) {
        RawGraph g = new RawGraph(seed);
        Output<?> x = g.input(28, 28, 1);
        Output<?> h = g.apply("Relu", g.conv(x, 3, 1, 32));
        h = g.apply("Relu", g.conv(h, 3, 32, 64));
        h = g.op("MaxPool").addInput(h).setAttr("ksize", new long[] {1, 2, 2, 1}).setAttr("strides", new long[] {1, 2, 2, 1})
                .setAttr("padding", "VALID").build().output(0);
        h = g.dropout(h, 0.25f, 1);
        h = g.apply("Reshape", h, g.ints(-1, 12 * 12 * 64));
        h = g.dropout(g.apply("Relu", g.dense(h, 12 * 12 * 64, 128)), 0.5f, 2);
        g.finish(g.dense(h, 128, 10), 10, "adam", config);
        return g;
    }

    /** W3: three LSTM(32) layers (the first two return sequences) over 8 steps of 16, Dense 10; RMSprop. */
    static RawGraph stackedLstm(long seed, ConfigProto config) {
        RawGraph g = new RawGraph(seed);
        int t = 8;
        Output<?> x = g.input(t, 16);
        // Time-major steps of the input.
        List<Output<?>> steps = unstack(g, x, t);
        long inDim = 16;
        for (int layer = 0; layer < 3; layer++) {
            steps = lstm(g, steps, inDim, 32, layer < 2);
            inDim = 32;
        }
        g.finish(g.dense(steps.get(steps.size() - 1), 32, 10), 10, "rmsprop", config);
        return g;
    }

    /**
     * W6: the guide's two-branch model: two inputs of 784, each into its own Dense 32 (linear), the two
     * concatenated, Dense 10; RMSprop.
     */
    static RawGraph twoBranch(long seed, ConfigProto config) {
        RawGraph g = new RawGraph(seed);
        Output<?> left = g.dense(g.input(784), 784, 32);
        Output<?> right = g.dense(g.input(784), 784, 32);
        Output<?> joined = g.op("ConcatV2").addInputList(new Output<?>[] {left, right}).addInput(g.tf.constant(1).asOutput())
                .build().output(0);
        g.finish(g.dense(joined, 64, 10), 10, "rmsprop", config);
        return g;
    }

    private static List<Output<?>> unstack(RawGraph g, Output<?> x, int t) {
        var op = g.op("Unpack").addInput(x).setAttr("num", (long) t).setAttr("axis", 1L).build();
        List<Output<?>> out = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            out.add(op.output(i));
        }
        return out;
    }

    /** A Keras-layout LSTM (gates i, f, c, o; hard-sigmoid recurrent activation), unrolled. */
    private static List<Output<?>> lstm(RawGraph g, List<Output<?>> xs, long inDim, long units, boolean sequences) {
        Output<?> w = g.weight(inDim, 4 * units, false, inDim, 4 * units);
        Output<?> u = g.weight(units, 4 * units, false, units, 4 * units);
        Output<?> b = g.weight(0, 0, true, 4 * units);
        Output<?> batch = g.op("StridedSlice").addInput(g.apply("Shape", xs.get(0))).addInput(g.ints(0)).addInput(g.ints(1))
                .addInput(g.ints(1)).setAttr("shrink_axis_mask", 1L).build().output(0);
        Output<?> stateShape = g.op("Pack").addInputList(new Output<?>[] {batch, g.tf.constant((int) units).asOutput()})
                .build().output(0);
        Output<?> h = g.apply("Fill", stateShape, g.scalar(0f));
        Output<?> c = h;
        List<Output<?>> outs = new ArrayList<>();
        for (Output<?> xt : xs) {
            Output<?> z = g.apply("AddV2", g.apply("BiasAdd", g.apply("MatMul", xt, w), b), g.apply("MatMul", h, u));
            var split = g.op("Split").addInput(g.tf.constant(1).asOutput()).addInput(z).setAttr("num_split", 4L).build();
            Output<?> i = hardSigmoid(g, split.output(0));
            Output<?> f = hardSigmoid(g, split.output(1));
            c = g.apply("AddV2", g.apply("Mul", f, c), g.apply("Mul", i, g.apply("Tanh", split.output(2))));
            Output<?> o = hardSigmoid(g, split.output(3));
            h = g.apply("Mul", o, g.apply("Tanh", c));
            outs.add(h);
        }
        return sequences ? outs : List.of(h);
    }

    private static Output<?> hardSigmoid(RawGraph g, Output<?> x) {
        return g.apply("ClipByValue", g.apply("AddV2", g.apply("Mul", x, g.scalar(0.2f)), g.scalar(0.5f)), g.scalar(0f),
                g.scalar(1f));
    }
}
