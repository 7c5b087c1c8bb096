// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.Shape;
import io.strata.optimizers.Optimizer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code compile} adds to a model, in the form a backend consumes.
 *
 * @param optimizer the update rule
 * @param targetShapes the batch shape of each output's targets as they are fed
 * @param objective the data term of the loss and the values logged next to it
 * @param logNames the names of the logged values after {@code loss}, in order (per-output losses of a
 *     model with several outputs, then the metrics)
 * @param jitCompile Keras's {@code jit_compile}: whether the steps are compiled with XLA, or null for
 *     the backend's choice ({@code "auto"})
 */
public record TrainingDefinition(
        Optimizer<?> optimizer,
        List<Shape> targetShapes,
        ObjectiveFunction objective,
        List<String> logNames,
        @Nullable Boolean jitCompile) {

    /** Copies the lists. */
    public TrainingDefinition {
        targetShapes = List.copyOf(targetShapes);
        logNames = List.copyOf(logNames);
    }
}
