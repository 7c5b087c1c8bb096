// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * Keras's {@code MaxPooling1D}: the maximum over windows of {@code poolSize} steps.
 *
 * <p>Input shape: {@code (batch, steps, features)}. Output shape: {@code (batch, pooledSteps, features)}.
 */
public final class MaxPooling1D extends Pooling1D<MaxPooling1D> {
    /** Pooling over windows of {@code poolSize} steps (Keras's default is 2). */
    public MaxPooling1D(int poolSize) {
        super(poolSize);
    }

    @Override
    public String className() {
        return "MaxPooling1D";
    }

    @Override
    Tensor pool(Ops ops, Tensor x, int[] poolSize, int[] strides, String padding) {
        return ops.maxPool2d(x, poolSize, strides, padding);
    }

    /** Keras's {@code MaxPooling1D.from_config}. */
    public static MaxPooling1D fromConfig(Config c, CustomObjects custom) {
        return Pooling1D.fromConfig(MaxPooling1D::new, c, custom);
    }
}
