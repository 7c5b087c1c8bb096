// SPDX-License-Identifier: Apache-2.0
package io.strata.losses;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;

/**
 * A loss written against {@link Ops}: from targets and predictions of the model's output shape, the
 * loss of each sample (shape {@code (batch,)}, or {@code (batch, ...)} which is averaged over the
 * non-batch axes). The model weights and averages it over the batch, as Keras does.
 */
@FunctionalInterface
public interface LossFunction {
    /** The per-sample loss. */
    Tensor call(Ops ops, Tensor yTrue, Tensor yPred);
}
