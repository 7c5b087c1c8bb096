// SPDX-License-Identifier: Apache-2.0
package io.strata.metrics;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;

/**
 * A metric written against {@link Ops}: from targets and predictions, a value per sample (or a
 * scalar); the model reports its mean over the batch, as Keras 2 does.
 */
@FunctionalInterface
public interface MetricFunction {
    /** The per-sample (or scalar) metric value. */
    Tensor call(Ops ops, Tensor yTrue, Tensor yPred);
}
