// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.Shape;
import io.strata.optimizers.Optimizer;
import java.util.List;

/**
 * What {@code compile} adds to a model, in the form a backend consumes.
 *
 * @param optimizer the update rule
 * @param targetShape the batch shape of the targets as they are fed
 * @param objective the data term of the loss
 * @param metricNames the names of the metric values, in order
 * @param metrics their computation
 */
public record TrainingDefinition(
        Optimizer<?> optimizer,
        Shape targetShape,
        ObjectiveFunction objective,
        List<String> metricNames,
        MetricsFunction metrics) {

    /** Copies the name list. */
    public TrainingDefinition {
        metricNames = List.copyOf(metricNames);
    }
}
