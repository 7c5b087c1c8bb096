// SPDX-License-Identifier: Apache-2.0
package io.strata.constraints;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;

/** A projection applied to a weight after every optimizer update (Keras's {@code kernel_constraint}). */
@FunctionalInterface
public interface Constraint {
    /** The projected weight. */
    Tensor apply(Ops ops, Tensor w);
}
