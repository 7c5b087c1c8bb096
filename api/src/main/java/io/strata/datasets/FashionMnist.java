// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.DataException;
import java.nio.file.Path;
import java.util.List;

/**
 * Keras's {@code keras.datasets.fashion_mnist}: 60,000 + 10,000 28 x 28 grey images of 10 kinds of
 * clothing. Debian's {@code dataset-fashion-mnist} package ({@code /usr/share/datasets/fashion-mnist})
 * is used when installed; otherwise the four files are downloaded from Keras's address and checked
 * against the MD5s that Fashion-MNIST publishes.
 */
public final class FashionMnist {
    /** Keras's download folder. */
    public static final String ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";
    /** Debian's copy. */
    public static final Path SYSTEM_COPY = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String[][] FILES = {
        {"train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"},
        {"train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"},
        {"t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"},
        {"t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"},
    };

    private FashionMnist() {}

    /** {@code fashion_mnist.load_data()}. */
    public static ImageData loadData() {
        Path[] p = new Path[4];
        for (int i = 0; i < 4; i++) {
            p[i] = DatasetFiles.get("fashion-mnist", FILES[i][0], ORIGIN + FILES[i][0], FILES[i][1],
                    List.of(SYSTEM_COPY.resolve(FILES[i][0])));
        }
        return read(p[0], p[1], p[2], p[3]);
    }

    /** Fashion-MNIST (or MNIST) from a folder holding the four IDX files under their usual names. */
    public static ImageData loadData(Path folder) {
        return read(folder.resolve(FILES[0][0]), folder.resolve(FILES[1][0]), folder.resolve(FILES[2][0]), folder.resolve(FILES[3][0]));
    }

    private static ImageData read(Path trainLabels, Path trainImages, Path testLabels, Path testImages) {
        return new ImageData(images(trainImages), labels(trainLabels), images(testImages), labels(testLabels));
    }

    private static Images images(Path file) {
        Idx.UByteArray a = Idx.read(file);
        if (a.shape().length != 3) {
            throw new DataException(file + " holds an array of rank " + a.shape().length + "; expected images (n, rows, cols).");
        }
        return new Images(a.shape()[0], a.shape()[1], a.shape()[2], 1, a.values());
    }

    private static int[] labels(Path file) {
        Idx.UByteArray a = Idx.read(file);
        int[] out = new int[a.values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.values()[i] & 0xff;
        }
        return out;
    }
}
