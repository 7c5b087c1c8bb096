// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.DataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code keras.datasets.imdb}: 25,000 + 25,000 movie reviews as word-index sequences (by
 * frequency), with sentiment labels 0/1; {@link #getWordIndex()} maps words to those indices.
 */
public final class Imdb {
    static final String ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";
    static final String SHA256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f";
    static final String INDEX_MD5 = "bfafd718b763782e994055a2d397834f";

    private Imdb() {}

    /** {@code imdb.load_data(num_words, skip_top, maxlen, seed, start_char, oov_char, index_from)}. */
    public static WordSequences.Data loadData(WordSequences options) {
        return loadData(DatasetFiles.get("imdb", "imdb.npz", ORIGIN + "imdb.npz", SHA256, List.of()), options);
    }

    /** {@code imdb.load_data()} with Keras's defaults. */
    public static WordSequences.Data loadData() {
        return loadData(WordSequences.defaults());
    }

    /** IMDB from a local {@code imdb.npz}. */
    public static WordSequences.Data loadData(Path npz, WordSequences o) {
        Map<String, byte[]> e = Npy.npzEntries(npz);
        List<int[]> xTrain = new ArrayList<>(Npy.readIntLists(entry(e, "x_train", npz), npz + ":x_train"));
        List<int[]> xTest = new ArrayList<>(Npy.readIntLists(entry(e, "x_test", npz), npz + ":x_test"));
        int[] yTrain = ints(Npy.read(entry(e, "y_train", npz), npz + ":y_train"));
        int[] yTest = ints(Npy.read(entry(e, "y_test", npz), npz + ":y_test"));
        NumpyRandomState rng = new NumpyRandomState(o.seed);
        WordSequences.shuffle(rng, xTrain, yTrain);
        WordSequences.shuffle(rng, xTest, yTest);
        List<Integer> lTrain = new ArrayList<>();
        List<Integer> lTest = new ArrayList<>();
        List<int[]> train = o.index(xTrain, lTrain, yTrain);
        List<int[]> test = o.index(xTest, lTest, yTest);
        if (o.maxlen != null && (train.isEmpty() || test.isEmpty())) {
            throw new DataException("After filtering for sequences shorter than maxlen=" + o.maxlen + ", no sequence was kept. "
                    + "Increase maxlen.");
        }
        List<int[]> all = new ArrayList<>(train);
        all.addAll(test);
        o.clip(all);
        return new WordSequences.Data(all.subList(0, train.size()), lTrain.stream().mapToInt(Integer::intValue).toArray(),
                all.subList(train.size(), all.size()), lTest.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Keras's {@code imdb.get_word_index()}: word to index (before {@code indexFrom} is added). */
    public static Map<String, Integer> getWordIndex() {
        return wordIndex(DatasetFiles.get("imdb", "imdb_word_index.json", ORIGIN + "imdb_word_index.json", INDEX_MD5, List.of()));
    }

    static Map<String, Integer> wordIndex(Path json) {
        try {
            return new ObjectMapper().readValue(json.toFile(), new TypeReference<Map<String, Integer>>() { });
        } catch (IOException e) {
            throw new DataException(json + " is not a JSON word index (" + e.getMessage() + ").", e);
        }
    }

    static byte[] entry(Map<String, byte[]> e, String key, Path file) {
        byte[] b = e.get(key);
        if (b == null) {
            throw new DataException(file + " has no array " + key + " (it has " + e.keySet() + ").");
        }
        return b;
    }

    static int[] ints(Npy.Array a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.values()[i];
        }
        return out;
    }
}
