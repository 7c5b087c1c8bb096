// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The training objective of a compiled model: targets, predictions and per-sample weights of every
 * output in; the data term of the loss and the logged values out.
 */
@FunctionalInterface
public interface ObjectiveFunction {
    /**
     * The weighted loss over the batch and the values logged with it.
     *
     * @param yTrue the targets, one per output
     * @param yPred the predictions, one per output
     * @param sampleWeights one weight vector per output, or null when every weight is 1 (the backend
     *     then builds a smaller step)
     */
    Objective apply(Ops ops, List<Tensor> yTrue, List<Tensor> yPred, @Nullable List<Tensor> sampleWeights);

    /**
     * What {@link #apply} returns.
     *
     * @param loss the scalar data term of the training loss (the backend adds regularization to it)
     * @param logs one scalar per {@link TrainingDefinition#logNames()} entry
     */
    record Objective(Tensor loss, List<Tensor> logs) {
        /** Copies the list. */
        public Objective {
            logs = List.copyOf(logs);
        }
    }
}
