// SPDX-License-Identifier: Apache-2.0
package io.strata.examples;

import io.strata.data.Utils;
import io.strata.datasets.FashionMnist;
import io.strata.datasets.ImageData;
import io.strata.datasets.Mnist;
import io.strata.layers.Layers;
import io.strata.models.Sequential;
import io.strata.optimizers.RMSprop;
import io.strata.training.FitOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The guide's {@code mnist_mlp.py}: a 512-512 MLP with dropout on MNIST (98.40% after 20 epochs in
 * Keras). {@code --dataset fashion} trains it on Fashion-MNIST; {@code --data PATH} reads local files
 * ({@code mnist.npz}, or Fashion-MNIST's folder of IDX files).
 */
public final class MnistMlp {
    private MnistMlp() {}

    /** Runs the example. */
    public static void main(String[] argv) {
        ExampleArgs args = ExampleArgs.parse(argv);
        ImageData d = load(args);
        int n = args.limit(d.yTrain().length);
        int m = args.limit(d.yTest().length);
        float[][] xTrain = Arrays.copyOf(d.xTrain().toFloats2d(true), n);
        float[][] xTest = Arrays.copyOf(d.xTest().toFloats2d(true), m);
        System.out.println(n + " train samples");
        System.out.println(m + " test samples");
        float[][] yTrain = Utils.toCategorical(Arrays.copyOf(d.yTrain(), n), 10);
        float[][] yTest = Utils.toCategorical(Arrays.copyOf(d.yTest(), m), 10);
        try (Sequential model = new Sequential(List.of(
                Layers.dense(512).activation("relu").inputShape(784),
                Layers.dropout(0.2),
                Layers.dense(512).activation("relu"),
                Layers.dropout(0.2),
                Layers.dense(10).activation("softmax")))) {
            model.seed(args.integer("seed", 1));
            model.summary();
            model.compile(new RMSprop(), "categorical_crossentropy", List.of("accuracy"));
            model.fit(xTrain, yTrain, FitOptions.epochs(args.integer("epochs", 20)).batchSize(128).verbose(1)
                    .validationData(xTest, yTest));
            List<Double> score = model.evaluate(xTest, yTest, 128);
            System.out.println("Test loss: " + score.get(0));
            System.out.println("Test accuracy: " + score.get(1));
        }
    }

    static ImageData load(ExampleArgs args) {
        Path data = args.path("data");
        boolean fashion = args.string("dataset", "mnist").equals("fashion");
        if (fashion) {
            return data == null ? FashionMnist.loadData() : FashionMnist.loadData(data);
        }
        return data == null ? Mnist.loadData() : Mnist.loadData(data);
    }
}
