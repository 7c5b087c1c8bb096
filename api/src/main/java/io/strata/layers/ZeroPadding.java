// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;

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
}
