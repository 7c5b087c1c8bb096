// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

/**
 * A data set's images as Keras returns them: {@code uint8} pixels, channels last, {@code (n, rows,
 * cols)} for grey images and {@code (n, rows, cols, channels)} for colour ones. As floats they keep
 * the 0–255 values ({@code scale = false}) or are divided by 255 ({@code true}, Keras's usual
 * {@code x.astype('float32') / 255}).
 */
public final class Images {
    private final int count;
    private final int rows;
    private final int cols;
    private final int channels;
    private final byte[] pixels;

    /** Images over {@code pixels}, row-major {@code (count, rows, cols, channels)}. */
    public Images(int count, int rows, int cols, int channels, byte[] pixels) {
        if ((long) count * rows * cols * channels != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixels are not " + count + " images of " + rows + " x " + cols
                    + " x " + channels);
        }
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.channels = channels;
        this.pixels = pixels;
    }

    /** The number of images. */
    public int count() {
        return count;
    }

    /** Keras's shape: {@code (n, rows, cols)} for one channel, else {@code (n, rows, cols, channels)}. */
    public int[] shape() {
        return channels == 1 ? new int[] {count, rows, cols} : new int[] {count, rows, cols, channels};
    }

    /** The raw pixels, row-major, channels last (unsigned: {@code b & 0xff}). */
    public byte[] bytes() {
        return pixels;
    }

    /** One row per image, {@code rows * cols * channels} values: for an MLP ({@code x.reshape(n, -1)}). */
    public float[][] toFloats2d(boolean scale) {
        int per = rows * cols * channels;
        float[][] out = new float[count][per];
        float k = scale ? 1f / 255f : 1f;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < per; j++) {
                out[i][j] = (pixels[i * per + j] & 0xff) * k;
            }
        }
        return out;
    }

    /** {@code (n, rows, cols, channels)}: for a convnet (grey images get their channel axis of 1). */
    public float[][][][] toFloats4d(boolean scale) {
        float[][][][] out = new float[count][rows][cols][channels];
        float k = scale ? 1f / 255f : 1f;
        int at = 0;
        for (int i = 0; i < count; i++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    for (int ch = 0; ch < channels; ch++) {
                        out[i][r][c][ch] = (pixels[at++] & 0xff) * k;
                    }
                }
            }
        }
        return out;
    }

    /** The first {@code n} images. */
    public Images take(int n) {
        int per = rows * cols * channels;
        return new Images(n, rows, cols, channels, java.util.Arrays.copyOf(pixels, n * per));
    }
}
