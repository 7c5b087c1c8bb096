// SPDX-License-Identifier: Apache-2.0
package io.strata.javacallers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.data.Utils;
import io.strata.layers.Layers;
import io.strata.models.Sequential;
import io.strata.optimizers.SGD;
import io.strata.training.FitOptions;
import io.strata.training.History;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The guide's VGG-like convnet and stacked LSTM, written in plain Java. */
class GuideModelsTest {
    private final Random random = new Random(3);

    private float[][][][] images(int n, int h, int w, int c) {
        float[][][][] x = new float[n][h][w][c];
        for (float[][][] image : x) {
            for (float[][] row : image) {
                for (float[] pixel : row) {
                    for (int k = 0; k < c; k++) {
                        pixel[k] = random.nextFloat();
                    }
                }
            }
        }
        return x;
    }

    @Test
    void vggLikeConvnetTrains() {
        float[][][][] x = images(10, 100, 100, 3);
        float[][] y = Utils.toCategorical(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10);
        try (Sequential model = new Sequential(List.of(
                Layers.conv2d(32, 3, 3).activation("relu").inputShape(100, 100, 3),
                Layers.conv2d(32, 3, 3).activation("relu"),
                Layers.maxPooling2d(2, 2),
                Layers.dropout(0.25),
                Layers.conv2d(64, 3, 3).activation("relu"),
                Layers.conv2d(64, 3, 3).activation("relu"),
                Layers.maxPooling2d(2, 2),
                Layers.dropout(0.25),
                Layers.flatten(),
                Layers.dense(256).activation("relu"),
                Layers.dropout(0.5),
                Layers.dense(10).activation("softmax")))) {
            model.seed(1);
            model.compile(new SGD().lr(0.01).decay(1e-6).momentum(0.9).nesterov(true), "categorical_crossentropy",
                    List.of());
            History h = model.fit(x, y, FitOptions.epochs(4).batchSize(10).verbose(0));
            double[] loss = h.metric("loss");
            assertTrue(loss[loss.length - 1] < loss[0], "loss should go down: " + java.util.Arrays.toString(loss));
            assertEquals(7_998_250L, model.countParams());
        }
    }

    @Test
    void stackedLstmTrains() {
        int n = 128;
        float[][][] x = new float[n][8][16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (float[] step : x[i]) {
                for (int j = 0; j < 16; j++) {
                    step[j] = random.nextFloat();
                }
            }
            labels[i] = i % 10;
        }
        try (Sequential model = new Sequential(List.of(
                Layers.lstm(32).returnSequences(true).inputShape(8, 16),
                Layers.lstm(32).returnSequences(true),
                Layers.lstm(32),
                Layers.dense(10).activation("softmax")))) {
            model.seed(2);
            model.compile("rmsprop", "categorical_crossentropy", List.of("accuracy"));
            History h = model.fit(x, Utils.toCategorical(labels, 10), FitOptions.epochs(5).batchSize(64).verbose(0));
            double[] loss = h.metric("loss");
            assertTrue(loss[loss.length - 1] < loss[0], "loss should go down: " + java.util.Arrays.toString(loss));
            assertEquals("(None, 8, 32)", model.outputShape(0).toString());
        }
    }
}
