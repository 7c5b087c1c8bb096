// SPDX-License-Identifier: Apache-2.0
package io.strata.examples;

import io.strata.data.Utils;
import io.strata.datasets.Reuters;
import io.strata.datasets.WordSequences;
import io.strata.layers.Layers;
import io.strata.models.Sequential;
import io.strata.preprocessing.Tokenizer;
import io.strata.training.FitOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The guide's {@code reuters_mlp.py}: newswire topics from 1,000-word binary bags of words, a 512-unit
 * MLP (batch 32, 5 epochs, Adam, validation split 0.1). {@code --data PATH} reads a local
 * {@code reuters.npz}.
 */
public final class ReutersMlp {
    private ReutersMlp() {}

    /** Runs the example. */
    public static void main(String[] argv) {
        ExampleArgs args = ExampleArgs.parse(argv);
        int maxWords = 1000;
        System.out.println("Loading data...");
        Path data = args.path("data");
        WordSequences options = WordSequences.defaults().numWords(maxWords).testSplit(0.2);
        WordSequences.Data d = data == null ? Reuters.loadData(options) : Reuters.loadData(data, options);
        int n = args.limit(d.yTrain().length);
        int m = args.limit(d.yTest().length);
        System.out.println(n + " train sequences");
        System.out.println(m + " test sequences");
        int classes = Math.max(Arrays.stream(d.yTrain()).max().orElse(0), Arrays.stream(d.yTest()).max().orElse(0)) + 1;
        System.out.println(classes + " classes");
        System.out.println("Vectorizing sequence data...");
        Tokenizer t = new Tokenizer().numWords(maxWords);
        float[][] xTrain = t.sequencesToMatrix(d.xTrain().subList(0, n), "binary");
        float[][] xTest = t.sequencesToMatrix(d.xTest().subList(0, m), "binary");
        float[][] yTrain = Utils.toCategorical(Arrays.copyOf(d.yTrain(), n), classes);
        float[][] yTest = Utils.toCategorical(Arrays.copyOf(d.yTest(), m), classes);
        System.out.println("Building model...");
        try (Sequential model = new Sequential(List.of(
                Layers.dense(512).activation("relu").inputShape(maxWords),
                Layers.dropout(0.5),
                Layers.dense(classes).activation("softmax")))) {
            model.seed(args.integer("seed", 1));
            model.compile("adam", "categorical_crossentropy", List.of("accuracy"));
            model.fit(xTrain, yTrain, FitOptions.epochs(args.integer("epochs", 5)).batchSize(32).verbose(1).validationSplit(0.1));
            List<Double> score = model.evaluate(xTest, yTest, 32);
            System.out.println("Test score: " + score.get(0));
            System.out.println("Test accuracy: " + score.get(1));
        }
    }
}
