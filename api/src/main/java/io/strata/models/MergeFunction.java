// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import java.util.List;

/**
 * A merge mode of your own for Keras 1's {@link Merge}: the merged tensor of the branch tensors,
 * written against the backend-neutral {@link Ops} (the guide's {@code mode=lambda x: x[0] - x[1]}).
 *
 * <pre>{@code
 * new Merge(List.of(left, right), (ops, x) -> ops.sub(x.get(0), x.get(1)), Shape.of(32))
 * }</pre>
 */
@FunctionalInterface
public interface MergeFunction {
    /** The merged tensor of {@code inputs}, one per branch, in order. */
    Tensor apply(Ops ops, List<Tensor> inputs);

    /**
     * A merge function with the name Keras 1 saves it under ({@code mode_type: "function"}); register the
     * same name with {@link io.strata.saving.CustomObjects#mergeFunction} to load the model back.
     */
    static MergeFunction named(String name, MergeFunction function) {
        return new Named(name, function);
    }

    /** A merge function and its name. */
    record Named(String name, MergeFunction function) implements MergeFunction {
        @Override
        public Tensor apply(Ops ops, List<Tensor> inputs) {
            return function.apply(ops, inputs);
        }
    }
}
