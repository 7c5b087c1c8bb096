// SPDX-License-Identifier: Apache-2.0
package io.strata.examples;

import io.strata.data.Utils;
import io.strata.layers.Layers;
import io.strata.models.Sequential;
import io.strata.optimizers.SGD;
import io.strata.training.FitOptions;
import io.strata.training.History;
import java.util.List;

/**
 * The README's main job: the Keras guide's "MLP for multi-class softmax classification" trained on the
 * embedded UCI digits (64 inputs instead of the guide's 20), with Keras's progress output, its
 * summary and the test accuracy.
 */
public final class DigitsMlp {
    private DigitsMlp() {}

    /** Builds the guide's MLP for {@code inputDim} features and {@code classes} classes. */
    public static Sequential model(int inputDim, int classes) {
        Sequential model = new Sequential(List.of(
                Layers.dense(64).activation("relu").inputDim(inputDim),
                Layers.dropout(0.5),
                Layers.dense(64).activation("relu"),
                Layers.dropout(0.5),
                Layers.dense(classes).activation("softmax")));
        model.compile(new SGD().lr(0.01).decay(1e-6).momentum(0.9).nesterov(true), "categorical_crossentropy",
                List.of("accuracy"));
        return model;
    }

    /** Trains and evaluates; returns the test accuracy. */
    public static double run(int epochs, int verbose, long seed) {
        Digits all = Digits.load().shuffled(seed);
        int split = (int) (all.size() * 0.8);
        Digits train = all.range(0, split);
        Digits test = all.range(split, all.size());
        try (Sequential model = model(64, Digits.CLASSES).seed(seed)) {
            if (verbose > 0) {
                model.summary();
            }
            float[][] yTrain = Utils.toCategorical(train.labels(), Digits.CLASSES);
            float[][] yTest = Utils.toCategorical(test.labels(), Digits.CLASSES);
            History history = model.fit(train.x(), yTrain, FitOptions.epochs(epochs).batchSize(32).verbose(verbose)
                    .validationSplit(0.1));
            List<Double> score = model.evaluate(test.x(), yTest, 128);
            if (verbose > 0) {
                System.out.printf("Trained %d epochs; final training loss %.4f.%n", history.epochs(),
                        history.metric("loss")[history.epochs() - 1]);
                System.out.printf("Test loss: %.4f - test accuracy: %.4f (%d held-out digits)%n", score.get(0),
                        score.get(1), test.size());
            }
            return score.get(1);
        }
    }

    /** Entry point: {@code [epochs] [verbose]}. */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int verbose = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        double accuracy = run(epochs, verbose, 42);
        if (accuracy < 0.95) {
            System.err.printf("Test accuracy %.4f is below the expected 0.95%n", accuracy);
            System.exit(1);
        }
    }
}
