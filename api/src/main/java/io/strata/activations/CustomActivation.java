// SPDX-License-Identifier: Apache-2.0
package io.strata.activations;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import java.util.function.BiFunction;

/**
 * A user-defined activation: a name (for {@code summary()} and configs) and a function over
 * {@link Ops}.
 *
 * @param id the identifier shown for it
 * @param function the computation
 */
public record CustomActivation(String id, BiFunction<Ops, Tensor, Tensor> function) implements ActivationFunction {
    @Override
    public Tensor apply(Ops ops, Tensor x) {
        return function.apply(ops, x);
    }
}
