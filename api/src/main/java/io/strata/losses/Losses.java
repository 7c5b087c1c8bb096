// SPDX-License-Identifier: Apache-2.0
package io.strata.losses;

import io.strata.InvalidConfigException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;

/** Factories and lookup for losses: {@code Losses.categoricalCrossentropy()}, {@code Losses.named("mse")}. */
public final class Losses {
    /** Keras's fuzz factor {@code K.epsilon()}. */
    public static final float EPSILON = 1e-7f;

    private Losses() {}

    /** The loss for a Keras identifier or alias. */
    public static Loss named(String id) {
        BuiltinLoss l = BuiltinLoss.lookup(id);
        if (l == null) {
            throw new InvalidConfigException("Unknown loss function '" + id + "'. Known losses: " + BuiltinLoss.known()
                    + ". For your own loss use new CustomLoss(name, (ops, yTrue, yPred) -> ...).");
        }
        return l;
    }

    /** Categorical cross-entropy (one-hot targets). */
    public static Loss categoricalCrossentropy() {
        return BuiltinLoss.CATEGORICAL_CROSSENTROPY;
    }

    /** Sparse categorical cross-entropy (integer targets). */
    public static Loss sparseCategoricalCrossentropy() {
        return BuiltinLoss.SPARSE_CATEGORICAL_CROSSENTROPY;
    }

    /** Binary cross-entropy. */
    public static Loss binaryCrossentropy() {
        return BuiltinLoss.BINARY_CROSSENTROPY;
    }

    /** Mean squared error. */
    public static Loss meanSquaredError() {
        return BuiltinLoss.MEAN_SQUARED_ERROR;
    }

    /** Mean absolute error. */
    public static Loss meanAbsoluteError() {
        return BuiltinLoss.MEAN_ABSOLUTE_ERROR;
    }

    /** A custom loss. */
    public static Loss custom(String name, LossFunction function) {
        return new CustomLoss(name, function);
    }

    /** {@code x / sqrt(max(sum(x², axis=-1), 1e-12))}, Keras's {@code l2_normalize}. */
    static Tensor l2Normalize(Ops ops, Tensor x) {
        Tensor sq = ops.sum(ops.square(x), true, -1);
        return ops.div(x, ops.sqrt(ops.maximum(sq, ops.constant(1e-12f))));
    }
}
