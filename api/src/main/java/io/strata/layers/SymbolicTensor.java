// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;

/**
 * A symbolic tensor of the functional API (Keras's "Keras tensor"): the output of an {@link Input} or
 * of a layer applied to other symbolic tensors. It holds no values, only its batch shape and where it
 * comes from, so that a {@link io.strata.models.Model} can be built from inputs to outputs.
 *
 * <pre>{@code
 * SymbolicTensor x = Input.of(784);
 * SymbolicTensor h = Layers.dense(32).activation("relu").apply(x);
 * }</pre>
 */
public final class SymbolicTensor {
    private final Shape shape;
    private final Node node;
    private final int index;

    SymbolicTensor(Shape shape, Node node, int index) {
        this.shape = shape;
        this.node = node;
        this.index = index;
    }

    /** The batch shape, with {@link Shape#UNKNOWN} for the batch dimension unless it was fixed. */
    public Shape shape() {
        return shape;
    }

    /** The application of a layer that produced this tensor (Keras's {@code _keras_history}). */
    public Node node() {
        return node;
    }

    /** The layer that produced this tensor. */
    public Layer layer() {
        return node.layer();
    }

    /** The position of this tensor among its node's outputs. */
    public int index() {
        return index;
    }

    /** Whether this tensor is a model input, made by {@link Input}. */
    public boolean isInput() {
        return node.layer() instanceof InputLayer && node.inputs().isEmpty();
    }

    @Override
    public String toString() {
        return "SymbolicTensor(shape=" + shape + ", from " + node.layer() + ")";
    }
}
