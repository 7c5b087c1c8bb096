// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * Keras's {@code UpSampling1D} and {@code UpSampling2D}: each step (1-D) or row and column (2-D)
 * repeated {@code size} times. Build them with {@link Layers#upSampling1d} and {@link Layers#upSampling2d}.
 */
public final class UpSampling extends BaseLayer<UpSampling> {
    private final int[] size;
    private String dataFormat = "channels_last";

    UpSampling(int... size) {
        for (int s : size) {
            requirePositive("size", s);
        }
        this.size = size.clone();
    }

    @Override
    public String className() {
        return "UpSampling" + size.length + "D";
    }

    /** Keras's {@code data_format} (2-D only). */
    public UpSampling dataFormat(String dataFormat) {
        UpSampling c = copy();
        c.dataFormat = ConvUtils.dataFormat(className(), dataFormat);
        return c;
    }

    private int firstSpatialAxis() {
        return size.length == 2 && dataFormat.equals("channels_first") ? 2 : 1;
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, size.length + 2,
                size.length == 1 ? "(batch, steps, features)" : "(batch, rows, cols, channels)");
        Shape out = in;
        for (int i = 0; i < size.length; i++) {
            int axis = firstSpatialAxis() + i;
            long d = in.dim(axis);
            out = out.with(axis, d == Shape.UNKNOWN ? d : d * size[i]);
        }
        return out;
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        return (c, x) -> {
            Tensor y = x;
            for (int i = 0; i < size.length; i++) {
                y = c.ops().repeatElements(y, size[i], firstSpatialAxis() + i);
            }
            return y;
        };
    }

    /** Keras 2's config: {@code size} (an int for 1-D), {@code data_format} and {@code interpolation} for 2-D. */
    @Override
    public Config getConfig() {
        Config c = super.getConfig();
        if (size.length == 1) {
            return c.put("size", size[0]);
        }
        return c.put("size", size).put("data_format", dataFormat).put("interpolation", "nearest");
    }

    /** Keras's {@code UpSampling1D/2D.from_config} (Keras 1's {@code length}, {@code dim_ordering}). */
    public static UpSampling fromConfig(int spatialRank, Config c, CustomObjects custom) {
        ConvUtils.legacyConv(c);
        c.rename("length", "size");
        if (c.hasValue("interpolation") && !c.string("interpolation").equals("nearest")) {
            throw new io.strata.InvalidConfigException(c.description() + ": interpolation '" + c.string("interpolation")
                    + "' is not supported; Strata's UpSampling repeats values (nearest).");
        }
        int[] size = c.has("size") ? c.ints("size", spatialRank) : (spatialRank == 1 ? new int[] {2} : new int[] {2, 2});
        UpSampling u = new UpSampling(size);
        if (spatialRank == 2) {
            u = u.dataFormat(c.string("data_format", "channels_last"));
        }
        return withBaseConfig(u, c, custom);
    }
}
