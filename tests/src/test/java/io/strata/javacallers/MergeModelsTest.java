// SPDX-License-Identifier: Apache-2.0
package io.strata.javacallers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.data.Utils;
import io.strata.layers.Input;
import io.strata.layers.Layers;
import io.strata.layers.SymbolicTensor;
import io.strata.models.Merge;
import io.strata.models.Model;
import io.strata.models.Sequential;
import io.strata.training.FitOptions;
import io.strata.training.History;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The guide's Merge models and a functional model, written in plain Java. */
class MergeModelsTest {
    private final Random random = new Random(11);

    private float[][] random(int n, int d) {
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextFloat();
            }
        }
        return x;
    }

    private float[][][] sequences(int n, int t, int d) {
        float[][][] x = new float[n][][];
        for (int i = 0; i < n; i++) {
            x[i] = random(t, d);
        }
        return x;
    }

    @Test
    void twoBranchMergeTrainsOnTwoInputs() {
        Sequential leftBranch = new Sequential();
        leftBranch.add(Layers.dense(32).inputDim(784));
        Sequential rightBranch = new Sequential();
        rightBranch.add(Layers.dense(32).inputDim(784));
        Merge merged = new Merge(List.of(leftBranch, rightBranch), "concat");
        try (Sequential finalModel = new Sequential()) {
            finalModel.add(merged);
            finalModel.add(Layers.dense(10).activation("softmax"));
            finalModel.seed(1);
            finalModel.compile("rmsprop", "categorical_crossentropy", List.of("accuracy"));
            float[][] data1 = random(500, 784);
            float[][] data2 = random(500, 784);
            int[] labels = new int[500];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data1[i][0] > 0.5f ? (data2[i][0] > 0.5f ? 3 : 7) : 1;
            }
            History history = finalModel.fit(List.of(data1, data2), Utils.toCategorical(labels, 10),
                    FitOptions.epochs(5).batchSize(32).verbose(0));
            double[] loss = history.metric("loss");
            assertTrue(loss[loss.length - 1] < loss[0], "the loss goes down: " + java.util.Arrays.toString(loss));
            assertEquals(List.of("merge_1", "dense_3"), finalModel.layerNames());
            assertEquals(2 * (784 * 32 + 32) + 64 * 10 + 10, finalModel.countParams());
        }
    }

    @Test
    void twoMergedLstmEncodersWithValidationData() {
        int dataDim = 16;
        int timesteps = 8;
        int nbClasses = 10;
        Sequential encoderA = new Sequential(List.of(Layers.lstm(32).inputShape(timesteps, dataDim)));
        Sequential encoderB = new Sequential(List.of(Layers.lstm(32).inputShape(timesteps, dataDim)));
        try (Sequential decoder = new Sequential(List.of(
                new Merge(List.of(encoderA, encoderB), "concat"),
                Layers.dense(32).activation("relu"),
                Layers.dense(nbClasses).activation("softmax")))) {
            decoder.seed(2);
            decoder.compile("rmsprop", "categorical_crossentropy", List.of("accuracy"));
            History history = decoder.fit(List.of(sequences(200, timesteps, dataDim), sequences(200, timesteps, dataDim)),
                    random(200, nbClasses), FitOptions.defaults().nbEpoch(5).batchSize(64).verbose(0)
                            .validationData(List.of(sequences(40, timesteps, dataDim), sequences(40, timesteps, dataDim)),
                                    random(40, nbClasses)));
            double[] loss = history.metric("loss");
            assertTrue(loss[loss.length - 1] < loss[0], "the loss goes down: " + java.util.Arrays.toString(loss));
            assertEquals(5, history.metric("val_accuracy").length);
        }
    }

    @Test
    void functionalModelWithSharedLayerAndTwoOutputs() {
        SymbolicTensor a = Input.named("a", 8);
        SymbolicTensor b = Input.named("b", 8);
        var shared = Layers.dense(16).activation("relu");
        SymbolicTensor joined = Layers.concatenate().apply(shared.apply(a), shared.apply(b));
        SymbolicTensor score = Layers.dense(1).activation("sigmoid").name("score").apply(joined);
        SymbolicTensor value = Layers.dense(2).name("value").apply(joined);
        try (Model model = new Model(List.of(a, b), List.of(score, value))) {
            model.seed(3);
            model.compile("adam", java.util.Map.of("score", "binary_crossentropy", "value", "mse"), List.of("accuracy"),
                    java.util.Map.of("value", 0.5));
            float[][] xa = random(64, 8);
            float[][] xb = random(64, 8);
            float[][] yScore = new float[64][1];
            for (int i = 0; i < 64; i++) {
                yScore[i][0] = xa[i][0] > xb[i][0] ? 1f : 0f;
            }
            History history = model.fit(java.util.Map.of("a", xa, "b", xb), List.of(yScore, random(64, 2)),
                    FitOptions.epochs(4).batchSize(16).verbose(0));
            assertEquals(List.of("loss", "score_loss", "value_loss", "score_accuracy", "value_accuracy"), history.metricNames());
            assertEquals(2, model.predictOutputs(List.of(xa, xb), 32).size());
            assertEquals(6, model.getWeights().size());
        }
    }
}
