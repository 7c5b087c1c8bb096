// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code Input}: a symbolic model input of the functional API, made by an {@link InputLayer}.
 *
 * <pre>{@code
 * SymbolicTensor main = Input.named("main_input", 100);       // Input(shape=(100,), name='main_input')
 * SymbolicTensor aux = Input.of(5);                            // Input(shape=(5,))
 * SymbolicTensor fixed = Input.batchShape(32, 10, 64);         // Input(batch_shape=(32, 10, 64))
 * }</pre>
 */
public final class Input {
    private Input() {}

    /** An input of per-sample shape {@code shape} (Keras's {@code Input(shape=...)}); the batch size is unknown. */
    public static SymbolicTensor of(long... shape) {
        return from(new InputLayer().inputShape(shape));
    }

    /** A named input of per-sample shape {@code shape} (Keras's {@code Input(shape=..., name=...)}). */
    public static SymbolicTensor named(String name, long... shape) {
        return from(new InputLayer().inputShape(shape).name(name));
    }

    /** An input with the batch dimension first; null is an unknown dimension (Keras's {@code batch_shape}). */
    public static SymbolicTensor batchShape(@Nullable Integer... batchShape) {
        return from(new InputLayer().batchInputShape(batchShape));
    }

    /** The input that {@code layer} declares (its shape, batch size and name). */
    public static SymbolicTensor from(InputLayer layer) {
        Shape shape = layer.requireShape();
        // One InputLayer object makes one input: a second Input from it gets a layer of its own.
        InputLayer own = layer.nodeCount() == 0 ? layer : (InputLayer) layer.duplicate();
        Node node = new Node(own, List.of(), List.of(shape), own.nextNodeIndex());
        return node.outputs().get(0);
    }
}
