// SPDX-License-Identifier: Apache-2.0
package io.strata.losses;

/**
 * A user-defined loss: a name and a {@link LossFunction} over {@code Ops}.
 *
 * <pre>{@code
 * Loss huber = new CustomLoss("huber", (ops, yTrue, yPred) -> ...);
 * }</pre>
 *
 * @param id the name shown for it
 * @param function the per-sample computation
 */
public record CustomLoss(String id, LossFunction function) implements Loss {}
