// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code keras.datasets.cifar10}: 50,000 + 10,000 colour images of 32 x 32 in 10 classes,
 * from CIFAR's binary release (same images and labels as the Python pickles Keras reads).
 */
public final class Cifar10 {
    /** CIFAR-10's binary release and the MD5 its page publishes. */
    public static final String ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    public static final String MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

    private Cifar10() {}

    /** {@code cifar10.load_data()}: images {@code (n, 32, 32, 3)}, labels 0–9. */
    public static ImageData loadData() {
        return loadData(DatasetFiles.get("cifar-10", "cifar-10-binary.tar.gz", ORIGIN, MD5, List.of()));
    }

    /** CIFAR-10 from a local {@code cifar-10-binary.tar.gz}. */
    public static ImageData loadData(Path archive) {
        Map<String, byte[]> files = Cifar.binFiles(archive);
        Object[] train = Cifar.read(files, archive, 1, 0, "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin");
        Object[] test = Cifar.read(files, archive, 1, 0, "test_batch.bin");
        return new ImageData((Images) train[0], (int[]) train[1], (Images) test[0], (int[]) test[1]);
    }
}
