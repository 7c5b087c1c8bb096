// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Tensor;

/**
 * A built layer's computation: the runtime half of a {@link Layer}, closed over the weight handles
 * that {@link Layer#build} declared.
 */
@FunctionalInterface
public interface LayerCall {
    /** Traces the layer on {@code input} and returns its output. */
    Tensor call(CallContext ctx, Tensor input);
}
