// SPDX-License-Identifier: Apache-2.0
package io.strata.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The UCI optical recognition of handwritten digits data set (test part, 1,797 8x8 images, classes
 * 0–9), embedded as {@code digits.csv.gz}. Source: E. Alpaydin and C. Kaynak, UCI Machine Learning
 * Repository, CC BY 4.0; see {@code DIGITS-LICENSE.rst} next to the data.
 *
 * @param x pixel values scaled to {@code [0, 1]}, one row of 64 per image
 * @param labels the digit of each image
 */
public record Digits(float[][] x, int[] labels) {
    /** The number of classes. */
    public static final int CLASSES = 10;

    /** Loads the embedded data set. */
    public static Digits load() {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (InputStream raw = Digits.class.getResourceAsStream("digits.csv.gz")) {
            if (raw == null) {
                throw new IllegalStateException("digits.csv.gz is missing from the class path");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                float[] row = new float[f.length - 1];
                for (int i = 0; i < row.length; i++) {
                    row[i] = Float.parseFloat(f[i]) / 16f;
                }
                rows.add(row);
                labels.add(Integer.parseInt(f[f.length - 1].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Digits(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** This set in a random order fixed by {@code seed}. */
    public Digits shuffled(long seed) {
        int n = size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[][] xs = new float[n][];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[order[i]];
            ys[i] = labels[order[i]];
        }
        return new Digits(xs, ys);
    }

    /** Images {@code [from, to)}. */
    public Digits range(int from, int to) {
        return new Digits(java.util.Arrays.copyOfRange(x, from, to), java.util.Arrays.copyOfRange(labels, from, to));
    }
}
