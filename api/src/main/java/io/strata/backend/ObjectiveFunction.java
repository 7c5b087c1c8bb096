// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

/** The data term of the training loss: targets, predictions and per-sample weights in, a scalar out. */
@FunctionalInterface
public interface ObjectiveFunction {
    /**
     * The weighted mean loss over the batch.
     *
     * @param sampleWeights one weight per sample, or null when every weight is 1 (the backend then
     *     builds a smaller step)
     */
    Tensor apply(Ops ops, Tensor yTrue, Tensor yPred, @org.jspecify.annotations.Nullable Tensor sampleWeights);
}
