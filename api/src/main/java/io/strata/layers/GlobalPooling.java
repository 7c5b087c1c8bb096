// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.backend.Ops;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * Keras's global pooling layers: the mean or the maximum over every step (1-D) or every position
 * (2-D), leaving {@code (batch, channels)}. Build them with {@link Layers#globalAveragePooling1d()} and
 * its siblings.
 */
public final class GlobalPooling extends BaseLayer<GlobalPooling> {
    private final boolean max;
    private final int spatialRank;
    private String dataFormat = "channels_last";

    GlobalPooling(boolean max, int spatialRank) {
        this.max = max;
        this.spatialRank = spatialRank;
    }

    @Override
    public String className() {
        return "Global" + (max ? "Max" : "Average") + "Pooling" + spatialRank + "D";
    }

    /** Keras's {@code data_format} (2-D only). */
    public GlobalPooling dataFormat(String dataFormat) {
        GlobalPooling c = copy();
        c.dataFormat = ConvUtils.dataFormat(className(), dataFormat);
        return c;
    }

    private int[] axes() {
        if (spatialRank == 1) {
            return new int[] {1};
        }
        return dataFormat.equals("channels_first") ? new int[] {2, 3} : new int[] {1, 2};
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, spatialRank + 2,
                spatialRank == 1 ? "(batch, steps, features)" : "(batch, rows, cols, channels)");
        long channels = spatialRank == 2 && dataFormat.equals("channels_first") ? in.dim(1) : in.dim(-1);
        return Shape.of(in.dim(0), channels);
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        int[] axes = axes();
        return (c, x) -> {
            Ops ops = c.ops();
            return max ? ops.max(x, false, axes) : ops.mean(x, false, axes);
        };
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("data_format", dataFormat);
    }

    /** Keras's {@code Global(Average|Max)Pooling(1|2)D.from_config}. */
    public static GlobalPooling fromConfig(boolean max, int spatialRank, Config c, CustomObjects custom) {
        ConvUtils.legacyConv(c);
        GlobalPooling g = new GlobalPooling(max, spatialRank);
        String format = c.string("data_format", "channels_last");
        if (spatialRank == 1 && format.equals("channels_first")) {
            throw new io.strata.InvalidConfigException(c.description() + ": 1-D global pooling with data_format "
                    + "channels_first is not supported.");
        }
        if (c.bool("keepdims", false)) {
            throw new io.strata.InvalidConfigException(c.description() + ": keepdims=true is not supported.");
        }
        return withBaseConfig(g.dataFormat(format), c, custom);
    }
}
