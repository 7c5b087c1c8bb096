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
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * The ceiling: the same MLP written directly against TensorFlow Java as tightly as we know how. One
 * graph; each step feeds a batch sliced from one big float array without copying, runs fused ops
 * (logits cross-entropy, {@code ResourceApplyRMSProp} / {@code ResourceApplyKerasMomentum}) and
 * fetches the loss and the accuracy, as Keras's fit reports them. It shares nothing with Strata.
 */
final class RawMlp implements AutoCloseable {
    enum Optimizer { RMSPROP, SGD_NESTEROV }

    private final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    private final Session session;
    private final Output<?> x;
    private final Output<?> y;
    private final Output<?> loss;
    private final Output<?> accuracy;
    private final Output<?> probabilities;
    private final Operation train;
    private final int inputs;
    private final int classes;
    private int counter;

    RawMlp(int[] sizes, String activation, float dropout, Optimizer optimizer, long seed, ConfigProto config) {
        inputs = sizes[0];
        classes = sizes[sizes.length - 1];
        x = placeholder(-1, inputs);
        y = placeholder(-1, classes);
        Random random = new Random(seed);
        List<Output<?>> handles = new ArrayList<>();
        List<Output<?>> reads = new ArrayList<>();
        List<Operation> inits = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            float limit = (float) Math.sqrt(6.0 / (sizes[i] + sizes[i + 1]));
            float[] w = new float[sizes[i] * sizes[i + 1]];
            for (int j = 0; j < w.length; j++) {
                w[j] = (random.nextFloat() * 2 - 1) * limit;
            }
            handles.add(variable(w, sizes[i], sizes[i + 1], inits));
            handles.add(variable(new float[sizes[i + 1]], -2, sizes[i + 1], inits));
        }
        for (Output<?> h : handles) {
            reads.add(read(h));
        }
        Output<?> hTrain = x;
        Output<?> hTest = x;
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            Output<?> w = reads.get(2 * l);
            Output<?> b = reads.get(2 * l + 1);
            hTrain = apply("BiasAdd", apply("MatMul", hTrain, w), b);
            hTest = apply("BiasAdd", apply("MatMul", hTest, w), b);
            if (l + 1 < layers) {
                String act = activation.equals("relu") ? "Relu" : "Tanh";
                hTrain = apply(act, hTrain);
                hTest = apply(act, hTest);
                if (dropout > 0) {
                    Output<?> u = op("RandomUniform").addInput(apply("Shape", hTrain)).setAttr("dtype", DataType.DT_FLOAT)
                            .setAttr("seed", seed).setAttr("seed2", (long) l + 1).build().output(0);
                    Output<?> keep = apply("GreaterEqual", u, scalar(dropout));
                    hTrain = apply("Mul", hTrain, apply("SelectV2", keep, scalar(1f / (1f - dropout)), scalar(0f)));
                }
            }
        }
        probabilities = apply("Softmax", hTest);
        Output<?> ce = op("SoftmaxCrossEntropyWithLogits").addInput(hTrain).addInput(y).build().output(0);
        loss = apply("Mean", ce, tf.constant(new int[] {0}).asOutput());
        // Keras's categorical accuracy, which fit reports every batch: the same work Strata does.
        Output<?> last = tf.constant(1).asOutput();
        accuracy = op("Mean").addInput(op("Cast").addInput(apply("Equal", apply("ArgMax", y, last), apply("ArgMax", hTrain, last)))
                .setAttr("DstT", DataType.DT_FLOAT).build().output(0)).addInput(tf.constant(new int[] {0}).asOutput())
                .build().output(0);
        Output<?>[] grads = graph.addGradients(loss, reads.toArray(Output<?>[]::new));
        GraphOperationBuilder step = op("NoOp");
        if (optimizer == Optimizer.RMSPROP) {
            for (int i = 0; i < handles.size(); i++) {
                Output<?> ms = zerosLike(handles.get(i), reads.get(i), inits);
                Output<?> mom = zerosLike(handles.get(i), reads.get(i), inits);
                step.addControlInput(op("ResourceApplyRMSProp").addInput(handles.get(i)).addInput(ms).addInput(mom)
                        .addInput(scalar(0.001f)).addInput(scalar(0.9f)).addInput(scalar(0f)).addInput(scalar(1e-7f))
                        .addInput(grads[i]).build());
            }
        } else {
            Output<?> iterations = op("VarHandleOp").setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.scalar())
                    .setAttr("shared_name", "iterations").build().output(0);
            inits.add(op("AssignVariableOp").addInput(iterations).addInput(scalar(0f)).build());
            Output<?> it = read(iterations);
            Output<?> lr = apply("RealDiv", scalar(0.1f), apply("AddV2", scalar(1f), apply("Mul", scalar(1e-6f), it)));
            List<Operation> applies = new ArrayList<>();
            for (int i = 0; i < handles.size(); i++) {
                Output<?> accum = zerosLike(handles.get(i), reads.get(i), inits);
                applies.add(op("ResourceApplyKerasMomentum").addInput(handles.get(i)).addInput(accum).addInput(lr)
                        .addInput(grads[i]).addInput(scalar(0.9f)).setAttr("use_nesterov", true).build());
            }
            GraphOperationBuilder inc = op("AssignAddVariableOp").addInput(iterations).addInput(scalar(1f));
            applies.forEach(inc::addControlInput);
            step.addControlInput(inc.build());
        }
        train = step.build();
        GraphOperationBuilder init = op("NoOp");
        inits.forEach(init::addControlInput);
        Operation initOp = init.build();
        session = new Session(graph, config);
        session.runner().addTarget(initOp).run();
    }

    private GraphOperationBuilder op(String type) {
        return (GraphOperationBuilder) graph.opBuilder(type, type + "_" + (counter++), graph.baseScope());
    }

    private Output<?> apply(String type, Output<?>... inputs) {
        GraphOperationBuilder b = op(type);
        for (Output<?> in : inputs) {
            b.addInput(in);
        }
        return b.build().output(0);
    }

    private Output<?> scalar(float v) {
        return tf.constant(v).asOutput();
    }

    private Output<?> placeholder(long... shape) {
        return op("Placeholder").setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.of(shape)).build().output(0);
    }

    private Output<?> read(Output<?> handle) {
        return op("ReadVariableOp").addInput(handle).setAttr("dtype", DataType.DT_FLOAT).build().output(0);
    }

    private Output<?> variable(float[] init, int rows, int cols, List<Operation> inits) {
        Shape shape = rows == -2 ? Shape.of(cols) : Shape.of(rows, cols);
        Output<?> h = op("VarHandleOp").setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", shape)
                .setAttr("shared_name", "v" + counter).build().output(0);
        Output<?> value = tf.constant(shape, DataBuffers.of(init, true, false)).asOutput();
        inits.add(op("AssignVariableOp").addInput(h).addInput(value).build());
        return h;
    }

    private Output<?> zerosLike(Output<?> handle, Output<?> read, List<Operation> inits) {
        Output<?> h = op("VarHandleOp").setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", read.shape())
                .setAttr("shared_name", "slot" + counter).build().output(0);
        inits.add(op("AssignVariableOp").addInput(h).addInput(apply("ZerosLike", read)).build());
        return h;
    }

    /** One training step on samples {@code [from, from + n)} of the flat arrays. */
    float trainStep(float[] xs, float[] ys, int from, int n) {
        try (TFloat32 xb = TFloat32.tensorOf(Shape.of(n, inputs),
                        DataBuffers.of(xs, true, false).slice((long) from * inputs, (long) n * inputs));
                TFloat32 yb = TFloat32.tensorOf(Shape.of(n, classes),
                        DataBuffers.of(ys, true, false).slice((long) from * classes, (long) n * classes));
                Result r = session.runner().feed(x, xb).feed(y, yb).addTarget(train).fetch(loss).fetch(accuracy).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /**
     * One training step on the samples at {@code indices} of {@code rows} and {@code ys} (one-hot rows):
     * what a hand-written loop that shuffles every epoch, as Keras's fit does by default, feeds. The rows
     * are gathered into a reused array and written into each tensor in one copy, measured faster (85 against
     * 100 us for 128 rows of 784) than writing row by row into the tensor.
     */
    float trainStepRows(float[][] rows, float[][] ys, int[] indices) {
        try (TFloat32 xb = gather(rows, indices, inputs); TFloat32 yb = gather(ys, indices, classes);
                Result r = session.runner().feed(x, xb).feed(y, yb).addTarget(train).fetch(loss).fetch(accuracy).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    private float[] scratch = new float[0];

    private TFloat32 gather(float[][] rows, int[] indices, int width) {
        int n = indices.length * width;
        if (scratch.length < n) {
            scratch = new float[n];
        }
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(rows[indices[i]], 0, scratch, i * width, width);
        }
        TFloat32 t = TFloat32.tensorOf(Shape.of(indices.length, width));
        t.asRawTensor().data().asFloats().write(scratch, 0, n);
        return t;
    }

    /** The class probabilities of samples {@code [from, from + n)}. */
    float[] predict(float[] xs, int from, int n) {
        try (TFloat32 xb = TFloat32.tensorOf(Shape.of(n, inputs),
                        DataBuffers.of(xs, true, false).slice((long) from * inputs, (long) n * inputs));
                Result r = session.runner().feed(x, xb).fetch(probabilities).run()) {
            float[] out = new float[n * classes];
            r.get(0).asRawTensor().data().asFloats().read(out);
            return out;
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
