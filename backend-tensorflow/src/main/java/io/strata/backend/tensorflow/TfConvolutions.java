// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import static io.strata.backend.tensorflow.TfTensor.out;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.backend.Tensor;
import java.util.function.UnaryOperator;
import org.tensorflow.Output;

/**
 * Convolutions, pooling and paddings as graph ops (NHWC: TensorFlow's CPU kernels run only that
 * layout; channels_first layers transpose around them).
 */
final class TfConvolutions {
    /** How a product-like op is built: in the layer's compute dtype ({@code TfOps}'s mixed precision). */
    interface Compute {
        Output<?> apply(String type, Output<?> a, Output<?> b, UnaryOperator<TfGraphBuilder.OpBuilder> attrs);
    }

    private final TfGraphBuilder g;

    TfConvolutions(TfGraphBuilder g) {
        this.g = g;
    }

    private static long[] nhwc(int[] hw) {
        return new long[] {1, hw[0], hw[1], 1};
    }

    static String tfPadding(String padding) {
        return switch (padding) {
            case "valid" -> "VALID";
            case "same" -> "SAME";
            default -> throw new InvalidConfigException("padding must be 'valid' or 'same', got '" + padding + "'.");
        };
    }

    Output<?> conv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation, Compute compute) {
        if (dilation[0] == 1 && dilation[1] == 1) {
            return compute.apply("Conv2D", out(x), out(kernel), o -> o.attr("strides", nhwc(strides))
                    .attr("padding", tfPadding(padding)));
        }
        if (strides[0] != 1 || strides[1] != 1) {
            throw new InvalidConfigException("Dilated convolutions need strides of 1 (Keras's rule), got strides "
                    + java.util.Arrays.toString(strides) + " with dilation " + java.util.Arrays.toString(dilation) + ".");
        }
        return atrous(x, kernel, padding, dilation);
    }

    /**
     * A dilated convolution as {@code tf.nn.atrous_conv2d} computes it: SpaceToBatchND, a plain VALID
     * convolution, BatchToSpaceND. TF: the C++ gradient of Conv2D drops the {@code dilations}
     * attribute (its backprop fails with "Size of out_backprop doesn't match"), while these three ops
     * all have correct gradients.
     */
    private Output<?> atrous(Tensor x, Tensor kernel, String padding, int[] rate) {
        Shape in = x.shape();
        Shape k = kernel.shape();
        int[][] paddings = new int[2][2];
        int[][] crops = new int[2][2];
        for (int i = 0; i < 2; i++) {
            long size = in.dim(1 + i);
            if (size == Shape.UNKNOWN) {
                throw new InvalidConfigException("Dilated convolutions need known spatial sizes, got " + in + ".");
            }
            int effective = Math.toIntExact((k.dim(i) - 1) * rate[i] + 1);
            int start = 0;
            int end = 0;
            if (tfPadding(padding).equals("SAME")) {
                start = (effective - 1) / 2;
                end = effective - 1 - start;
            }
            long full = size + start + end;
            int extra = Math.toIntExact((rate[i] - full % rate[i]) % rate[i]);
            paddings[i] = new int[] {start, end + extra};
            crops[i] = new int[] {0, extra};
        }
        Output<?> block = g.ints(rate);
        Output<?> s2b = g.apply("SpaceToBatchND", out(x), block, matrix(paddings));
        Output<?> conv = g.op("Conv2D").in(s2b).in(out(kernel)).attr("strides", new long[] {1, 1, 1, 1})
                .attr("padding", "VALID").build().output(0);
        return g.apply("BatchToSpaceND", conv, block, matrix(crops));
    }

    /** {@code MaxPool} or {@code AvgPool} of {@code x}. */
    Output<?> pool(String type, Output<?> x, int[] poolSize, int[] strides, String padding) {
        return g.op(type).in(x).attr("ksize", nhwc(poolSize)).attr("strides", nhwc(strides))
                .attr("padding", tfPadding(padding)).build().output(0);
    }

    /** An (n, 2) int32 constant: paddings or crops per dimension. */
    Output<?> matrix(int[][] rows) {
        int[] flat = new int[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            flat[2 * i] = rows[i][0];
            flat[2 * i + 1] = rows[i][1];
        }
        return g.tf.constant(org.tensorflow.ndarray.Shape.of(rows.length, 2),
                org.tensorflow.ndarray.buffer.DataBuffers.of(flat, true, false)).asOutput();
    }
}
