// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.Shape;

/**
 * A symbolic float tensor inside a backend's computation: what {@link Ops} takes and returns.
 *
 * <p>A tensor carries the static shape the backend inferred for it (the batch dimension is usually
 * {@link Shape#UNKNOWN}). It holds no values a caller can read; values come out of a compiled
 * {@link Program}.
 */
public interface Tensor {
    /** The static shape, with {@link Shape#UNKNOWN} where the size is known only at run time. */
    Shape shape();

    /** The rank of {@link #shape()}. */
    default int rank() {
        return shape().rank();
    }
}
