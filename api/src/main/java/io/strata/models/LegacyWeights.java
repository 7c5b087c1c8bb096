// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.ShapeMismatchException;
import io.strata.layers.Conv1D;
import io.strata.layers.Conv2D;
import io.strata.layers.GRU;
import io.strata.layers.LSTM;
import io.strata.layers.Layer;
import io.strata.layers.TimeDistributed;
import io.strata.saving.FloatArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras 2's {@code preprocess_weights_for_loading}: converts the weights a file holds for one layer
 * into the layout the layer expects, as Keras 2.2.4 converts them.
 *
 * <ul>
 *   <li>Keras 1 files ({@code keras_version} absent or 1.x): LSTM's twelve per-gate tensors
 *       ({@code W_i, U_i, b_i, W_c, …}, gates i, c, f, o) become {@code kernel}, {@code recurrent_kernel},
 *       {@code bias} in Keras 2's gate order i, f, c, o; GRU's nine become three; Conv1D's 4-D kernels
 *       lose their dummy axis (Keras 1.1's {@code (nb_filter, input_dim, filter_length, 1)} is
 *       transposed first); a {@code channels_first} Conv2D's {@code (filters, channels, rows, cols)}
 *       kernel is transposed to {@code (rows, cols, channels, filters)}.</li>
 *   <li>Theano files ({@code backend = theano}): convolution kernels are flipped in space
 *       ({@code convert_kernel}: Theano convolves, TensorFlow correlates).</li>
 *   <li>CuDNN files: {@code CuDNNLSTM} weights (a bias of {@code 8 * units}) load into an LSTM, and
 *       {@code CuDNNGRU}'s into a GRU with {@code resetAfter(true)}.</li>
 *   <li>Weights of layers wrapped in {@code TimeDistributed} or nested in a model are converted per
 *       inner layer.</li>
 * </ul>
 */
final class LegacyWeights {
    private LegacyWeights() {}

    static List<FloatArray> convert(Layer layer, List<FloatArray> weights, String kerasVersion, String backend,
            String file) {
        List<FloatArray> w = new ArrayList<>(weights);
        if (layer instanceof TimeDistributed td) {
            return convert(td.layer(), w, kerasVersion, backend, file);
        }
        if (layer instanceof Network n) {
            return nested(n, w, kerasVersion, backend, file);
        }
        boolean keras1 = kerasVersion.startsWith("1");
        if (keras1 && !w.isEmpty()) {
            if (layer instanceof Conv1D c) {
                FloatArray k = w.get(0);
                if (k.rank() == 4) {
                    if (k.shape()[0] != c.kernelSize() || k.shape()[1] != 1 || k.shape()[3] != c.filters()) {
                        // Keras 1.1: (filters, input_dim, filter_length, 1)
                        k = k.transpose(2, 3, 1, 0);
                    }
                    w.set(0, k.takeAxis1(0));
                }
            }
            if (layer instanceof Conv2D c && c.dataFormat().equals("channels_first") && w.get(0).rank() == 4) {
                w.set(0, w.get(0).transpose(2, 3, 1, 0));
            }
            if (layer instanceof GRU && w.size() == 9) {
                w = List.of(FloatArray.concatLast(List.of(w.get(0), w.get(3), w.get(6))),
                        FloatArray.concatLast(List.of(w.get(1), w.get(4), w.get(7))),
                        FloatArray.concatLast(List.of(w.get(2), w.get(5), w.get(8))));
            }
            if (layer instanceof LSTM && w.size() == 12) {
                // Keras 1's gates are i, c, f, o; Keras 2's i, f, c, o.
                w = List.of(FloatArray.concatLast(List.of(w.get(0), w.get(6), w.get(3), w.get(9))),
                        FloatArray.concatLast(List.of(w.get(1), w.get(7), w.get(4), w.get(10))),
                        FloatArray.concatLast(List.of(w.get(2), w.get(8), w.get(5), w.get(11))));
            }
        }
        if ((layer instanceof Conv1D || layer instanceof Conv2D) && !w.isEmpty() && "theano".equals(backend)) {
            w.set(0, w.get(0).flipSpatial());
        }
        if (layer instanceof Conv2D c && !w.isEmpty() && w.get(0).rank() == 4) {
            long[] s = w.get(0).shape();
            int[] k = c.kernelSize();
            if (s[0] != k[0] || s[1] != k[1] || s[3] != c.filters()) {
                // Keras 2.2.4's last resort for a kernel of another layout: transpose (3, 2, 0, 1).
                FloatArray t = w.get(0).transpose(3, 2, 0, 1);
                if (t.shape()[0] == k[0] && t.shape()[1] == k[1]) {
                    w.set(0, t);
                }
            }
        }
        return cudnn(layer, w, file);
    }

