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
import org.tensorflow.ndarray.FloatNdArray;

/** The README's Java quickstart, compiled and run as plain Java. */
class QuickstartTest {
    @Test
    void readmeQuickstartTrainsAndPredicts() {
        // README quickstart begins
        Random random = new Random(0);
        float[][] x = new float[1000][20];
        int[] labels = new int[1000];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 20; j++) {
                x[i][j] = random.nextFloat();
            }
            labels[i] = x[i][0] + x[i][1] > 1 ? 1 : 0;
        }
        float[][] y = Utils.toCategorical(labels, 2);

        try (Sequential model = new Sequential(List.of(
                Layers.dense(64).activation("relu").inputDim(20),
                Layers.dropout(0.5),
                Layers.dense(64).activation("relu"),
                Layers.dropout(0.5),
                Layers.dense(2).activation("softmax")))) {
            model.seed(42);
            model.summary();
            model.compile(new SGD().lr(0.1).decay(1e-6).momentum(0.9).nesterov(true),
                    "categorical_crossentropy", List.of("accuracy"));
            History history = model.fit(x, y, FitOptions.epochs(20).batchSize(32).verbose(0));
            List<Double> score = model.evaluate(x, y, 128);
            FloatNdArray probabilities = model.predict(x, 32);
            // README quickstart ends
            assertEquals(20, history.epochs());
            assertTrue(score.get(1) > 0.8, "accuracy " + score.get(1));
            assertEquals(1000L, probabilities.shape().get(0));
        }
    }
}
