// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code keras.datasets.cifar100}: 50,000 + 10,000 colour images of 32 x 32, with 100 fine
 * or 20 coarse labels ({@code labelMode}), from CIFAR's binary release.
 */
public final class Cifar100 {
    /** CIFAR-100's binary release and the MD5 its page publishes. */
    public static final String ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz";
    public static final String MD5 = "03b5dce01913d631647c71ecec9e9cb8";

    private Cifar100() {}

    /** {@code cifar100.load_data(label_mode='fine')}. */
    public static ImageData loadData() {
        return loadData("fine");
    }

    /** {@code cifar100.load_data(label_mode)}: {@code "fine"} (100 classes) or {@code "coarse"} (20). */
    public static ImageData loadData(String labelMode) {
        return loadData(DatasetFiles.get("cifar-100", "cifar-100-binary.tar.gz", ORIGIN, MD5, List.of()), labelMode);
    }

    /** CIFAR-100 from a local {@code cifar-100-binary.tar.gz}. */
    public static ImageData loadData(Path archive, String labelMode) {
        int label = switch (labelMode) {
            case "fine" -> 1;
            case "coarse" -> 0;
            default -> throw new InvalidConfigException("cifar100.load_data: label_mode must be \"fine\" or \"coarse\", got \""
                    + labelMode + "\".");
        };
        Map<String, byte[]> files = Cifar.binFiles(archive);
        Object[] train = Cifar.read(files, archive, 2, label, "train.bin");
        Object[] test = Cifar.read(files, archive, 2, label, "test.bin");
        return new ImageData((Images) train[0], (int[]) train[1], (Images) test[0], (int[]) test[1]);
    }
}