    /** Keras's {@code convert_nested_model}: trainable weights per inner layer, then the non-trainable ones. */
    private static List<FloatArray> nested(Network n, List<FloatArray> weights, String version, String backend,
            String file) {
        List<WeightRef> refs = n.weightRefs().stream().filter(r -> !r.spec().state()).toList();
        if (refs.size() != weights.size()) {
            return weights; // the count check that follows names the mismatch
        }
        List<FloatArray> out = new ArrayList<>(weights);
        // Group the positions of each inner layer's weights, then convert each group.
        java.util.Map<LayerState, List<Integer>> byLayer = new java.util.LinkedHashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            byLayer.computeIfAbsent(refs.get(i).state(), s -> new ArrayList<>()).add(i);
        }
        for (Layer inner : n.weightLayers()) {
            if (inner instanceof Network) {
                continue;
            }
            List<Integer> at = byLayer.get(LayerState.find(inner));
            if (at == null) {
                continue;
            }
            List<FloatArray> mine = new ArrayList<>();
            at.forEach(i -> mine.add(weights.get(i)));
            List<FloatArray> converted = convert(inner, mine, version, backend, file);
            if (converted.size() == at.size()) {
                for (int j = 0; j < at.size(); j++) {
                    out.set(at.get(j), converted.get(j));
                }
            }
        }
        return out;
    }

    /** Keras's {@code _convert_rnn_weights}: CuDNN layouts into LSTM and GRU. */
    private static List<FloatArray> cudnn(Layer layer, List<FloatArray> w, String file) {
        if (w.size() != 3 || !(layer instanceof LSTM || layer instanceof GRU)) {
            return w;
        }
        long units = w.get(1).shape()[0];
        long[] bias = w.get(2).shape();
        if (layer instanceof LSTM) {
            if (bias.length == 1 && bias[0] == 8 * units) {
                List<FloatArray> out = new ArrayList<>();
                out.add(perGate(w.get(0), 4, true));
                out.add(perGate(w.get(1), 4, false));
                float[] b = w.get(2).values();
                float[] sum = new float[(int) (4 * units)];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] = b[i] + b[i + sum.length];
                }
                out.add(new FloatArray(new long[] {4 * units}, sum));
                return out;
            }
            return w;
        }
        GRU gru = (GRU) layer;
        String source = bias.length == 1 && bias[0] == 6 * units ? "CuDNNGRU"
                : bias.length == 2 && bias[0] == 2 && bias[1] == 3 * units ? "GRU(reset_after=True)"
                : bias.length == 1 && bias[0] == 3 * units ? "GRU(reset_after=False)" : "unknown";
        String target = gru.resetAfter() ? "GRU(reset_after=True)" : "GRU(reset_after=False)";
        if (source.equals(target) || source.equals("unknown")) {
            return w;
        }
        if (source.equals("CuDNNGRU") && gru.resetAfter()) {
            return List.of(perGate(w.get(0), 3, true), perGate(w.get(1), 3, false), w.get(2).reshape(2, 3 * units));
        }
        throw new ShapeMismatchException(file + ": the weights saved for GRU layer " + LayerState.nameOf(layer) + " are a "
                + source + "'s (bias " + w.get(2).strataShape() + "), which a " + target + " cannot use. Build the layer "
                + "with resetAfter(" + !gru.resetAfter() + ").");
    }

    /** CuDNN kernels to Keras's: each gate's input kernel from Fortran layout, each recurrent kernel transposed. */
    private static FloatArray perGate(FloatArray kernel, int gates, boolean input) {
        List<FloatArray> parts = new ArrayList<>();
        for (FloatArray k : kernel.splitLast(gates)) {
            parts.add(input ? k.transposeFortran() : k.t());
        }
        return FloatArray.concatLast(parts);
    }
}
