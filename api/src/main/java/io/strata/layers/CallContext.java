// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;

/**
 * What a built layer sees while its computation is traced: the backend's {@link Ops}, its weights,
 * the training flag and a place for extra losses and state updates.
 */
public interface CallContext {
    /** The backend-neutral operations. */
    Ops ops();

    /** Whether this trace is the training step (dropout active) rather than inference. */
    boolean training();

    /** The current value of a weight declared in {@link Layer#build}. */
    Tensor read(Weight weight);

    /** Schedules {@code weight := value} to run with this step (for state such as moving means). */
    void assign(Weight weight, Tensor value);

    /** Adds a scalar to the training loss (activity regularization). */
    void addLoss(Tensor loss);

    /** A fresh operation seed derived from the model's seed, stable across runs. */
    long nextSeed();

    /**
     * The mask of the current input ({@code (batch, timesteps)}, 1 where a step is real, 0 where it is
     * padding), set by an earlier layer such as {@code Embedding(maskZero = true)}; null for none.
     */
    io.strata.backend.@org.jspecify.annotations.Nullable Tensor mask();

    /** Sets the mask that later layers see (null to drop it). */
    void mask(io.strata.backend.@org.jspecify.annotations.Nullable Tensor mask);
}
