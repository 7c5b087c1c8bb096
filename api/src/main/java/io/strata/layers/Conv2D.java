// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.activations.ActivationFunction;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

/**
 * Keras's {@code Conv2D}: a 2-D convolution over images, {@code activation(conv2d(x, kernel) + bias)}.
 *
 * <p>Arguments: {@code filters} (Keras 1 {@code nb_filter}), {@code kernelSize} ({@code nb_row, nb_col}),
 * {@code strides} (1; Keras 1 {@code subsample}), {@code padding} ({@code valid}; Keras 1
 * {@code border_mode}), {@code dataFormat} ({@code channels_last}), {@code dilationRate} (1),
 * {@code activation} (linear), {@code useBias}, initializers (glorot_uniform / zeros), regularizers,
 * constraints.
 *
 * <p>Input shape: {@code (batch, rows, cols, channels)} ({@code channels_last}) or
 * {@code (batch, channels, rows, cols)}. Output shape: the same layout with {@code filters} channels.
 * The kernel has Keras's shape {@code (kRows, kCols, inChannels, filters)}.
 *
 * <pre>{@code
 * Layers.conv2d(32, 3, 3).activation("relu").inputShape(100, 100, 3)
 * }</pre>
 */
public final class Conv2D extends KernelLayer<Conv2D> {
    private final int filters;
    private final int[] kernelSize;
    private int[] strides = {1, 1};
    private String padding = "valid";
    private String dataFormat = "channels_last";
    private int[] dilationRate = {1, 1};

    /** A convolution with {@code filters} output channels and a {@code kernelSize} window (one or two ints). */
    public Conv2D(int filters, int... kernelSize) {
        requirePositive("filters", filters);
        this.filters = filters;
        this.kernelSize = ConvUtils.pair("Conv2D", "kernel_size", kernelSize);
        for (int k : this.kernelSize) {
            requirePositive("kernel_size", k);
        }
    }

    @Override
    public String className() {
        return "Conv2D";
    }

    /** Keras's {@code strides} (Keras 1 {@code subsample}). */
    public Conv2D strides(int... strides) {
        Conv2D c = copy();
        c.strides = ConvUtils.pair("Conv2D", "strides", strides);
        return c;
    }

    /** Keras 1's {@code subsample}: alias of {@link #strides}. */
    public Conv2D subsample(int... strides) {
        return strides(strides);
    }

    /** Keras's {@code padding}: {@code valid} or {@code same}. */
    public Conv2D padding(String padding) {
        Conv2D c = copy();
        c.padding = ConvUtils.padding("Conv2D", padding);
        return c;
    }

    /** Keras 1's {@code border_mode}: alias of {@link #padding}. */
    public Conv2D borderMode(String borderMode) {
        return padding(borderMode);
    }

    /** Keras's {@code data_format}: {@code channels_last} or {@code channels_first}. */
    public Conv2D dataFormat(String dataFormat) {
        Conv2D c = copy();
        c.dataFormat = ConvUtils.dataFormat("Conv2D", dataFormat);
        return c;
    }

    /** Keras's {@code dilation_rate}. */
    public Conv2D dilationRate(int... rate) {
        Conv2D c = copy();
        c.dilationRate = ConvUtils.pair("Conv2D", "dilation_rate", rate);
        return c;
    }

    private boolean channelsFirst() {
        return dataFormat.equals("channels_first");
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, 4, "(batch, rows, cols, channels)");
        boolean cf = channelsFirst();
        long channels = cf ? in.dim(1) : in.dim(3);
        if (channels == Shape.UNKNOWN) {
            throw new InvalidConfigException("The channel dimension of the input to " + layerName
                    + " should be defined, found " + in + ".");
        }
        long rows = ConvUtils.outputLength(layerName, className(), "rows", cf ? in.dim(2) : in.dim(1), kernelSize[0], padding,
                strides[0], dilationRate[0]);
        long cols = ConvUtils.outputLength(layerName, className(), "columns", cf ? in.dim(3) : in.dim(2), kernelSize[1], padding,
                strides[1], dilationRate[1]);
        return cf ? Shape.of(in.dim(0), filters, rows, cols) : Shape.of(in.dim(0), rows, cols, filters);
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        boolean cf = channelsFirst();
        long channels = cf ? in.dim(1) : in.dim(3);
        Weight kernel = addKernel(ctx, Shape.of(kernelSize[0], kernelSize[1], channels, filters));
        Weight bias = addBias(ctx, filters);
        ActivationFunction activation = activation();
        return (c, x) -> {
            Ops ops = c.ops();
            Tensor y = ops.conv2d(ConvUtils.toChannelsLast(ops, x, cf), c.read(kernel), strides, padding, dilationRate);
            if (bias != null) {
                y = ops.biasAdd(y, c.read(bias));
            }
            return activation.apply(ops, ConvUtils.fromChannelsLast(ops, y, cf));
        };
    }

    @Override
    public Config getConfig() {
        Config c = super.getConfig().put("filters", filters).put("kernel_size", kernelSize).put("strides", strides)
                .put("padding", padding).put("data_format", dataFormat).put("dilation_rate", dilationRate);
        return putKernelConfig(c);
    }

    /**
     * Keras's {@code Conv2D.from_config}; Keras 1's {@code Convolution2D} ({@code nb_filter},
     * {@code nb_row}, {@code nb_col}, {@code subsample}, {@code border_mode}, {@code dim_ordering}).
     */
    public static Conv2D fromConfig(Config c, CustomObjects custom) {
        c.rename("nb_filter", "filters", "subsample", "strides");
        if (c.has("nb_row") && !c.has("kernel_size")) {
            c.put("kernel_size", new int[] {c.integer("nb_row"), c.integer("nb_col")});
            c.remove("nb_row");
            c.remove("nb_col");
        }
        ConvUtils.legacyConv(c);
        ConvUtils.requireNoGroups(c);
        Conv2D l = new Conv2D(c.integer("filters"), c.ints("kernel_size", 2))
                .strides(c.has("strides") ? c.ints("strides", 2) : new int[] {1, 1})
                .padding(c.string("padding", "valid"))
                .dataFormat(c.string("data_format", "channels_last"))
                .dilationRate(c.has("dilation_rate") ? c.ints("dilation_rate", 2) : new int[] {1, 1});
        return withKernelConfig(l, c, custom);
    }

    /** The kernel's spatial size. */
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    /** The number of filters. */
    public int filters() {
        return filters;
    }

    /** {@code channels_last} or {@code channels_first}. */
    public String dataFormat() {
        return dataFormat;
    }
}
