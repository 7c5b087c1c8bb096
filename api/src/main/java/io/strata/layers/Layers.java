// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.activations.ActivationFunction;

/** Short factories for the built-in layers, one per Keras class: {@code Layers.dense(32)}. */
public final class Layers {
    private Layers() {}

    /** {@link Dense} with {@code units} outputs. */
    public static Dense dense(int units) {
        return new Dense(units);
    }

    /** {@link Activation} by Keras identifier. */
    public static Activation activation(String activation) {
        return new Activation(activation);
    }

    /** {@link Activation} with a function. */
    public static Activation activation(ActivationFunction activation) {
        return new Activation(activation);
    }

    /** {@link Dropout} of {@code rate}. */
    public static Dropout dropout(double rate) {
        return new Dropout(rate);
    }

    /** {@link Flatten}. */
    public static Flatten flatten() {
        return new Flatten();
    }

    /** {@link Reshape} to a per-sample shape (one entry may be -1). */
    public static Reshape reshape(long... targetShape) {
        return new Reshape(targetShape);
    }

    /** {@link InputLayer}; give it {@code inputShape} or {@code batchInputShape}. */
    public static InputLayer inputLayer() {
        return new InputLayer();
    }
}
