// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Tensor;
import java.util.List;

/**
 * A built layer's computation on all of its inputs at once: the runtime half of a {@link Layer}
 * applied in a model graph. Single-input layers get one from their {@link LayerCall}; merge layers
 * implement it directly.
 */
@FunctionalInterface
public interface NodeCall {
    /** Traces the layer on {@code inputs} (one tensor per input of the node) and returns its outputs. */
    List<Tensor> call(CallContext ctx, List<Tensor> inputs);
}
