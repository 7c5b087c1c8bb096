// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code keras.datasets.reuters}: 11,228 newswires as word-index sequences with 46 topics,
 * shuffled and split ({@code testSplit}, 0.2) as Keras does.
 */
public final class Reuters {
    static final String SHA256 = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916";
    static final String INDEX_MD5 = "4d44cc38712099c9e383dc6e5f11a921";

    private Reuters() {}

    /** {@code reuters.load_data(...)} with {@code options}. */
    public static WordSequences.Data loadData(WordSequences options) {
        return loadData(DatasetFiles.get("reuters", "reuters.npz", Imdb.ORIGIN + "reuters.npz", SHA256, List.of()), options);
    }

    /** {@code reuters.load_data()} with Keras's defaults. */
    public static WordSequences.Data loadData() {
        return loadData(WordSequences.defaults());
    }

    /** Reuters from a local {@code reuters.npz} (arrays {@code x} and {@code y}). */
    public static WordSequences.Data loadData(Path npz, WordSequences o) {
        Map<String, byte[]> e = Npy.npzEntries(npz);
        List<int[]> xs = new ArrayList<>(Npy.readIntLists(Imdb.entry(e, "x", npz), npz + ":x"));
        int[] ys = Imdb.ints(Npy.read(Imdb.entry(e, "y", npz), npz + ":y"));
        WordSequences.shuffle(new NumpyRandomState(o.seed), xs, ys);
        List<Integer> labels = new ArrayList<>();
        List<int[]> all = o.index(xs, labels, ys);
        o.clip(all);
        int idx = (int) (all.size() * (1 - o.testSplit));
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new WordSequences.Data(all.subList(0, idx), java.util.Arrays.copyOfRange(y, 0, idx), all.subList(idx, all.size()),
                java.util.Arrays.copyOfRange(y, idx, y.length));
    }

    /** Keras's {@code reuters.get_word_index()}. */
    public static Map<String, Integer> getWordIndex() {
        return Imdb.wordIndex(DatasetFiles.get("reuters", "reuters_word_index.json", Imdb.ORIGIN + "reuters_word_index.json",
                INDEX_MD5, List.of()));
    }
}
