// SPDX-License-Identifier: Apache-2.0
package io.strata.examples;

import io.strata.data.Sequence;
import io.strata.data.Utils;
import io.strata.datasets.Cifar10;
import io.strata.datasets.ImageData;
import io.strata.layers.Layers;
import io.strata.models.Sequential;
import io.strata.optimizers.RMSprop;
import io.strata.preprocessing.ImageDataGenerator;
import io.strata.training.FitOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The guide's {@code cifar10_cnn.py}: a small convnet on CIFAR-10 with real-time data augmentation
 * (shifts of a tenth and horizontal flips, from {@link ImageDataGenerator#flow}), RMSprop(1e-4, decay
 * 1e-6), batch 32, 100 epochs. {@code --data PATH} reads a local {@code cifar-10-binary.tar.gz};
 * {@code --augment false} trains on the images as they are.
 */
public final class Cifar10Cnn {
    private Cifar10Cnn() {}

    /** Runs the example. */
    public static void main(String[] argv) {
        ExampleArgs args = ExampleArgs.parse(argv);
        Path data = args.path("data");
        ImageData d = data == null ? Cifar10.loadData() : Cifar10.loadData(data);
        int n = args.limit(d.yTrain().length);
        int m = args.limit(d.yTest().length);
        float[][][][] xTrain = d.xTrain().take(n).toFloats4d(true);
        float[][][][] xTest = d.xTest().take(m).toFloats4d(true);
        System.out.println("x_train shape: " + Arrays.toString(new int[] {n, 32, 32, 3}));
        float[][] yTrain = Utils.toCategorical(Arrays.copyOf(d.yTrain(), n), 10);
        float[][] yTest = Utils.toCategorical(Arrays.copyOf(d.yTest(), m), 10);
        try (Sequential model = new Sequential(List.of(
                Layers.conv2d(32, 3, 3).padding("same").activation("relu").inputShape(32, 32, 3),
                Layers.conv2d(32, 3, 3).activation("relu"),
                Layers.maxPooling2d(2, 2),
                Layers.dropout(0.25),
                Layers.conv2d(64, 3, 3).padding("same").activation("relu"),
                Layers.conv2d(64, 3, 3).activation("relu"),
                Layers.maxPooling2d(2, 2),
                Layers.dropout(0.25),
                Layers.flatten(),
                Layers.dense(512).activation("relu"),
                Layers.dropout(0.5),
                Layers.dense(10).activation("softmax")))) {
            model.seed(args.integer("seed", 1));
            model.compile(new RMSprop().lr(0.0001).decay(1e-6), "categorical_crossentropy", List.of("accuracy"));
            int epochs = args.integer("epochs", 100);
            if (args.string("augment", "true").equals("true")) {
                System.out.println("Using real-time data augmentation.");
                Sequence flow = new ImageDataGenerator().widthShiftRange(0.1).heightShiftRange(0.1).horizontalFlip(true)
                        .flow(xTrain, yTrain, 32, true, args.integer("seed", 1));
                model.fit(flow, FitOptions.epochs(epochs).verbose(1).workers(1));
            } else {
                System.out.println("Not using data augmentation.");
                model.fit(xTrain, yTrain, FitOptions.epochs(epochs).batchSize(32).verbose(1).validationData(xTest, yTest));
            }
            List<Double> score = model.evaluate(xTest, yTest, 32);
            System.out.println("Test loss: " + score.get(0));
            System.out.println("Test accuracy: " + score.get(1));
        }
    }
}
