// SPDX-License-Identifier: Apache-2.0
package io.strata.regularizers;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;

/** A penalty on a weight (or a layer's output) that is added to the training loss. */
@FunctionalInterface
public interface Regularizer {
    /** The scalar penalty for {@code x}. */
    Tensor apply(Ops ops, Tensor x);
}
