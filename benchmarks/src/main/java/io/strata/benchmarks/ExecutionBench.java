// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.models.Sequential;
import io.strata.training.CompileOptions;
import io.strata.training.FitOptions;
import java.util.List;
import java.util.Locale;
import org.tensorflow.proto.ConfigProto;

/**
 * W4 with Keras's {@code steps_per_execution=32} against the raw TF Java ceiling (one
 * {@code Session.run} per step) and against Strata with one step per execution, in short alternating
 * rounds in one JVM: the best round of each side. With {@code jit_compile="auto"} (the default) the
 * 32 steps run as XLA-compiled groups on the CPU; a second model with {@code jit_compile=False} shows
 * what the executions alone give.
 */
final class ExecutionBench {
    private ExecutionBench() {}

    static void run(ConfigProto config, List<String> rows) {
        Workloads.W4Data d = Workloads.W4Data.make();
        int n = d.x().length;
        try (Sequential single = Workloads.w4(42);
                Sequential many = Workloads.w4(42, CompileOptions.defaults().stepsPerExecution(32));
                Sequential plain = Workloads.w4(42, CompileOptions.defaults().stepsPerExecution(32).jitCompile(false));
                RawMlp raw = new RawMlp(new int[] {20, 64, 64, 10}, "tanh", 0.5f, RawMlp.Optimizer.SGD_NESTEROV, 42, config)) {
            FitOptions epoch = FitOptions.epochs(1).batchSize(32).verbose(0);
            long c0 = System.nanoTime();
            many.fit(d.x(), d.y(), epoch);
            double firstEpoch = (System.nanoTime() - c0) / 1e9;
            for (int e = 0; e < 3; e++) {
                single.fit(d.x(), d.y(), epoch);
                many.fit(d.x(), d.y(), epoch);
                plain.fit(d.x(), d.y(), epoch);
                rawEpoch(raw, d.xs(), d.ys(), n);
            }
            double bestRaw = Double.MAX_VALUE;
            double bestSingle = Double.MAX_VALUE;
            double bestMany = Double.MAX_VALUE;
            double bestPlain = Double.MAX_VALUE;
            FitOptions two = FitOptions.epochs(2).batchSize(32).verbose(0);
            for (int rep = 0; rep < 15; rep++) {
                long t0 = System.nanoTime();
                rawEpoch(raw, d.xs(), d.ys(), n);
                rawEpoch(raw, d.xs(), d.ys(), n);
                bestRaw = Math.min(bestRaw, (System.nanoTime() - t0) / 1e3 / (2.0 * n / 32));
                t0 = System.nanoTime();
                single.fit(d.x(), d.y(), two);
                bestSingle = Math.min(bestSingle, (System.nanoTime() - t0) / 1e3 / (2.0 * n / 32));
                t0 = System.nanoTime();
                many.fit(d.x(), d.y(), two);
                bestMany = Math.min(bestMany, (System.nanoTime() - t0) / 1e3 / (2.0 * n / 32));
                t0 = System.nanoTime();
                plain.fit(d.x(), d.y(), two);
                bestPlain = Math.min(bestPlain, (System.nanoTime() - t0) / 1e3 / (2.0 * n / 32));
            }
            System.out.printf(Locale.ROOT, "W4 steps_per_execution=32 %.1f us/step (jit_compile=False %.1f), =1 %.1f us/step,"
                    + " ceiling %.1f us/step; first epoch with XLA's compile %.1f s%n", bestMany, bestPlain, bestSingle, bestRaw, firstEpoch);
            rows.add(String.format(Locale.ROOT, "| W4 training step, steps_per_execution=32, jit_compile auto = XLA (µs, best of 15 rounds"
                    + " of 200 steps; =1: %.0f µs; first epoch with the compile %.1f s) | %.0f | %.0f | %.2f× | ≤ 0.5× |",
                    bestSingle, firstEpoch, bestMany, bestRaw, bestMany / bestRaw));
            rows.add(String.format(Locale.ROOT, "| W4 training step, steps_per_execution=32, jit_compile=False (µs) | %.0f | %.0f | %.2f× | – |",
                    bestPlain, bestRaw, bestPlain / bestRaw));
        }
    }

    private static void rawEpoch(RawMlp raw, float[] xs, float[] ys, int n) {
        for (int from = 0; from < n; from += 32) {
            raw.trainStep(xs, ys, from, Math.min(32, n - from));
        }
    }
}
