// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A small kit for the raw TensorFlow Java ceilings of the convolutional and recurrent benchmarks:
 * variables, fused layers, logits cross-entropy with accuracy, fused Adam / RMSprop, and a step that
 * feeds slices of flat arrays. Nothing here is shared with Strata.
 */
final class RawGraph implements AutoCloseable {
    final Graph graph = new Graph();
    final Ops tf = Ops.create(graph);
    private final Random random;
    private final List<Output<?>> handles = new ArrayList<>();
    private final List<Output<?>> reads = new ArrayList<>();
    private final List<Operation> inits = new ArrayList<>();
    private int counter;
    private Session session;
    private final List<Output<?>> xs = new ArrayList<>();
    private final List<long[]> xShapes = new ArrayList<>();
    private Output<?> y;
    private Output<?> loss;
    private Output<?> accuracy;
    private Operation train;
    private int classes;

    RawGraph(long seed) {
        this.random = new Random(seed);
    }

    GraphOperationBuilder op(String type) {
        return (GraphOperationBuilder) graph.opBuilder(type, type + "_" + (counter++), graph.baseScope());
    }

    Output<?> apply(String type, Output<?>... inputs) {
        GraphOperationBuilder b = op(type);
        for (Output<?> in : inputs) {
            b.addInput(in);
        }
        return b.build().output(0);
    }

    Output<?> scalar(float v) {
        return tf.constant(v).asOutput();
    }

    Output<?> ints(int... v) {
        return tf.constant(v).asOutput();
    }

