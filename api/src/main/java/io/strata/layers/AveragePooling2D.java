// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * Keras's {@code AveragePooling2D}: the mean over each {@code poolSize} window.
 *
 * <p>Input shape: {@code (batch, rows, cols, channels)} (or channels first). Output shape: pooled rows
 * and cols.
 */
public final class AveragePooling2D extends Pooling2D<AveragePooling2D> {
    /** Pooling over {@code poolSize} windows (one or two ints; Keras's default is 2). */
    public AveragePooling2D(int... poolSize) {
        super(poolSize.length == 0 ? new int[] {2, 2} : poolSize);
    }

    @Override
    public String className() {
        return "AveragePooling2D";
    }

    @Override
    Tensor pool(Ops ops, Tensor x, int[] poolSize, int[] strides, String padding) {
        return ops.avgPool2d(x, poolSize, strides, padding);
    }

    /** Keras's {@code AveragePooling2D.from_config}. */
    public static AveragePooling2D fromConfig(Config c, CustomObjects custom) {
        return Pooling2D.fromConfig(AveragePooling2D::new, c, custom);
    }
}
