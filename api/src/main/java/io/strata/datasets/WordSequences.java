// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.DataException;
import io.strata.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keras's arguments of its word-index data sets (IMDB, Reuters): {@code numWords}, {@code skipTop},
 * {@code maxlen}, {@code seed}, {@code startChar}, {@code oovChar}, {@code indexFrom}, with Keras's
 * defaults (all words, 0, no limit, 113, 1, 2, 3), and what {@code load_data} does with them.
 */
public final class WordSequences {
    @Nullable Integer numWords;
    int skipTop;
    @Nullable Integer maxlen;
    long seed = 113;
    @Nullable Integer startChar = 1;
    @Nullable Integer oovChar = 2;
    int indexFrom = 3;
    double testSplit = 0.2;

    /** Keras's defaults. */
    public static WordSequences defaults() {
        return new WordSequences();
    }

    /** Keras's {@code num_words}: words ranked at or above it become {@code oovChar}. */
    public WordSequences numWords(int numWords) {
        this.numWords = numWords;
        return this;
    }

    /** Keras's {@code skip_top}: the most frequent words to replace by {@code oovChar}. */
    public WordSequences skipTop(int skipTop) {
        this.skipTop = skipTop;
        return this;
    }

    /** Keras's {@code maxlen}: sequences of this length or longer are left out. */
    public WordSequences maxlen(int maxlen) {
        this.maxlen = maxlen;
        return this;
    }

    /** Keras's {@code seed} of the shuffle (NumPy's {@code RandomState}, reproduced). */
    public WordSequences seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Keras's {@code start_char}; null for none. */
    public WordSequences startChar(@Nullable Integer startChar) {
        this.startChar = startChar;
        return this;
    }

    /** Keras's {@code oov_char}; null drops the words instead. */
    public WordSequences oovChar(@Nullable Integer oovChar) {
        this.oovChar = oovChar;
        return this;
    }

    /** Keras's {@code index_from}: added to every word index. */
    public WordSequences indexFrom(int indexFrom) {
        this.indexFrom = indexFrom;
        return this;
    }

    /** Keras's {@code test_split} (Reuters). */
    public WordSequences testSplit(double testSplit) {
        if (!(testSplit >= 0 && testSplit < 1)) {
            throw new InvalidConfigException("reuters.load_data: test_split must be in [0, 1), got " + testSplit + ".");
        }
        this.testSplit = testSplit;
        return this;
    }

    /** Keras's {@code (x_train, y_train), (x_test, y_test)} of word-index sequences. */
    public record Data(List<int[]> xTrain, int[] yTrain, List<int[]> xTest, int[] yTest) {}

    /** Shuffles {@code xs} and {@code ys} together in place with {@code rng}, as {@code x[indices]} does. */
    static void shuffle(NumpyRandomState rng, List<int[]> xs, int[] ys) {
        int[] idx = new int[xs.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        rng.shuffle(idx);
        List<int[]> x = new ArrayList<>(xs);
        int[] y = ys.clone();
        for (int i = 0; i < idx.length; i++) {
            xs.set(i, x.get(idx[i]));
            ys[i] = y[idx[i]];
        }
    }

    /** Adds {@code startChar}/{@code indexFrom}; then drops sequences of {@code maxlen} or more (with their labels). */
    List<int[]> index(List<int[]> xs, List<Integer> labels, int[] ys) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            int[] x = xs.get(i);
            int start = startChar != null ? 1 : 0;
            int[] v = new int[x.length + start];
            if (startChar != null) {
                v[0] = startChar;
            }
            for (int j = 0; j < x.length; j++) {
                v[start + j] = x[j] + indexFrom;
            }
            if (maxlen == null || v.length < maxlen) {
                out.add(v);
                labels.add(ys[i]);
            }
        }
        return out;
    }

    /** Replaces (or drops) the indices outside {@code [skipTop, numWords)} in every sequence. */
    void clip(List<int[]> xs) {
        if (xs.isEmpty()) {
            throw new DataException("After filtering for sequences shorter than maxlen=" + maxlen + ", no sequence was kept. "
                    + "Increase maxlen.");
        }
        int n = numWords != null ? numWords : xs.stream().mapToInt(x -> java.util.Arrays.stream(x).max().orElse(0)).max().orElse(0);
        for (int i = 0; i < xs.size(); i++) {
            int[] x = xs.get(i);
            if (oovChar != null) {
                for (int j = 0; j < x.length; j++) {
                    if (x[j] < skipTop || x[j] >= n) {
                        x[j] = oovChar;
                    }
                }
            } else {
                xs.set(i, java.util.Arrays.stream(x).filter(w -> w >= skipTop && w < n).toArray());
            }
        }
    }
}
