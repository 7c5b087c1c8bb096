// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.Shape;
import io.strata.data.DataArray;
import io.strata.mixedprecision.MixedPrecision;
import io.strata.models.Sequential;
import io.strata.training.FitOptions;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Keras's {@code mixed_bfloat16} policy against float32 on W1 (the 784-512-512-10 MLP) and W2 (the
 * convnet), both on Fashion-MNIST in one JVM: throughput in alternating rounds (best round per side)
 * and test accuracy after the same epochs from the same seed.
 */
final class MixedBench {
    private MixedBench() {}

    static void run(FashionMnist train, FashionMnist test, List<String> rows) {
        int n = train.labels().length;
        DataArray x1 = DataArray.of(train.flat(), Shape.of(n, 784));
        DataArray t1 = DataArray.of(test.flat(), Shape.of(test.labels().length, 784));
        compare("W1 MLP 784-512-512-10, batch 128", Workloads::w1, x1, t1, train, test, 5, n, rows);
        DataArray x2 = DataArray.of(train.flat(), Shape.of(n, 28, 28, 1));
        DataArray t2 = DataArray.of(test.flat(), Shape.of(test.labels().length, 28, 28, 1));
        compare("W2 convnet, batch 128", Workloads::w2, x2, t2, train, test, 1, 20 * 128, rows);
    }

    private static Sequential build(LongFunction<Sequential> workload, String policy) {
        MixedPrecision.setGlobalPolicy(policy);
        try {
            return workload.apply(42);
        } finally {
            MixedPrecision.setGlobalPolicy(MixedPrecision.FLOAT32);
        }
    }

    /**
     * Throughput: alternating rounds of {@code roundSamples} samples (one epoch of them) per side, best
     * round each; then accuracy after {@code epochs} full epochs per side.
     */
    private static void compare(String name, LongFunction<Sequential> workload, DataArray x, DataArray xTest,
            FashionMnist train, FashionMnist test, int epochs, int roundSamples, List<String> rows) {
        float[][] y = train.oneHot();
        double[] best = new double[2];
        double[] accuracy = new double[2];
        try (Sequential f32 = build(workload, MixedPrecision.FLOAT32);
                Sequential mixed = build(workload, MixedPrecision.MIXED_BFLOAT16)) {
            Sequential[] sides = {f32, mixed};
            DataArray part = x.slice(0, roundSamples);
            float[][] yPart = java.util.Arrays.copyOf(y, roundSamples);
            long[] marks = new long[2];
            FitOptions round = Bench.timed(FitOptions.epochs(1).batchSize(128).verbose(0).shuffle(false), marks);
            for (Sequential m : sides) {
                m.fit(part, yPart, round);
            }
            for (int r = 0; r < 6; r++) {
                for (int s = 0; s < 2; s++) {
                    sides[s].fit(part, yPart, round);
                    best[s] = Math.max(best[s], roundSamples / ((marks[1] - marks[0]) / 1e9));
                }
            }
        }
        for (int s = 0; s < 2; s++) {
            try (Sequential m = build(workload, s == 0 ? MixedPrecision.FLOAT32 : MixedPrecision.MIXED_BFLOAT16)) {
                m.fit(x, y, FitOptions.epochs(epochs).batchSize(128).verbose(0));
                accuracy[s] = m.evaluate(xTest, test.oneHot(), 1024).get(1);
            }
        }
        System.out.printf(Locale.ROOT, "%s: float32 %.0f samples/s acc %.4f, mixed_bfloat16 %.0f samples/s acc %.4f%n",
                name, best[0], accuracy[0], best[1], accuracy[1]);
        rows.add(String.format(Locale.ROOT, "| %s, mixed_bfloat16 vs float32 (samples/s, best of 6 alternating rounds of %,d;"
                + " test accuracy after %d epoch%s) | %.0f, acc %.4f | %.0f, acc %.4f | %.2f× | – |", name, roundSamples, epochs,
                epochs == 1 ? "" : "s", best[1], accuracy[1], best[0], accuracy[0], best[1] / best[0]));
    }
}
