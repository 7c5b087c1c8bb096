// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

/** The data term of the training loss: targets, predictions and per-sample weights in, a scalar out. */
@FunctionalInterface
public interface ObjectiveFunction {
    /** The weighted mean loss over the batch. */
    Tensor apply(Ops ops, Tensor yTrue, Tensor yPred, Tensor sampleWeights);
}
