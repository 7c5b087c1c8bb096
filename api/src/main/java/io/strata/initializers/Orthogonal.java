// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.saving.Config;
import io.strata.saving.KerasSerializable;
import java.util.Random;

/**
 * Keras's {@code Orthogonal}: a random orthogonal matrix (Saxe et al., 2014) times {@code gain}.
 * The weight is viewed as a matrix of {@code shape[0]} rows and the product of the other dimensions
 * as columns; the shorter side gets orthonormal vectors, drawn from a Gaussian matrix and
 * orthonormalised by modified Gram–Schmidt (the Haar distribution, as Keras's SVD gives).
 *
 * @param gain the multiplicative factor
 */
public record Orthogonal(double gain) implements Initializer, KerasSerializable {
    /** Keras's default gain of 1. */
    public Orthogonal() {
        this(1.0);
    }

    @Override
    public float[] generate(Shape shape, Random random) {
        if (shape.rank() < 2) {
            throw new InvalidConfigException("Orthogonal initializer needs a weight of rank >= 2, got shape "
                    + shape + ". Use it for kernels, not biases.");
        }
        int rows = Math.toIntExact(shape.dim(0));
        int cols = Math.toIntExact(shape.size() / rows);
        boolean byRows = rows <= cols;
        int vectors = byRows ? rows : cols;
        int length = byRows ? cols : rows;
        double[][] v = new double[vectors][length];
        for (double[] row : v) {
            for (int j = 0; j < length; j++) {
                row[j] = random.nextGaussian();
            }
        }
        for (int i = 0; i < vectors; i++) {
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < length; j++) {
                    dot += v[i][j] * v[k][j];
                }
                for (int j = 0; j < length; j++) {
                    v[i][j] -= dot * v[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < length; j++) {
                norm += v[i][j] * v[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < length; j++) {
                v[i][j] /= norm;
            }
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) (gain * (byRows ? v[r][c] : v[c][r]));
            }
        }
        return out;
    }

    @Override
    public String id() {
        return "orthogonal";
    }

    @Override
    public String kerasClassName() {
        return "Orthogonal";
    }

    @Override
    public Config getConfig() {
        return Config.create().put("gain", gain).put("seed", null);
    }

    /** Keras's {@code Orthogonal.from_config}. */
    public static Orthogonal fromConfig(Config c) {
        return new Orthogonal(c.number("gain", 1.0));
    }
}
