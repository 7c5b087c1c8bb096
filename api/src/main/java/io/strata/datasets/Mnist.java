// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.DataException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Keras's {@code keras.datasets.mnist}: 60,000 + 10,000 handwritten digits, 28 x 28 grey. */
public final class Mnist {
    /** Where Keras downloads it, and its published SHA-256. */
    public static final String ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz";
    public static final String SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";

    private Mnist() {}

    /** {@code mnist.load_data()}: downloaded once into the cache. */
    public static ImageData loadData() {
        return loadData(DatasetFiles.get("mnist", "mnist.npz", ORIGIN, SHA256, List.of()));
    }

    /** MNIST from a local {@code mnist.npz} (arrays {@code x_train}, {@code y_train}, {@code x_test}, {@code y_test}). */
    public static ImageData loadData(Path npz) {
        Map<String, Npy.Array> a = Npy.readNpz(npz);
        return new ImageData(images(a, "x_train", npz), labels(a, "y_train", npz), images(a, "x_test", npz), labels(a, "y_test", npz));
    }

    static Images images(Map<String, Npy.Array> a, String key, Path file) {
        Npy.Array x = require(a, key, file);
        if (x.shape().length != 3) {
            throw new DataException(file + ": " + key + " has shape " + java.util.Arrays.toString(x.shape()) + "; expected (n, rows, cols).");
        }
        byte[] px = new byte[x.size()];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (int) x.values()[i];
        }
        return new Images((int) x.shape()[0], (int) x.shape()[1], (int) x.shape()[2], 1, px);
    }

    static int[] labels(Map<String, Npy.Array> a, String key, Path file) {
        double[] v = require(a, key, file).values();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    static Npy.Array require(Map<String, Npy.Array> a, String key, Path file) {
        Npy.Array x = a.get(key);
        if (x == null) {
            throw new DataException(file + " has no array " + key + " (it has " + a.keySet() + ").");
        }
        return x;
    }
}
