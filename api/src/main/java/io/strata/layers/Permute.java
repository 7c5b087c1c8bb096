// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import java.util.Arrays;

/**
 * Keras's {@code Permute}: permutes the non-batch axes; {@code dims} are 1-based, as in Keras
 * ({@code Permute(2, 1)} swaps the first two).
 *
 * <p>Output shape: the input's dimensions in the order {@code dims}.
 */
public final class Permute extends BaseLayer<Permute> {
    private final int[] dims;

    /** A permutation of the axes {@code 1..n}. */
    public Permute(int... dims) {
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i + 1) {
                throw new InvalidConfigException("Permute: 'dims' must be a permutation of 1.." + dims.length + ", got "
                        + Arrays.toString(dims) + ".");
            }
        }
        this.dims = dims.clone();
    }

    @Override
    public String className() {
        return "Permute";
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        if (in.rank() != dims.length + 1) {
            throw new ShapeMismatchException("Permute layer " + layerName + ": dims " + Arrays.toString(dims)
                    + " do not match the input " + in + ".");
        }
        long[] out = new long[dims.length + 1];
        out[0] = in.dim(0);
        for (int i = 0; i < dims.length; i++) {
            out[i + 1] = in.dim(dims[i]);
        }
        return Shape.of(out);
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        int[] perm = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            perm[i + 1] = dims[i];
        }
        return (c, x) -> c.ops().transpose(x, perm);
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("dims", dims);
    }

    /** Keras's {@code Permute.from_config}. */
    public static Permute fromConfig(Config c, CustomObjects custom) {
        return withBaseConfig(new Permute(c.intList("dims")), c, custom);
    }
}
