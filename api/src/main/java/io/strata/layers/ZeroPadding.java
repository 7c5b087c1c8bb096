// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * Keras's {@code ZeroPadding1D} and {@code ZeroPadding2D}: rows of zeros before and after the steps
 * (1-D) or around the image (2-D). Build them with {@link Layers#zeroPadding1d} and
 * {@link Layers#zeroPadding2d}.
 */
public final class ZeroPadding extends BaseLayer<ZeroPadding> {
    private final int[][] padding;
    private final int spatialRank;
    private String dataFormat = "channels_last";

    ZeroPadding(int spatialRank, int[][] padding) {
        this.spatialRank = spatialRank;
        this.padding = padding;
        for (int[] p : padding) {
            if (p[0] < 0 || p[1] < 0) {
                throw new io.strata.InvalidConfigException(className() + ": 'padding' must be >= 0, got "
                        + java.util.Arrays.deepToString(padding) + ".");
            }
        }
    }

    @Override
    public String className() {
        return "ZeroPadding" + spatialRank + "D";
    }

    /** Keras's {@code data_format} (2-D only). */
    public ZeroPadding dataFormat(String dataFormat) {
        ZeroPadding c = copy();
        c.dataFormat = ConvUtils.dataFormat(className(), dataFormat);
        return c;
    }

    private int firstSpatialAxis() {
        return spatialRank == 2 && dataFormat.equals("channels_first") ? 2 : 1;
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, spatialRank + 2,
                spatialRank == 1 ? "(batch, steps, features)" : "(batch, rows, cols, channels)");
        Shape out = in;
        for (int i = 0; i < spatialRank; i++) {
            int axis = firstSpatialAxis() + i;
            long d = in.dim(axis);
            out = out.with(axis, d == Shape.UNKNOWN ? d : d + padding[i][0] + padding[i][1]);
        }
        return out;
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        int[][] all = new int[in.rank()][2];
        for (int i = 0; i < spatialRank; i++) {
            all[firstSpatialAxis() + i] = padding[i].clone();
        }
        return (c, x) -> c.ops().pad(x, all);
    }

    /** Keras 2's config: {@code [left, right]} for 1-D; {@code [[top, bottom], [left, right]]} and {@code data_format} for 2-D. */
    @Override
    public Config getConfig() {
        Config c = super.getConfig();
        if (spatialRank == 1) {
            return c.put("padding", padding[0]);
        }
        return c.put("padding", padding).put("data_format", dataFormat);
    }

    /**
     * Keras's {@code ZeroPadding1D/2D.from_config}: an int pads all sides, a pair pads each axis
     * symmetrically (Keras 1's meaning too), pairs of pairs give each side.
     */
    public static ZeroPadding fromConfig(int spatialRank, Config c, CustomObjects custom) {
        ConvUtils.legacyConv(c);
        Object p = c.get("padding");
        int[][] pads = new int[spatialRank][2];
        if (p instanceof java.util.List<?> l && !l.isEmpty() && l.get(0) instanceof java.util.List<?>) {
            Config wrap = Config.create().describing(c.description());
            for (int i = 0; i < spatialRank; i++) {
                wrap.put("padding", l.get(i));
                pads[i] = wrap.ints("padding", 2);
            }
        } else if (spatialRank == 1) {
            pads[0] = c.ints("padding", p instanceof java.util.List<?> ? 2 : 1).length == 2
                    ? c.ints("padding", 2) : new int[] {c.integer("padding"), c.integer("padding")};
        } else {
            int[] sym = c.has("padding") ? c.ints("padding", 2) : new int[] {1, 1};
            pads = new int[][] {{sym[0], sym[0]}, {sym[1], sym[1]}};
        }
        ZeroPadding z = new ZeroPadding(spatialRank, pads);
        if (spatialRank == 2) {
            z = z.dataFormat(c.string("data_format", "channels_last"));
        }
        return withBaseConfig(z, c, custom);
    }
}
