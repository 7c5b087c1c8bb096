// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.backend.Ops;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * Keras's {@code RepeatVector}: repeats its input {@code n} times along a new time axis.
 *
 * <p>Input shape: {@code (batch, features)}. Output shape: {@code (batch, n, features)}.
 */
public final class RepeatVector extends BaseLayer<RepeatVector> {
    private final int n;

    /** Repeats the input {@code n} times. */
    public RepeatVector(int n) {
        requirePositive("n", n);
        this.n = n;
    }

    @Override
    public String className() {
        return "RepeatVector";
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, 2, "(batch, features)");
        return Shape.of(in.dim(0), n, in.dim(1));
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        return (c, x) -> {
            Ops ops = c.ops();
            return ops.tile(ops.expandDims(x, 1), 1, n, 1);
        };
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("n", n);
    }

    /** Keras's {@code RepeatVector.from_config}. */
    public static RepeatVector fromConfig(Config c, CustomObjects custom) {
        return withBaseConfig(new RepeatVector(c.integer("n")), c, custom);
    }
}
