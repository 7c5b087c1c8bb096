// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.backend.Tensor;

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
}
