// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.Shape;
import io.strata.data.DataArray;
import io.strata.models.Sequential;
import io.strata.training.CompileOptions;
import io.strata.training.FitOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keras's {@code jit_compile=True} against {@code False} for each workload, both sides Strata in one
 * JVM with the same settings: a warm-up (XLA's compilation included) and then alternating rounds, best
 * round per side. What {@code jit_compile="auto"} chooses on the CPU rests on these rows.
 */
final class JitBench {
    private JitBench() {}

    /** One model per side, built with {@code jit_compile} on or off. */
    private interface Workload {
        Sequential build(CompileOptions options);
    }

    /** One timed round on a model: seconds per unit (step or sample). */
    private interface Round {
        double run(Sequential m);
    }

    static void run(List<String> which, List<String> rows) throws java.io.IOException {
        if (which.contains("jit1") || which.contains("jit2")) {
            FashionMnist train = FashionMnist.train();
            int n = 20 * 128;
            float[][] y = Arrays.copyOf(train.oneHot(), n);
            if (which.contains("jit1")) {
                DataArray x = DataArray.of(train.flat(), Shape.of(train.labels().length, 784)).slice(0, n);
                compare("W1 MLP, train (µs/sample; rounds of 20 batches of 128)", o -> Workloads.w1(42, o),
                        epochs(x, y, 128, n), 1e6, rows);
                compare("W1 MLP, steps_per_execution=32, train (µs/sample; rounds of 20 batches of 128)",
                        o -> Workloads.w1(42, o.stepsPerExecution(32)), epochs(x, y, 128, n), 1e6, rows);
                float[][] one = {train.x()[0]};
                compare("W5 predict, 1 sample (µs; median of 500 calls)", o -> Workloads.w1(42, o), medianOf(500, m -> m.predict(one, 1)),
                        1e6, rows);
                float[][] batch = Arrays.copyOf(train.x(), 32);
                compare("W1 predict, a batch of 32 (µs; median of 200 calls)", o -> Workloads.w1(42, o), medianOf(200, m -> m.predict(batch, 32)),
                        1e6, rows);
            }
            if (which.contains("jit2")) {
                DataArray x = DataArray.of(train.flat(), Shape.of(train.labels().length, 28, 28, 1)).slice(0, n);
                compare("W2 convnet, train (µs/sample; rounds of 20 batches of 128)", o -> Workloads.w2(42, o),
                        epochs(x, y, 128, n), 1e6, rows);
            }
        }
        if (which.contains("jit3")) {
            Workloads.W3Data d = Workloads.W3Data.make();
            compare("W3 stacked LSTM, train (ms/step; rounds of 50 steps of 64)", o -> Workloads.w3(42, o),
                    epochs(d.x(), d.y(), 64, 50), 1e3, rows);
        }
        if (which.contains("jit4")) {
            Workloads.W4Data d = Workloads.W4Data.make();
            float[][] x = d.x();
            float[][] y = d.y();
            compare("W4 MLP, train (µs/step; rounds of 100 steps of 32)", o -> Workloads.w4(42, o),
                    epochs(x, y, 32, 100), 1e6, rows);
            compare("W4 MLP, steps_per_execution=32, train (µs/step; rounds of 100 steps of 32)",
                    o -> Workloads.w4(42, o.stepsPerExecution(32)), epochs(x, y, 32, 100), 1e6, rows);
            float[][] one = {x[0]};
            compare("W4 predict, 1 sample (µs; median of 500 calls)", o -> Workloads.w4(42, o), medianOf(500, m -> m.predict(one, 1)),
                    1e6, rows);
        }
    }

    /** A round of {@code calls} calls of {@code call}: the median call's seconds. */
    private static Round medianOf(int calls, java.util.function.Consumer<Sequential> call) {
        return m -> {
            long[] t = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                call.accept(m);
                t[i] = System.nanoTime() - t0;
            }
            Arrays.sort(t);
            return t[calls / 2] / 1e9;
        };
    }

    /** A round of one epoch over {@code x}: seconds per {@code units} (samples or steps) of it. */
    private static Round epochs(Object x, Object y, int batch, int units) {
        long[] marks = new long[2];
        FitOptions one = Bench.timed(FitOptions.epochs(1).batchSize(batch).verbose(0).shuffle(false), marks);
        return m -> {
            m.fit(x, y, one);
            return (marks[1] - marks[0]) / 1e9 / units;
        };
    }

    private static void compare(String name, Workload workload, Round round, double scale, List<String> rows) {
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        double firstJit;
        try (Sequential off = workload.build(CompileOptions.defaults().jitCompile(false));
                Sequential on = workload.build(CompileOptions.defaults().jitCompile(true))) {
            Sequential[] sides = {off, on};
            round.run(off);
            long t0 = System.nanoTime();
            round.run(on);
            firstJit = (System.nanoTime() - t0) / 1e9;
            for (int r = 0; r < 8; r++) {
                for (int k = 0; k < 2; k++) {
                    int s = r % 2 == 0 ? k : 1 - k; // which side goes first alternates
                    best[s] = Math.min(best[s], round.run(sides[s]));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: jit off %.1f, on %.1f (first round with XLA's compile %.1f s)%n", name,
                best[0] * scale, best[1] * scale, firstJit);
        rows.add(String.format(Locale.ROOT, "| %s, jit_compile=True vs False (first round with XLA's compile: %.1f s) | %.1f | %.1f | %.2f× | – |",
                name, firstJit, best[1] * scale, best[0] * scale, best[1] / best[0]));
    }
}
