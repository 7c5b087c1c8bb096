// SPDX-License-Identifier: Apache-2.0
package io.strata.preprocessing;

import io.strata.InvalidConfigException;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Keras's {@code keras.preprocessing.sequence}: padding sequences of indices to one length. */
public final class Sequences {
    private Sequences() {}

    /** Keras's {@code pad_sequences(sequences)}: to the longest sequence, zeros in front, cut in front. */
    public static int[][] padSequences(List<int[]> sequences) {
        return padSequences(sequences, null, "pre", "pre", 0);
    }

    /** Keras's {@code pad_sequences(sequences, maxlen=maxlen)}. */
    public static int[][] padSequences(List<int[]> sequences, int maxlen) {
        return padSequences(sequences, maxlen, "pre", "pre", 0);
    }

    /** {@link #padSequences(List, int)} of an array of sequences. */
    public static int[][] padSequences(int[][] sequences, int maxlen) {
        return padSequences(Arrays.asList(sequences), maxlen, "pre", "pre", 0);
    }

    /**
     * Keras's {@code pad_sequences(sequences, maxlen, dtype='int32', padding, truncating, value)}: each
     * sequence cut to {@code maxlen} (the longest when null), keeping its end ({@code truncating="pre"})
     * or its start ({@code "post"}), and filled with {@code value} before ({@code padding="pre"}) or
     * after ({@code "post"}) it.
     */
    public static int[][] padSequences(List<int[]> sequences, @Nullable Integer maxlen, String padding, String truncating,
            int value) {
        check(padding, "padding");
        check(truncating, "truncating");
        int len = maxlen != null ? maxlen : sequences.stream().mapToInt(s -> s.length).max().orElse(0);
        if (len < 0) {
            throw new InvalidConfigException("pad_sequences: 'maxlen' must be >= 0, got " + len + ".");
        }
        int[][] out = new int[sequences.size()][len];
        for (int i = 0; i < out.length; i++) {
            int[] s = sequences.get(i);
            Arrays.fill(out[i], value);
            int n = Math.min(len, s.length);
            int from = truncating.equals("pre") ? s.length - n : 0;
            int to = padding.equals("pre") ? len - n : 0;
            System.arraycopy(s, from, out[i], to, n);
        }
        return out;
    }

    /** {@link #padSequences(List, Integer, String, String, int)} as floats ({@code dtype='float32'}). */
    public static float[][] padSequencesFloat(List<int[]> sequences, @Nullable Integer maxlen, String padding, String truncating,
            float value) {
        int[][] idx = padSequences(sequences, maxlen, padding, truncating, 0);
        float[][] out = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            int[] s = sequences.get(i);
            int len = idx[i].length;
            int n = Math.min(len, s.length);
            int to = padding.equals("pre") ? len - n : 0;
            out[i] = new float[len];
            for (int j = 0; j < len; j++) {
                out[i][j] = j >= to && j < to + n ? idx[i][j] : value;
            }
        }
        return out;
    }

    private static void check(String mode, String argument) {
        if (!mode.equals("pre") && !mode.equals("post")) {
            throw new InvalidConfigException("pad_sequences: " + argument + " must be \"pre\" or \"post\", got \"" + mode + "\".");
        }
    }
}
