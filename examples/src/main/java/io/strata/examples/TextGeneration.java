// SPDX-License-Identifier: Apache-2.0
package io.strata.examples;

import io.strata.callbacks.Callback;
import io.strata.layers.Layers;
import io.strata.models.Sequential;
import io.strata.optimizers.RMSprop;
import io.strata.training.FitOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * The guide's {@code lstm_text_generation.py}: a character-level LSTM trained on 40-character windows
 * (step 3) to predict the next character, printing text sampled at four temperatures after every
 * epoch (RMSprop 0.01, batch 128, 60 epochs). {@code --text PATH} trains on a text file; by default on
 * the Gettysburg Address (public domain), shipped with the examples.
 */
public final class TextGeneration {
    private TextGeneration() {}

    /** Runs the example. */
    public static void main(String[] argv) {
        ExampleArgs args = ExampleArgs.parse(argv);
        String text = read(args.path("text")).toLowerCase(Locale.ROOT);
        System.out.println("corpus length: " + text.length());
        char[] chars = chars(text);
        System.out.println("total chars: " + chars.length);
        int maxlen = 40;
        int step = 3;
        int count = args.limit((text.length() - maxlen + step - 1) / step);
        float[][][] x = new float[count][maxlen][chars.length];
        float[][] y = new float[count][chars.length];
        for (int s = 0; s < count; s++) {
            int start = s * step;
            for (int t = 0; t < maxlen; t++) {
                x[s][t][index(chars, text.charAt(start + t))] = 1f;
            }
            y[s][index(chars, text.charAt(start + maxlen))] = 1f;
        }
        System.out.println("nb sequences: " + count);
        Random random = new Random(args.integer("seed", 1));
        int generate = args.integer("generate", 400);
        try (Sequential model = new Sequential(List.of(
                Layers.lstm(128).inputShape(maxlen, chars.length),
                Layers.dense(chars.length).activation("softmax")))) {
            model.seed(args.integer("seed", 1));
            model.compile(new RMSprop().lr(0.01), "categorical_crossentropy", List.of());
            Callback printText = new Callback() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    System.out.println();
                    System.out.println("----- Generating text after Epoch: " + epoch);
                    int start = random.nextInt(text.length() - maxlen);
                    for (double diversity : new double[] {0.2, 0.5, 1.0, 1.2}) {
                        System.out.println("----- diversity: " + diversity);
                        String sentence = text.substring(start, start + maxlen);
                        StringBuilder generated = new StringBuilder(sentence);
                        System.out.println("----- Generating with seed: \"" + sentence + "\"");
                        for (int i = 0; i < generate; i++) {
                            float[][][] xPred = new float[1][maxlen][chars.length];
                            for (int t = 0; t < maxlen; t++) {
                                xPred[0][t][index(chars, sentence.charAt(t))] = 1f;
                            }
                            FloatNdArray preds = model().predict(xPred, 1);
                            char next = chars[sample(preds, diversity, random)];
                            generated.append(next);
                            sentence = sentence.substring(1) + next;
                        }
                        System.out.println(generated);
                    }
                }
            };
            model.fit(x, y, FitOptions.epochs(args.integer("epochs", 60)).batchSize(128).verbose(1).callbacks(printText));
            System.out.println("Final loss: " + model.evaluate(x, y, 128).get(0));
        }
    }

    /** Keras's {@code sample(preds, temperature)}: a draw from the softmax re-weighted by temperature. */
    static int sample(FloatNdArray preds, double temperature, Random random) {
        int n = (int) preds.shape().size(1);
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(Math.log(Math.max(preds.getFloat(0, i), 1e-12)) / temperature);
            sum += p[i];
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < n; i++) {
            u -= p[i];
            if (u <= 0) {
                return i;
            }
        }
        return n - 1;
    }

    private static String read(Path path) {
        try {
            if (path != null) {
                return Files.readString(path, StandardCharsets.UTF_8);
            }
            try (InputStream in = TextGeneration.class.getResourceAsStream("gettysburg.txt")) {
                if (in == null) {
                    throw new IllegalStateException("gettysburg.txt is missing from the class path");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static char[] chars(String text) {
        TreeSet<Character> set = new TreeSet<>();
        for (char c : text.toCharArray()) {
            set.add(c);
        }
        char[] out = new char[set.size()];
        int i = 0;
        for (char c : set) {
            out[i++] = c;
        }
        return out;
    }

    private static int index(char[] chars, char c) {
        return java.util.Arrays.binarySearch(chars, c);
    }
}
