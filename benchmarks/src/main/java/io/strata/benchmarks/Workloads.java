// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.layers.Layers;
import io.strata.models.Merge;
import io.strata.models.Sequential;
import io.strata.optimizers.RMSprop;
import io.strata.optimizers.SGD;
import io.strata.training.CompileOptions;
import java.util.List;

/** The benchmark models, as Strata builds them. */
final class Workloads {
    private Workloads() {}

    /** W1: Dense 512 relu (784 in), Dropout 0.2, Dense 512 relu, Dropout 0.2, Dense 10 softmax; RMSprop. */
    static Sequential w1(long seed) {
        return w1(seed, CompileOptions.defaults());
    }

    /** W1 compiled with {@code options} ({@code steps_per_execution}, {@code jit_compile}). */
    static Sequential w1(long seed, CompileOptions options) {
        Sequential m = new Sequential(List.of(
                Layers.dense(512).activation("relu").inputShape(784),
                Layers.dropout(0.2),
                Layers.dense(512).activation("relu"),
                Layers.dropout(0.2),
                Layers.dense(10).activation("softmax"))).seed(seed);
        m.compile(new RMSprop(), "categorical_crossentropy", List.of("accuracy"), null, options);
        return m;
    }

    /** W4: the guide's Dense 64 tanh (20 in), Dropout 0.5, Dense 64 tanh, Dropout 0.5, Dense 10 softmax; SGD nesterov. */
    static Sequential w4(long seed) {
        return w4(seed, CompileOptions.defaults());
    }

    /** W4 compiled with {@code options} ({@code steps_per_execution}, {@code jit_compile}). */
    static Sequential w4(long seed, CompileOptions options) {
        Sequential m = new Sequential(List.of(
                Layers.dense(64).activation("tanh").inputDim(20),
                Layers.dropout(0.5),
                Layers.dense(64).activation("tanh"),
                Layers.dropout(0.5),
                Layers.dense(10).activation("softmax"))).seed(seed);
        m.compile(new SGD().lr(0.1).decay(1e-6).momentum(0.9).nesterov(true), "categorical_crossentropy",
                List.of("accuracy"), null, options);
        return m;
    }

    /** W2: Conv2D 32 3x3 relu (28x28x1) → Conv2D 64 3x3 relu → MaxPooling 2 → Dropout 0.25 → Flatten → Dense 128 relu → Dropout 0.5 → Dense 10 softmax; Adam. */
    static Sequential w2(long seed) {
        return w2(seed, CompileOptions.defaults());
    }

    /** W2 compiled with {@code options} ({@code steps_per_execution}, {@code jit_compile}). */
    static Sequential w2(long seed, CompileOptions options) {
        Sequential m = new Sequential(List.of(
                Layers.conv2d(32, 3, 3).activation("relu").inputShape(28, 28, 1),
                Layers.conv2d(64, 3, 3).activation("relu"),
                Layers.maxPooling2d(2, 2),
                Layers.dropout(0.25),
                Layers.flatten(),
                Layers.dense(128).activation("relu"),
                Layers.dropout(0.5),
                Layers.dense(10).activation("softmax"))).seed(seed);
        m.compile("adam", "categorical_crossentropy", List.of("accuracy"), null, options);
        return m;
    }

    /** W3: the guide's stacked LSTM, 3 x LSTM(32) over 8 steps of 16 features, Dense 10 softmax; RMSprop. */
    static Sequential w3(long seed) {
        return w3(seed, CompileOptions.defaults());
    }

    /** W3 compiled with {@code options} ({@code steps_per_execution}, {@code jit_compile}). */
    static Sequential w3(long seed, CompileOptions options) {
        Sequential m = new Sequential(List.of(
                Layers.lstm(32).returnSequences(true).inputShape(8, 16),
                Layers.lstm(32).returnSequences(true),
                Layers.lstm(32),
                Layers.dense(10).activation("softmax"))).seed(seed);
        m.compile("rmsprop", "categorical_crossentropy", List.of("accuracy"), null, options);
        return m;
    }

    /** The IMDB-like model: Embedding 20000 x 128 → LSTM 128 → Dense 1 sigmoid; Adam. */
    static Sequential imdb(int timesteps, long seed) {
        Sequential m = new Sequential(List.of(
                Layers.embedding(20000, 128).inputLength(timesteps),
                Layers.lstm(128),
                Layers.dense(1).activation("sigmoid"))).seed(seed);
        m.compile("adam", "binary_crossentropy", List.of("accuracy"));
        return m;
    }

    /** W6: the guide's two-branch model: Dense 32 (784 in) on each branch, Merge concat, Dense 10 softmax; RMSprop. */
    static Sequential twoBranch(long seed) {
        Sequential left = new Sequential(List.of(Layers.dense(32).inputDim(784)));
        Sequential right = new Sequential(List.of(Layers.dense(32).inputDim(784)));
        Sequential m = new Sequential(List.of(
                new Merge(List.of(left, right), "concat"),
                Layers.dense(10).activation("softmax"))).seed(seed);
        m.compile(new RMSprop(), "categorical_crossentropy", List.of("accuracy"));
        return m;
    }

    /** W4's data: 3,200 samples of 20 uniform features, one-hot targets of 10 classes, nested and flat. */
    record W4Data(float[][] x, float[][] y, float[] xs, float[] ys) {
        static W4Data make() {
            java.util.Random r = new java.util.Random(3);
            int n = 3200;
            float[][] x = new float[n][20];
            float[][] y = new float[n][10];
            float[] xs = new float[n * 20];
            float[] ys = new float[n * 10];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 20; j++) {
                    x[i][j] = r.nextFloat();
                    xs[i * 20 + j] = x[i][j];
                }
                int c = r.nextInt(10);
                y[i][c] = 1f;
                ys[i * 10 + c] = 1f;
            }
            return new W4Data(x, y, xs, ys);
        }
    }

    /** W3's data: 3,200 sequences of 8 steps of 16 uniform features, one-hot targets of 10 classes. */
    record W3Data(float[] xs, float[] ys, io.strata.data.DataArray x, io.strata.data.DataArray y) {
        static W3Data make() {
            java.util.Random r = new java.util.Random(5);
            int n = 64 * 50;
            float[] xs = new float[n * 8 * 16];
            float[] ys = new float[n * 10];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = r.nextFloat();
            }
            for (int i = 0; i < n; i++) {
                ys[i * 10 + r.nextInt(10)] = 1f;
            }
            return new W3Data(xs, ys, io.strata.data.DataArray.of(xs, io.strata.Shape.of(n, 8, 16)),
                    io.strata.data.DataArray.of(ys, io.strata.Shape.of(n, 10)));
        }
    }
}
