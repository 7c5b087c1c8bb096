// SPDX-License-Identifier: Apache-2.0
package io.strata.preprocessing;

import io.strata.DataException;
import io.strata.InvalidConfigException;
import io.strata.data.Batch;
import io.strata.data.Sequence;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code ImageDataGenerator} for channels-last images {@code (n, rows, cols, channels)}: the
 * augmentations of the guide's CIFAR-10 example — rotation, width and height shifts, horizontal and
 * vertical flips (filled as {@code fillMode} says: nearest, constant with {@code cval}, reflect, wrap;
 * bilinear, as Keras's {@code order=1}) — and its standardisations (rescale, sample-wise and
 * feature-wise centring and std normalisation, in Keras's order). {@link #flow} gives a
 * {@link Sequence} for {@code model.fit(sequence, …)}: each epoch a new sample order, each image a new
 * random transform, both from {@code seed}, epoch and index, so workers in parallel give the same
 * batches as one.
 */
public final class ImageDataGenerator {
    private static final double EPSILON = 1e-7; // Keras's backend.epsilon()
    private boolean featurewiseCenter;
    private boolean samplewiseCenter;
    private boolean featurewiseStd;
    private boolean samplewiseStd;
    private double rotationRange;
    private double widthShift;
    private double heightShift;
    private boolean horizontalFlip;
    private boolean verticalFlip;
    private String fillMode = "nearest";
    private float cval;
    private float rescale = 1f;
    private float @Nullable [] mean;
    private float @Nullable [] std;

    /** A generator that changes nothing until configured. */
    public ImageDataGenerator() {}

    /** Keras's {@code featurewise_center}: subtract the per-channel mean of the data given to {@link #fit}. */
    public ImageDataGenerator featurewiseCenter(boolean on) {
        featurewiseCenter = on;
        return this;
    }

    /** Keras's {@code samplewise_center}: each image's mean to 0. */
    public ImageDataGenerator samplewiseCenter(boolean on) {
        samplewiseCenter = on;
        return this;
    }

    /** Keras's {@code featurewise_std_normalization}: divide by the per-channel std from {@link #fit}. */
    public ImageDataGenerator featurewiseStdNormalization(boolean on) {
        featurewiseStd = on;
        return this;
    }

    /** Keras's {@code samplewise_std_normalization}: each image divided by its own std. */
    public ImageDataGenerator samplewiseStdNormalization(boolean on) {
        samplewiseStd = on;
        return this;
    }

    /** Keras's {@code rotation_range}: degrees, drawn uniformly in {@code [-range, range]}. */
    public ImageDataGenerator rotationRange(double degrees) {
        rotationRange = degrees;
        return this;
    }

    /** Keras's {@code width_shift_range}: a fraction of the width below 1, else pixels. */
    public ImageDataGenerator widthShiftRange(double range) {
        widthShift = range;
        return this;
    }

    /** Keras's {@code height_shift_range}: a fraction of the height below 1, else pixels. */
    public ImageDataGenerator heightShiftRange(double range) {
        heightShift = range;
        return this;
    }

    /** Keras's {@code horizontal_flip}: half the images mirrored left to right. */
    public ImageDataGenerator horizontalFlip(boolean on) {
        horizontalFlip = on;
        return this;
    }

    /** Keras's {@code vertical_flip}. */
    public ImageDataGenerator verticalFlip(boolean on) {
        verticalFlip = on;
        return this;
    }

    /** Keras's {@code fill_mode}: {@code nearest} (default), {@code constant}, {@code reflect} or {@code wrap}. */
    public ImageDataGenerator fillMode(String mode) {
        if (!java.util.Set.of("nearest", "constant", "reflect", "wrap").contains(mode)) {
            throw new InvalidConfigException("ImageDataGenerator: fill_mode must be nearest, constant, reflect or wrap, got \"" + mode + "\".");
        }
        fillMode = mode;
        return this;
    }

    /** Keras's {@code cval}: the value outside the image with {@code fillMode("constant")}. */
    public ImageDataGenerator cval(float value) {
        cval = value;
        return this;
    }

    /** Keras's {@code rescale}: every value multiplied by it first (for instance 1/255). */
    public ImageDataGenerator rescale(float factor) {
        rescale = factor;
        return this;
    }

    /** Keras's {@code fit(x)}: the per-channel mean and std that feature-wise standardisation uses. */
    public ImageDataGenerator fit(float[][][][] x) {
        int channels = x[0][0][0].length;
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        long n = 0;
        for (float[][][] img : x) {
            for (float[][] row : img) {
                for (float[] px : row) {
                    for (int c = 0; c < channels; c++) {
                        double v = px[c] * rescale;
                        sum[c] += v;
                        sq[c] += v * v;
                    }
                    n++;
                }
            }
        }
        mean = new float[channels];
        std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            mean[c] = (float) m;
            std[c] = (float) Math.sqrt(Math.max(0, sq[c] / n - m * m));
        }
        return this;
    }

    /**
     * Keras's {@code flow(x, y, batch_size, shuffle=True, seed)}: batches of transformed, standardised
     * copies of {@code x} with their {@code y} rows ({@code y} in any form {@code fit} takes per sample:
     * {@code int[]} labels or {@code float[][]} one-hot rows).
     */
    public Sequence flow(float[][][][] x, Object y, int batchSize, boolean shuffle, long seed) {
        if ((featurewiseCenter || featurewiseStd) && mean == null) {
            throw new InvalidConfigException("ImageDataGenerator: featurewise centring or std normalisation needs fit(x) first, as in Keras.");
        }
        int n = x.length;
        if (y instanceof int[] labels && labels.length != n || y instanceof float[][] rows && rows.length != n) {
            throw new DataException("ImageDataGenerator.flow: x has " + n + " images but y has a different number of rows.");
        }
        return new Sequence() {
            private int epoch;
            private int[] order = order(0);

            private int[] order(int e) {
                int[] o = new int[n];
                for (int i = 0; i < n; i++) {
                    o[i] = i;
                }
                if (shuffle) {
                    Random r = new Random(seed * 1_000_003L + e);
                    for (int i = n - 1; i > 0; i--) {
                        int j = r.nextInt(i + 1);
                        int t = o[i];
                        o[i] = o[j];
                        o[j] = t;
                    }
                }
                return o;
            }

            @Override
            public int size() {
                return (n + batchSize - 1) / batchSize;
            }

            @Override
            public Batch get(int index) {
                int from = index * batchSize;
                int to = Math.min(n, from + batchSize);
                float[][][][] bx = new float[to - from][][][];
                Object by;
                int[] rows = java.util.Arrays.copyOfRange(order, from, to);
                for (int i = 0; i < bx.length; i++) {
                    Random r = new Random((seed * 31 + epoch) * 1_000_003L + rows[i]);
                    bx[i] = standardize(randomTransform(x[rows[i]], r));
                }
                if (y instanceof int[] labels) {
                    int[] out = new int[rows.length];
                    for (int i = 0; i < rows.length; i++) {
                        out[i] = labels[rows[i]];
                    }
                    by = out;
                } else if (y instanceof float[][] m) {
                    float[][] out = new float[rows.length][];
                    for (int i = 0; i < rows.length; i++) {
                        out[i] = m[rows[i]];
                    }
                    by = out;
                } else {
                    throw new DataException("ImageDataGenerator.flow: y must be int[] labels or float[][] rows, got "
                            + y.getClass().getSimpleName() + ".");
                }
                return Batch.of(bx, by);
            }

            @Override
            public void onEpochEnd() {
                epoch++;
                order = order(epoch);
            }
        };
    }

    /** One image transformed with parameters drawn from {@code r}, in Keras's order of draws. */
    float[][][] randomTransform(float[][][] img, Random r) {
        int rows = img.length;
        int cols = img[0].length;
        double theta = rotationRange > 0 ? uniform(r, rotationRange) : 0;
        double tx = heightShift > 0 ? uniform(r, heightShift) * (heightShift < 1 ? rows : 1) : 0;
        double ty = widthShift > 0 ? uniform(r, widthShift) * (widthShift < 1 ? cols : 1) : 0;
        boolean flipH = r.nextDouble() < 0.5 && horizontalFlip;
        boolean flipV = r.nextDouble() < 0.5 && verticalFlip;
        return transform(img, theta, tx, ty, flipH, flipV);
    }

    private static double uniform(Random r, double range) {
        return -range + 2 * range * r.nextDouble();
    }

    /**
     * Keras's {@code apply_transform}: rotation by {@code theta} degrees and a shift of {@code tx} rows
     * and {@code ty} columns about the image's centre (output pixel {@code o} reads input {@code M o},
     * bilinear), then the flips.
     */
    float[][][] transform(float[][][] img, double theta, double tx, double ty, boolean flipH, boolean flipV) {
        int rows = img.length;
        int cols = img[0].length;
        int ch = img[0][0].length;
        float[][][] out = new float[rows][cols][ch];
        double t = Math.toRadians(theta);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        // Keras's transform_matrix_offset_center puts the centre at (h / 2 + 0.5, w / 2 + 0.5), half a
        // pixel past the true centre; kept, so that the same parameters give Keras's image.
        double ox = rows / 2.0 + 0.5;
        double oy = cols / 2.0 + 0.5;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // M = offset · rotation · shift · reset: input = R (o - centre + shift) + centre.
                double a = i - ox;
                double b = j - oy;
                double sr = cos * a - sin * b + (cos * tx - sin * ty) + ox;
                double sc = sin * a + cos * b + (sin * tx + cos * ty) + oy;
                for (int c = 0; c < ch; c++) {
                    out[i][j][c] = sample(img, sr, sc, c);
                }
            }
        }
        if (flipH) {
            for (float[][] row : out) {
                java.util.Collections.reverse(java.util.Arrays.asList(row));
            }
        }
        if (flipV) {
            java.util.Collections.reverse(java.util.Arrays.asList(out));
        }
        return out;
    }

    private float sample(float[][][] img, double rIn, double cIn, int ch) {
        double r = rIn;
        double c = cIn;
        if (fillMode.equals("wrap")) {
            // scipy's "wrap" (what Keras's fill_mode="wrap" is): coordinates wrap with period n - 1, so the
            // last and first pixels overlap.
            r = wrap(r, img.length);
            c = wrap(c, img[0].length);
        }
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(c);
        double fr = r - r0;
        double fc = c - c0;
        return (float) ((1 - fr) * ((1 - fc) * pixel(img, r0, c0, ch) + fc * pixel(img, r0, c0 + 1, ch))
                + fr * ((1 - fc) * pixel(img, r0 + 1, c0, ch) + fc * pixel(img, r0 + 1, c0 + 1, ch)));
    }

    private float pixel(float[][][] img, int r, int c, int ch) {
        int rows = img.length;
        int cols = img[0].length;
        if (r >= 0 && r < rows && c >= 0 && c < cols) {
            return img[r][c][ch];
        }
        return switch (fillMode) {
            case "constant" -> cval;
            case "wrap" -> img[Math.floorMod(r, rows)][Math.floorMod(c, cols)][ch];
            case "reflect" -> img[reflect(r, rows)][reflect(c, cols)][ch];
            default -> img[Math.max(0, Math.min(rows - 1, r))][Math.max(0, Math.min(cols - 1, c))][ch];
        };
    }

    private static double wrap(double x, int n) {
        if (n <= 1) {
            return 0;
        }
        double period = n - 1;
        double w = x - period * Math.floor(x / period);
        return w >= period ? 0 : w;
    }

    /** scipy's {@code reflect}: {@code d c b a | a b c d | d c b a}. */
    private static int reflect(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    /** Keras's {@code standardize}: rescale, sample-wise centre and std, feature-wise centre and std. */
    float[][][] standardize(float[][][] img) {
        int rows = img.length;
        int cols = img[0].length;
        int ch = img[0][0].length;
        for (float[][] row : img) {
            for (float[] px : row) {
                for (int c = 0; c < ch; c++) {
                    px[c] *= rescale;
                }
            }
        }
        if (samplewiseCenter || samplewiseStd) {
            double sum = 0;
            double sq = 0;
            for (float[][] row : img) {
                for (float[] px : row) {
                    for (float v : px) {
                        sum += v;
                        sq += (double) v * v;
                    }
                }
            }
            double count = (double) rows * cols * ch;
            double m = sum / count;
            double sd = Math.sqrt(Math.max(0, sq / count - m * m));
            for (float[][] row : img) {
                for (float[] px : row) {
                    for (int c = 0; c < ch; c++) {
                        if (samplewiseCenter) {
                            px[c] -= (float) m;
                        }
                        if (samplewiseStd) {
                            px[c] /= (float) (sd + EPSILON);
                        }
                    }
                }
            }
        }
        if (featurewiseCenter || featurewiseStd) {
            float[] m = java.util.Objects.requireNonNull(mean, "fit(x) first");
            float[] sd = java.util.Objects.requireNonNull(std, "fit(x) first");
            for (float[][] row : img) {
                for (float[] px : row) {
                    for (int c = 0; c < ch; c++) {
                        if (featurewiseCenter) {
                            px[c] -= m[c];
                        }
                        if (featurewiseStd) {
                            px[c] /= (float) (sd[c] + EPSILON);
                        }
                    }
                }
            }
        }
        return img;
    }
}
