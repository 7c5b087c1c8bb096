// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.activations.ActivationFunction;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code Conv1D}: a temporal convolution, {@code activation(conv1d(x, kernel) + bias)}.
 *
 * <p>Arguments: {@code filters} (Keras 1 {@code nb_filter}), {@code kernelSize} ({@code filter_length}),
 * {@code strides} (1; {@code subsample_length}), {@code padding} ({@code valid}, {@code same} or
 * {@code causal}; {@code border_mode}), {@code dilationRate} (1), {@code activation}, {@code useBias},
 * initializers, regularizers, constraints. {@code inputDim}/{@code inputLength} give
 * {@code (inputLength, inputDim)}, as for Keras 1's {@code Convolution1D}.
 *
 * <p>Input shape: {@code (batch, steps, channels)}. Output shape: {@code (batch, newSteps, filters)}.
 * The kernel has Keras's shape {@code (kernelSize, inChannels, filters)}.
 */
public final class Conv1D extends KernelLayer<Conv1D> {
    private final int filters;
    private final int kernelSize;
    private int strides = 1;
    private String padding = "valid";
    private int dilationRate = 1;

    /** A temporal convolution with {@code filters} output channels and a window of {@code kernelSize} steps. */
    public Conv1D(int filters, int kernelSize) {
        requirePositive("filters", filters);
        requirePositive("kernel_size", kernelSize);
        this.filters = filters;
        this.kernelSize = kernelSize;
    }

    @Override
    public String className() {
        return "Conv1D";
    }

    @Override
    protected Shape sampleShapeFromDims(@Nullable Integer dim, @Nullable Integer length) {
        return Shape.of(length == null ? Shape.UNKNOWN : length, dim == null ? Shape.UNKNOWN : dim);
    }

    /** Keras's {@code strides}. */
    public Conv1D strides(int strides) {
        requirePositive("strides", strides);
        Conv1D c = copy();
        c.strides = strides;
        return c;
    }

    /** Keras 1's {@code subsample_length}. */
    public Conv1D subsampleLength(int strides) {
        return strides(strides);
    }

    /** Keras's {@code padding}: {@code valid}, {@code same} or {@code causal}. */
    public Conv1D padding(String padding) {
        String p = padding.toLowerCase(java.util.Locale.ROOT);
        if (!p.equals("causal")) {
            p = ConvUtils.padding("Conv1D", p);
        }
        Conv1D c = copy();
        c.padding = p;
        return c;
    }

    /** Keras 1's {@code border_mode}. */
    public Conv1D borderMode(String borderMode) {
        return padding(borderMode);
    }

    /** Keras's {@code dilation_rate}. */
    public Conv1D dilationRate(int rate) {
        requirePositive("dilation_rate", rate);
        Conv1D c = copy();
        c.dilationRate = rate;
        return c;
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, 3, "(batch, steps, channels)");
        if (in.dim(2) == Shape.UNKNOWN) {
            throw new InvalidConfigException("The channel dimension of the input to " + layerName
                    + " should be defined, found " + in + ".");
        }
        long steps = padding.equals("causal")
                ? ConvUtils.outputLength(layerName, className(), "steps", in.dim(1), kernelSize, "same", strides, dilationRate)
                : ConvUtils.outputLength(layerName, className(), "steps", in.dim(1), kernelSize, padding, strides, dilationRate);
        return Shape.of(in.dim(0), steps, filters);
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        long channels = in.dim(2);
        Weight kernel = addKernel(ctx, Shape.of(kernelSize, channels, filters));
        Weight bias = addBias(ctx, filters);
        ActivationFunction activation = activation();
        return (c, x) -> {
            Ops ops = c.ops();
            Tensor input = x;
            String pad = padding;
            if (pad.equals("causal")) {
                // Keras: left-pad (kernel - 1) * dilation steps, then a valid convolution.
                input = ops.pad(input, new int[][] {{0, 0}, {(kernelSize - 1) * dilationRate, 0}, {0, 0}});
                pad = "valid";
            }
            // TF: Conv1D is Conv2D over a height-1 image: ExpandDims -> Conv2D -> Squeeze.
            Tensor image = ops.expandDims(input, 1);
            Tensor k = ops.reshape(c.read(kernel), Shape.of(1, kernelSize, channels, filters));
            Tensor y = ops.squeeze(ops.conv2d(image, k, new int[] {1, strides}, pad, new int[] {1, dilationRate}), 1);
            if (bias != null) {
                y = ops.biasAdd(y, c.read(bias));
            }
            return activation.apply(ops, y);
        };
    }

    @Override
    public Config getConfig() {
        Config c = super.getConfig().put("filters", filters).put("kernel_size", new int[] {kernelSize})
                .put("strides", new int[] {strides}).put("padding", padding).put("data_format", "channels_last")
                .put("dilation_rate", new int[] {dilationRate});
        return putKernelConfig(c);
    }

    /**
     * Keras's {@code Conv1D.from_config}; Keras 1's {@code Convolution1D} ({@code nb_filter},
     * {@code filter_length}, {@code subsample_length}, {@code border_mode}, {@code input_dim}/{@code input_length}).
     */
    public static Conv1D fromConfig(Config c, CustomObjects custom) {
        c.rename("nb_filter", "filters", "filter_length", "kernel_size", "subsample_length", "strides");
        ConvUtils.legacyConv(c);
        ConvUtils.requireNoGroups(c);
        if ("channels_first".equals(c.string("data_format", null))) {
            throw new InvalidConfigException(c.description() + ": Conv1D with data_format channels_first is not "
                    + "supported; Strata's Conv1D takes (batch, steps, channels).");
        }
        Conv1D l = new Conv1D(c.integer("filters"), c.ints("kernel_size", 1)[0])
                .strides(c.has("strides") ? c.ints("strides", 1)[0] : 1)
                .padding(c.string("padding", "valid"))
                .dilationRate(c.has("dilation_rate") ? c.ints("dilation_rate", 1)[0] : 1);
        return withKernelConfig(l, c, custom);
    }

    /** The window length. */
    public int kernelSize() {
        return kernelSize;
    }

    /** The number of filters. */
    public int filters() {
        return filters;
    }
}
