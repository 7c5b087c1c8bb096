// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.layers.CallContext;
import java.util.List;

/** A model's forward pass, traced by a backend: the model's inputs in, its outputs out. */
@FunctionalInterface
public interface ForwardFunction {
    /**
     * Traces the model. Implementations add regularization penalties through
     * {@link CallContext#addLoss}; the backend adds them to the loss.
     */
    List<Tensor> apply(CallContext ctx, List<Tensor> inputs);
}