    /** A model input of per-sample shape {@code sampleShape}; a model may have several (each step feeds them all). */
    Output<?> input(long... sampleShape) {
        long[] full = new long[sampleShape.length + 1];
        full[0] = -1;
        System.arraycopy(sampleShape, 0, full, 1, sampleShape.length);
        Output<?> x = op("Placeholder").setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.of(full)).build().output(0);
        xs.add(x);
        xShapes.add(sampleShape);
        return x;
    }

    /** A Glorot-uniform (or zero) weight; returns its read. */
    Output<?> weight(long fanIn, long fanOut, boolean zeros, long... shape) {
        int n = (int) Shape.of(shape).size();
        float[] init = new float[n];
        if (!zeros) {
            float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < n; i++) {
                init[i] = (random.nextFloat() * 2 - 1) * limit;
            }
        }
        Output<?> h = op("VarHandleOp").setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.of(shape))
                .setAttr("shared_name", "w" + counter).build().output(0);
        inits.add(op("AssignVariableOp").addInput(h)
                .addInput(tf.constant(Shape.of(shape), DataBuffers.of(init, true, false)).asOutput()).build());
        Output<?> read = op("ReadVariableOp").addInput(h).setAttr("dtype", DataType.DT_FLOAT).build().output(0);
        handles.add(h);
        reads.add(read);
        return read;
    }

    Output<?> dense(Output<?> in, long inDim, long units) {
        return apply("BiasAdd", apply("MatMul", in, weight(inDim, units, false, inDim, units)),
                weight(0, 0, true, units));
    }

    Output<?> conv(Output<?> in, long k, long inCh, long filters) {
        Output<?> c = op("Conv2D").addInput(in).addInput(weight(k * k * inCh, k * k * filters, false, k, k, inCh, filters))
                .setAttr("strides", new long[] {1, 1, 1, 1}).setAttr("padding", "VALID").build().output(0);
        return apply("BiasAdd", c, weight(0, 0, true, filters));
    }

    Output<?> dropout(Output<?> in, float rate, long seed) {
        Output<?> u = op("RandomUniform").addInput(apply("Shape", in)).setAttr("dtype", DataType.DT_FLOAT)
                .setAttr("seed", 1L).setAttr("seed2", seed).build().output(0);
        return apply("Mul", in, apply("SelectV2", apply("GreaterEqual", u, scalar(rate)), scalar(1f / (1f - rate)), scalar(0f)));
    }

    /** Logits cross-entropy and accuracy on {@code logits}, and the training step with {@code optimizer}. */
    void finish(Output<?> logits, int classes, String optimizer, ConfigProto config) {
        this.classes = classes;
        y = op("Placeholder").setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.of(-1, classes)).build().output(0);
        Output<?> ce = op("SoftmaxCrossEntropyWithLogits").addInput(logits).addInput(y).build().output(0);
        loss = apply("Mean", ce, ints(0));
        Output<?> last = tf.constant(1).asOutput();
        accuracy = apply("Mean", op("Cast").addInput(apply("Equal", apply("ArgMax", y, last), apply("ArgMax", logits, last)))
                .setAttr("DstT", DataType.DT_FLOAT).build().output(0), ints(0));
        Output<?>[] grads = graph.addGradients(loss, reads.toArray(Output<?>[]::new));
        Output<?> it = op("VarHandleOp").setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.scalar())
                .setAttr("shared_name", "iterations").build().output(0);
        inits.add(op("AssignVariableOp").addInput(it).addInput(scalar(0f)).build());
        Output<?> t = apply("AddV2", op("ReadVariableOp").addInput(it).setAttr("dtype", DataType.DT_FLOAT).build().output(0),
                scalar(1f));
        List<Operation> applies = new ArrayList<>();
        for (int i = 0; i < handles.size(); i++) {
            Output<?> m = slot(reads.get(i));
            Output<?> v = slot(reads.get(i));
            if (optimizer.equals("adam")) {
                applies.add(op("ResourceApplyAdam").addInput(handles.get(i)).addInput(m).addInput(v)
                        .addInput(apply("Pow", scalar(0.9f), t)).addInput(apply("Pow", scalar(0.999f), t))
                        .addInput(scalar(0.001f)).addInput(scalar(0.9f)).addInput(scalar(0.999f)).addInput(scalar(1e-7f))
                        .addInput(grads[i]).build());
            } else {
                applies.add(op("ResourceApplyRMSProp").addInput(handles.get(i)).addInput(m).addInput(v)
                        .addInput(scalar(0.001f)).addInput(scalar(0.9f)).addInput(scalar(0f)).addInput(scalar(1e-7f))
                        .addInput(grads[i]).build());
            }
        }
        GraphOperationBuilder inc = op("AssignAddVariableOp").addInput(it).addInput(scalar(1f));
        applies.forEach(inc::addControlInput);
        GraphOperationBuilder step = op("NoOp");
        step.addControlInput(inc.build());
        train = step.build();
        GraphOperationBuilder init = op("NoOp");
        inits.forEach(init::addControlInput);
        Operation initOp = init.build();
        session = new Session(graph, config);
        session.runner().addTarget(initOp).run();
    }

    private Output<?> slot(Output<?> like) {
        Output<?> h = op("VarHandleOp").setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", like.shape())
                .setAttr("shared_name", "slot" + counter).build().output(0);
        inits.add(op("AssignVariableOp").addInput(h).addInput(apply("ZerosLike", like)).build());
        return h;
    }

    /** One step on samples {@code [from, from + n)} of flat arrays; every input is fed the same samples of {@code data}. */
    float trainStep(float[] data, float[] ys, int from, int n) {
        List<TFloat32> feeds = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (int i = 0; i < xs.size(); i++) {
                long[] sample = xShapes.get(i);
                long per = Shape.of(sample).size();
                long[] full = new long[sample.length + 1];
                full[0] = n;
                System.arraycopy(sample, 0, full, 1, sample.length);
                TFloat32 xb = TFloat32.tensorOf(Shape.of(full), DataBuffers.of(data, true, false).slice(from * per, n * per));
                feeds.add(xb);
                runner.feed(xs.get(i), xb);
            }
            TFloat32 yb = TFloat32.tensorOf(Shape.of(n, classes),
                    DataBuffers.of(ys, true, false).slice((long) from * classes, (long) n * classes));
            feeds.add(yb);
            try (Result r = runner.feed(y, yb).addTarget(train).fetch(loss).fetch(accuracy).run()) {
                return ((TFloat32) r.get(0)).getFloat();
            }
        } finally {
            feeds.forEach(TFloat32::close);
        }
    }

    /**
     * One step on the samples at {@code indices} (a shuffled batch, as Keras's fit takes them): their rows
     * of {@code rows} are written straight into each input's tensor, and their rows of {@code ys} into
     * the targets' — the same work as a shuffled fit.
     */
    float trainStepRows(float[][] rows, float[][] ys, int[] indices) {
        List<TFloat32> feeds = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (int i = 0; i < xs.size(); i++) {
                long[] sample = xShapes.get(i);
                long[] full = new long[sample.length + 1];
                full[0] = indices.length;
                System.arraycopy(sample, 0, full, 1, sample.length);
                feeds.add(gather(rows, indices, Shape.of(full)));
                runner.feed(xs.get(i), feeds.get(feeds.size() - 1));
            }
            feeds.add(gather(ys, indices, Shape.of(indices.length, classes)));
            try (Result r = runner.feed(y, feeds.get(feeds.size() - 1)).addTarget(train).fetch(loss).fetch(accuracy).run()) {
                return ((TFloat32) r.get(0)).getFloat();
            }
        } finally {
            feeds.forEach(TFloat32::close);
        }
    }

    private static TFloat32 gather(float[][] rows, int[] indices, Shape shape) {
        TFloat32 t = TFloat32.tensorOf(shape);
        FloatDataBuffer b = t.asRawTensor().data().asFloats();
        for (int i = 0; i < indices.length; i++) {
            float[] row = rows[indices[i]];
            b.offset((long) i * row.length).write(row, 0, row.length);
        }
        return t;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
        graph.close();
    }
}
