// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * One application of a layer to symbolic tensors (Keras's {@code Node}): the layer, the tensors it
 * was applied to, and the tensors it produced. A layer applied twice has two nodes and one set of
 * weights (a shared layer); {@link #index()} is Keras's node index, as printed in the "Connected to"
 * column of a model summary ({@code dense_1[1][0]} is output 0 of the second application of
 * {@code dense_1}).
 */
public final class Node {
    private final Layer layer;
    private final List<SymbolicTensor> inputs;
    private final List<SymbolicTensor> outputs;
    private final int index;

    Node(Layer layer, List<SymbolicTensor> inputs, List<Shape> outputShapes, int index) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.index = index;
        List<SymbolicTensor> outs = new ArrayList<>();
        for (int i = 0; i < outputShapes.size(); i++) {
            outs.add(new SymbolicTensor(outputShapes.get(i), this, i));
        }
        this.outputs = List.copyOf(outs);
    }

    /** The applied layer. */
    public Layer layer() {
        return layer;
    }

    /** The tensors the layer was applied to (empty for a model input). */
    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    /** The tensors the layer produced. */
    public List<SymbolicTensor> outputs() {
        return outputs;
    }

    /** The batch shapes of {@link #inputs()}. */
    public List<Shape> inputShapes() {
        return inputs.stream().map(SymbolicTensor::shape).toList();
    }

    /** The batch shapes of {@link #outputs()}. */
    public List<Shape> outputShapes() {
        return outputs.stream().map(SymbolicTensor::shape).toList();
    }

    /** Keras's node index: how many times the layer had been applied before this application. */
    public int index() {
        return index;
    }

    @Override
    public String toString() {
        return "Node(" + layer + "[" + index + "], inputs " + inputShapes() + ", outputs " + outputShapes() + ")";
    }
}
