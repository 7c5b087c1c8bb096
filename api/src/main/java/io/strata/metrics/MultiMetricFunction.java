// SPDX-License-Identifier: Apache-2.0
package io.strata.metrics;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import java.util.Map;

/**
 * A metric that returns several named values at once (Keras's metric returning a dict, such as the
 * guide's {@code false_rates}). Each value is averaged over the batch and logged under its own name.
 */
@FunctionalInterface
public interface MultiMetricFunction {
    /** The named values, in a stable order (use a {@link java.util.LinkedHashMap} or {@code Map.of} of one). */
    Map<String, Tensor> call(Ops ops, Tensor yTrue, Tensor yPred);
}
