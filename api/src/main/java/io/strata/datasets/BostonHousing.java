// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.DataException;
import io.strata.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code keras.datasets.boston_housing}: 506 samples of 13 features and a price, shuffled
 * with NumPy's {@code RandomState(seed)} and split as Keras splits them, so the same seed gives the
 * same train and test sets as in Keras.
 */
public final class BostonHousing {
    /** Where Keras downloads it, and its published SHA-256. */
    public static final String ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz";
    public static final String SHA256 = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5";

    /** Keras's {@code (x_train, y_train), (x_test, y_test)}. */
    public record Data(double[][] xTrain, double[] yTrain, double[][] xTest, double[] yTest) {}

    private BostonHousing() {}

    /** {@code boston_housing.load_data(test_split=0.2, seed=113)}. */
    public static Data loadData() {
        return loadData(0.2, 113);
    }

    /** {@code boston_housing.load_data(test_split, seed)}. */
    public static Data loadData(double testSplit, long seed) {
        return loadData(DatasetFiles.get("boston-housing", "boston_housing.npz", ORIGIN, SHA256, List.of()), testSplit, seed);
    }

    /** From a local {@code boston_housing.npz} (arrays {@code x} and {@code y}). */
    public static Data loadData(Path npz, double testSplit, long seed) {
        if (!(testSplit >= 0 && testSplit < 1)) {
            throw new InvalidConfigException("boston_housing.load_data: test_split must be in [0, 1), got " + testSplit + ".");
        }
        Map<String, Npy.Array> a = Npy.readNpz(npz);
        Npy.Array x = Mnist.require(a, "x", npz);
        Npy.Array y = Mnist.require(a, "y", npz);
        int n = (int) x.shape()[0];
        if (x.shape().length != 2 || y.size() != n) {
            throw new DataException(npz + ": x has shape " + java.util.Arrays.toString(x.shape()) + " and y " + y.size()
                    + " values; expected (n, features) and n.");
        }
        int features = (int) x.shape()[1];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        new NumpyRandomState(seed).shuffle(order);
        int split = (int) (n * (1 - testSplit));
        double[][] xs = new double[n][features];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x.values(), order[i] * features, xs[i], 0, features);
            ys[i] = y.values()[order[i]];
        }
        return new Data(java.util.Arrays.copyOfRange(xs, 0, split), java.util.Arrays.copyOfRange(ys, 0, split),
                java.util.Arrays.copyOfRange(xs, split, n), java.util.Arrays.copyOfRange(ys, split, n));
    }
}
