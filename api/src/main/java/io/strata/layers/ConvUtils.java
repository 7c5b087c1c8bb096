// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;

/** Shape arithmetic and data-format handling shared by convolution, pooling, padding and upsampling. */
final class ConvUtils {
    private ConvUtils() {}

    /**
     * Keras's {@code conv_output_length}: the output size along one spatial axis.
     *
     * @throws ShapeMismatchException if the window is larger than the input, so that no output is left
     *     (Keras refuses such a layer when it is added)
     */
    static long outputLength(String layerName, String className, String axis, long input, int filter, String padding,
            int stride, int dilation) {
        if (input == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        long dilated = (long) (filter - 1) * dilation + 1;
        long out = switch (padding) {
            case "same" -> input;
            case "valid" -> input - dilated + 1;
            default -> throw new InvalidConfigException("padding must be 'valid' or 'same', got '" + padding + "'.");
        };
        if (out <= 0) {
            throw new ShapeMismatchException("Layer " + layerName + " (" + className + "): its window of " + dilated
                    + " along the " + axis + " is larger than the input's " + input + ", so the output would have no "
                    + axis + " (padding 'valid'). Use padding 'same', a smaller window, or a larger input.");
        }
        return (out + stride - 1) / stride;
    }

    static String padding(String layer, String padding) {
        String p = padding.toLowerCase(java.util.Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same")) {
            throw new InvalidConfigException(layer + ": 'padding' must be 'valid' or 'same', got '" + padding + "'.");
        }
        return p;
    }

    static String dataFormat(String layer, String format) {
        if (!format.equals("channels_last") && !format.equals("channels_first")) {
            throw new InvalidConfigException(layer + ": 'data_format' must be 'channels_last' or 'channels_first', got '"
                    + format + "'.");
        }
        return format;
    }

    static void requireRank(String layerName, String className, Shape input, int rank, String expected) {
        if (input.rank() != rank) {
            throw new ShapeMismatchException("Input 0 is incompatible with layer " + layerName + " (" + className
                    + "): expected ndim=" + rank + " " + expected + ", found ndim=" + input.rank() + " (input shape "
                    + input + ").");
        }
    }

    /** A 4-D channels_first tensor as channels_last; the identity for channels_last. */
    static Tensor toChannelsLast(Ops ops, Tensor x, boolean channelsFirst) {
        return channelsFirst ? ops.transpose(x, 0, 2, 3, 1) : x;
    }

    /** The inverse of {@link #toChannelsLast}. */
    static Tensor fromChannelsLast(Ops ops, Tensor x, boolean channelsFirst) {
        return channelsFirst ? ops.transpose(x, 0, 3, 1, 2) : x;
    }

    static int[] pair(String layer, String argument, int... values) {
        if (values.length == 1) {
            return new int[] {values[0], values[0]};
        }
        if (values.length != 2) {
            throw new InvalidConfigException(layer + ": '" + argument + "' takes one or two integers, got "
                    + values.length + ".");
        }
        return values.clone();
    }

    /**
     * Keras 1's {@code dim_ordering} as Keras 2's {@code data_format} ({@code th} is channels_first,
     * {@code tf} and {@code default} channels_last), renamed in place; Keras 1's {@code border_mode}
     * becomes {@code padding}.
     */
    static Config legacyConv(Config c) {
        if (c.has("dim_ordering") && !c.has("data_format")) {
            Object d = c.remove("dim_ordering");
            c.put("data_format", "th".equals(d) ? "channels_first" : "channels_last");
        }
        c.rename("border_mode", "padding");
        return c;
    }

    /** Refuses grouped convolutions (tf.keras's and Keras 3's {@code groups}). */
    static void requireNoGroups(Config c) {
        if (c.hasValue("groups") && c.integer("groups") != 1) {
            throw new InvalidConfigException(c.description() + ": grouped convolutions (groups=" + c.integer("groups")
                    + ") are not supported; Strata's convolutions have groups=1.");
        }
    }
}
