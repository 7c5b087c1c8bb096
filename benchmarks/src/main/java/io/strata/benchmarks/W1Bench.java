// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.models.Sequential;
import io.strata.training.FitOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.proto.ConfigProto;

/** W1, the 784-512-512-10 MLP on Fashion-MNIST (batch 128, RMSprop), against the raw TF Java ceiling. */
final class W1Bench {
    private W1Bench() {}

    static void run(FashionMnist train, FashionMnist test, ConfigProto config, List<String> rows) {
        float[][] y = train.oneHot();
        float[] xs = train.flat();
        float[] ys = Bench.flat(y);
        int n = train.labels().length;
        io.strata.data.DataArray flatX = io.strata.data.DataArray.of(xs, io.strata.Shape.of(n, 784));
        io.strata.data.DataArray flatY = io.strata.data.DataArray.of(ys, io.strata.Shape.of(n, 10));
        try (Sequential model = Workloads.w1(42);
                Sequential unshuffled = Workloads.w1(42);
                RawMlp raw = new RawMlp(new int[] {784, 512, 512, 10}, "relu", 0.2f, RawMlp.Optimizer.RMSPROP, 42, config)) {
            // Two comparisons of equal work, as W6's: shuffled every epoch (Keras's default; the ceiling
            // gathers the same kind of shuffled rows of float[][] into its input tensors) and not shuffled
            // (both read consecutive samples of one flat array). The first round (one epoch of each side)
            // is the warm-up and gives fit's one-time set-up; then the four sides alternate one epoch at a
            // time, six rounds, and the best epoch of each counts: this machine's throughput drifts by a
            // fifth or more from one epoch to the next, so back-to-back blocks of each side measured the drift.
            long[] marks = new long[2];
            FitOptions oneEpoch = Bench.timed(FitOptions.epochs(1).batchSize(128).verbose(0), marks);
            FitOptions inOrder = Bench.timed(FitOptions.epochs(1).batchSize(128).verbose(0).shuffle(false), marks);
            Random order = new Random(42);
            int[] index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = i;
            }
            double[][] best = new double[4][7];
            double setupMs = 0;
            double acc = 0;
            for (int round = 0; round < 7; round++) {
                long fitStart = System.nanoTime();
                model.fit(train.x(), y, oneEpoch);
                best[0][round] = n / ((marks[1] - marks[0]) / 1e9);
                setupMs = round == 0 ? (marks[0] - fitStart) / 1e6 : setupMs;
                if (round == 4) {
                    // The accuracy figure after five shuffled epochs, as before (outside the timed epochs).
                    acc = model.evaluate(test.x(), test.oneHot(), 1024).get(1);
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = order.nextInt(i + 1);
                    int t = index[i];
                    index[i] = index[j];
                    index[j] = t;
                }
                long t0 = System.nanoTime();
                for (int from = 0; from < n; from += 128) {
                    raw.trainStepRows(train.x(), y, Arrays.copyOfRange(index, from, Math.min(n, from + 128)));
                }
                best[1][round] = n / ((System.nanoTime() - t0) / 1e9);
                unshuffled.fit(flatX, flatY, inOrder);
                best[2][round] = n / ((marks[1] - marks[0]) / 1e9);
                t0 = System.nanoTime();
                Bench.rawEpoch(raw, xs, ys, n, 128);
                best[3][round] = n / ((System.nanoTime() - t0) / 1e9);
            }
            double[] b = new double[4];
            for (int k = 0; k < 4; k++) {
                b[k] = Arrays.stream(best[k], 1, 7).max().orElseThrow();
            }
            System.out.printf("W1 samples/s per round (the first the warm-up), fit set-up %.0f ms:%n  strata shuffled %s%n"
                    + "  ceiling shuffled %s%n  strata not shuffled %s%n  ceiling not shuffled %s%n", setupMs,
                    Arrays.toString(best[0]), Arrays.toString(best[1]), Arrays.toString(best[2]), Arrays.toString(best[3]));
            rows.add(String.format(Locale.ROOT, "| W1 train throughput, shuffled every epoch (Keras's default; the ceiling gathers "
                    + "the shuffled rows too) (samples/s, best of 6 alternating epochs) | %.0f | %.0f | %.2f× | ≥ 1.0× |", b[0], b[1], b[0] / b[1]));
            rows.add(String.format(Locale.ROOT, "| W1 train throughput, not shuffled (both read one flat array in order) "
                    + "(samples/s, best of 6 alternating epochs) | %.0f | %.0f | %.2f× | ≥ 1.0× |", b[2], b[3], b[2] / b[3]));
            rows.add(String.format(Locale.ROOT, "| W1 Strata shuffled against the ceiling not shuffled (unequal work: the "
                    + "gather of shuffled rows is Strata's alone) | %.0f | %.0f | %.2f× | – |", b[0], b[3], b[0] / b[3]));
            rows.add(String.format(Locale.ROOT, "| W1 fit set-up: convert + upload 60,000 × 784 (ms, once per fit) | %.0f | – | – | – |",
                    setupMs));
            System.out.printf("W1 test accuracy after 5 epochs: %.4f%n", acc);
            rows.add(String.format(Locale.ROOT, "| W1 test accuracy after 5 epochs | %.4f | – | – | ≥ 0.85 |", acc));
        }
    }
}
