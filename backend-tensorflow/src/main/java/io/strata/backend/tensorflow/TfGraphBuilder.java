// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TInt32;

/**
 * Builds raw graph operations by type name, with unique names and an optional set of control
 * dependencies. TF Java's generated wrappers are avoided on purpose: the raw form is shorter, and the
 * op names are those of TensorFlow's op registry.
 */
final class TfGraphBuilder {
    final Graph graph;
    final Ops tf;
    private int counter;
    private List<Operation> controls = List.of();

    TfGraphBuilder(Graph graph) {
        this.graph = graph;
        this.tf = Ops.create(graph);
    }

    /** A builder for an op of {@code type}; inputs and attributes are added by the caller. */
    OpBuilder op(String type) {
        GraphOperationBuilder b = (GraphOperationBuilder) graph.opBuilder(type, type + "_s" + (counter++), graph.baseScope());
        for (Operation c : controls) {
            b.addControlInput(c);
        }
        return new OpBuilder(b);
    }

    /** Shorthand for an op with inputs and no attributes, returning output 0. */
    Output<?> apply(String type, Output<?>... inputs) {
        OpBuilder b = op(type);
        for (Output<?> in : inputs) {
            b.in(in);
        }
        return b.build().output(0);
    }

    /** Runs {@code body} with control dependencies on {@code deps} for every op it creates. */
    <T> T withControls(List<? extends Operation> deps, java.util.function.Supplier<T> body) {
        List<Operation> saved = controls;
        List<Operation> merged = new ArrayList<>(saved);
        merged.addAll(deps);
        controls = merged;
        try {
            return body.get();
        } finally {
            controls = saved;
        }
    }

    /** Runs {@code body} with none of the current control dependencies (variables and their initializers). */
    <T> T withoutControls(java.util.function.Supplier<T> body) {
        List<Operation> saved = controls;
        controls = List.of();
        try {
            return body.get();
        } finally {
            controls = saved;
        }
    }

    private final java.util.Map<Float, Output<?>> scalars = new java.util.HashMap<>();

    /**
     * A scalar constant, shared by every use of the same value: an unrolled recurrent layer asks for
     * the same few constants hundreds of times. Constants made under control dependencies are not
     * shared, so that no dependency leaks into another part of the graph.
     */
    Output<?> scalar(float v) {
        if (!controls.isEmpty()) {
            return tf.constant(v).asOutput();
        }
        return scalars.computeIfAbsent(v, k -> tf.constant(k).asOutput());
    }

    Output<?> floats(float[] v, long... shape) {
        return tf.constant(org.tensorflow.ndarray.Shape.of(shape), DataBuffers.of(v, true, false)).asOutput();
    }

    Output<TInt32> ints(int... v) {
        return tf.constant(v).asOutput();
    }

    Output<TInt32> int0(int v) {
        return tf.constant(v).asOutput();
    }

    Output<?> placeholder(DataType type, long... shape) {
        return op("Placeholder").attr("dtype", type).attr("shape", org.tensorflow.ndarray.Shape.of(shape)).build().output(0);
    }

    Output<?> cast(Output<?> x, DataType to) {
        return op("Cast").in(x).attr("DstT", to).build().output(0);
    }

    /** A fluent wrapper over {@link GraphOperationBuilder}. */
    static final class OpBuilder {
        private final GraphOperationBuilder b;

        OpBuilder(GraphOperationBuilder b) {
            this.b = b;
        }

        OpBuilder in(Output<?> input) {
            b.addInput(input);
            return this;
        }

        OpBuilder inList(Output<?>[] inputs) {
            b.addInputList(inputs);
            return this;
        }

        OpBuilder control(Operation op) {
            b.addControlInput(op);
            return this;
        }

        OpBuilder attr(String name, DataType v) {
            b.setAttr(name, v);
            return this;
        }

        OpBuilder attr(String name, org.tensorflow.ndarray.Shape v) {
            b.setAttr(name, v);
            return this;
        }

        OpBuilder attr(String name, boolean v) {
            b.setAttr(name, v);
            return this;
        }

        OpBuilder attr(String name, long v) {
            b.setAttr(name, v);
            return this;
        }

        OpBuilder attr(String name, long[] v) {
            b.setAttr(name, v);
            return this;
        }

        OpBuilder attr(String name, String v) {
            b.setAttr(name, v);
            return this;
        }

        GraphOperation build() {
            return b.build();
        }
    }
}
