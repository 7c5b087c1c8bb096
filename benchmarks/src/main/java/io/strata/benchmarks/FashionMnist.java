// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST from Debian's {@code dataset-fashion-mnist} package (idx gz files under
 * {@code /usr/share/datasets/fashion-mnist}), pixels scaled to {@code [0, 1]}, one-hot labels.
 *
 * @param x images as rows of 784 values
 * @param labels class indices
 */
record FashionMnist(float[][] x, int[] labels) {
    static final Path DIR = Path.of(System.getProperty("strata.fashion", "/usr/share/datasets/fashion-mnist"));

    static FashionMnist train() throws IOException {
        return load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
    }

    static FashionMnist test() throws IOException {
        return load("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    }

    private static FashionMnist load(String images, String labels) throws IOException {
        if (!Files.isDirectory(DIR)) {
            throw new IOException("Fashion-MNIST not found at " + DIR + ": install it with "
                    + "'apt-get install dataset-fashion-mnist' or set -Dstrata.fashion=DIR");
        }
        float[][] x;
        try (DataInputStream in = open(DIR.resolve(images))) {
            if (in.readInt() != 2051) {
                throw new IOException("bad image file magic in " + images);
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] buf = new byte[rows * cols];
            x = new float[n][rows * cols];
            for (int i = 0; i < n; i++) {
                in.readFully(buf);
                for (int j = 0; j < buf.length; j++) {
                    x[i][j] = (buf[j] & 0xff) / 255f;
                }
            }
        }
        int[] y;
        try (DataInputStream in = open(DIR.resolve(labels))) {
            if (in.readInt() != 2049) {
                throw new IOException("bad label file magic in " + labels);
            }
            int n = in.readInt();
            y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = in.readUnsignedByte();
            }
        }
        return new FashionMnist(x, y);
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream raw = new GZIPInputStream(Files.newInputStream(p), 1 << 16);
        return new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
    }

    float[][] oneHot() {
        float[][] out = new float[labels.length][10];
        for (int i = 0; i < labels.length; i++) {
            out[i][labels[i]] = 1f;
        }
        return out;
    }

    float[] flat() {
        float[] out = new float[x.length * 784];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, out, i * 784, 784);
        }
        return out;
    }
}
