// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import java.util.List;

/** All of a model's metrics at once: targets and predictions in, one scalar per metric name out. */
@FunctionalInterface
public interface MetricsFunction {
    /** The metric values, in the order of {@link TrainingDefinition#metricNames()}. */
    List<Tensor> apply(Ops ops, Tensor yTrue, Tensor yPred);
}
