// SPDX-License-Identifier: Apache-2.0
package io.strata.examples;

import io.strata.datasets.Imdb;
import io.strata.datasets.WordSequences;
import io.strata.layers.Layers;
import io.strata.models.Sequential;
import io.strata.preprocessing.Sequences;
import io.strata.training.FitOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The guide's {@code imdb_lstm.py}: sentiment of IMDB reviews with an Embedding and an LSTM (20,000
 * words, sequences cut to 80, batch 32, 15 epochs, Adam). {@code --data PATH} reads a local
 * {@code imdb.npz}.
 */
public final class ImdbLstm {
    private ImdbLstm() {}

    /** Runs the example. */
    public static void main(String[] argv) {
        ExampleArgs args = ExampleArgs.parse(argv);
        int maxFeatures = 20000;
        int maxlen = 80;
        System.out.println("Loading data...");
        Path data = args.path("data");
        WordSequences options = WordSequences.defaults().numWords(maxFeatures);
        WordSequences.Data d = data == null ? Imdb.loadData(options) : Imdb.loadData(data, options);
        int n = args.limit(d.yTrain().length);
        int m = args.limit(d.yTest().length);
        System.out.println(n + " train sequences");
        System.out.println(m + " test sequences");
        System.out.println("Pad sequences (samples x time)");
        int[][] xTrain = Sequences.padSequences(d.xTrain().subList(0, n), maxlen);
        int[][] xTest = Sequences.padSequences(d.xTest().subList(0, m), maxlen);
        System.out.println("x_train shape: (" + xTrain.length + ", " + maxlen + ")");
        float[] yTrain = toFloats(Arrays.copyOf(d.yTrain(), n));
        float[] yTest = toFloats(Arrays.copyOf(d.yTest(), m));
        System.out.println("Build model...");
        try (Sequential model = new Sequential(List.of(
                Layers.embedding(maxFeatures, 128),
                Layers.lstm(128).dropout(0.2).recurrentDropout(0.2),
                Layers.dense(1).activation("sigmoid")))) {
            model.seed(args.integer("seed", 1));
            model.compile("adam", "binary_crossentropy", List.of("accuracy"));
            System.out.println("Train...");
            model.fit(xTrain, yTrain, FitOptions.epochs(args.integer("epochs", 15)).batchSize(32).verbose(1)
                    .validationData(xTest, yTest));
            List<Double> score = model.evaluate(xTest, yTest, 32);
            System.out.println("Test score: " + score.get(0));
            System.out.println("Test accuracy: " + score.get(1));
        }
    }

    static float[] toFloats(int[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
