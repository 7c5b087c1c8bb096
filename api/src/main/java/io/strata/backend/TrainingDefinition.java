// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.Shape;
import io.strata.optimizers.Optimizer;
import java.util.List;

/**
 * What {@code compile} adds to a model, in the form a backend consumes.
 *
 * @param optimizer the update rule
 * @param targetShapes the batch shape of each output's targets as they are fed
 * @param objective the data term of the loss and the values logged next to it
 * @param logNames the names of the logged values after {@code loss}, in order (per-output losses of a
 *     model with several outputs, then the metrics)
 */
public record TrainingDefinition(
        Optimizer<?> optimizer,
        List<Shape> targetShapes,
        ObjectiveFunction objective,
        List<String> logNames) {

    /** Copies the lists. */
    public TrainingDefinition {
        targetShapes = List.copyOf(targetShapes);
        logNames = List.copyOf(logNames);
    }
}
