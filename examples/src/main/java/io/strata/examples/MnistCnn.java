// SPDX-License-Identifier: Apache-2.0
package io.strata.examples;

import io.strata.data.Utils;
import io.strata.datasets.ImageData;
import io.strata.layers.Layers;
import io.strata.models.Sequential;
import io.strata.optimizers.Adadelta;
import io.strata.training.FitOptions;
import java.util.Arrays;
import java.util.List;

/**
 * The guide's {@code mnist_cnn.py}: two convolutions, max-pooling, dropout and a dense classifier on
 * MNIST (99.25% after 12 epochs in Keras), Adadelta. Same switches as {@link MnistMlp}.
 */
public final class MnistCnn {
    private MnistCnn() {}

    /** Runs the example. */
    public static void main(String[] argv) {
        ExampleArgs args = ExampleArgs.parse(argv);
        ImageData d = MnistMlp.load(args);
        int n = args.limit(d.yTrain().length);
        int m = args.limit(d.yTest().length);
        float[][][][] xTrain = d.xTrain().take(n).toFloats4d(true);
        float[][][][] xTest = d.xTest().take(m).toFloats4d(true);
        System.out.println("x_train shape: " + Arrays.toString(new int[] {n, 28, 28, 1}));
        System.out.println(n + " train samples");
        System.out.println(m + " test samples");
        float[][] yTrain = Utils.toCategorical(Arrays.copyOf(d.yTrain(), n), 10);
        float[][] yTest = Utils.toCategorical(Arrays.copyOf(d.yTest(), m), 10);
        try (Sequential model = new Sequential(List.of(
                Layers.conv2d(32, 3, 3).activation("relu").inputShape(28, 28, 1),
                Layers.conv2d(64, 3, 3).activation("relu"),
                Layers.maxPooling2d(2, 2),
                Layers.dropout(0.25),
                Layers.flatten(),
                Layers.dense(128).activation("relu"),
                Layers.dropout(0.5),
                Layers.dense(10).activation("softmax")))) {
            model.seed(args.integer("seed", 1));
            model.compile(new Adadelta(), "categorical_crossentropy", List.of("accuracy"));
            model.fit(xTrain, yTrain, FitOptions.epochs(args.integer("epochs", 12)).batchSize(128).verbose(1)
                    .validationData(xTest, yTest));
            List<Double> score = model.evaluate(xTest, yTest, 128);
            System.out.println("Test loss: " + score.get(0));
            System.out.println("Test accuracy: " + score.get(1));
        }
    }
}
