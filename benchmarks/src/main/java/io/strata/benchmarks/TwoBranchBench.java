// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.models.Sequential;
import io.strata.training.FitOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.proto.ConfigProto;

/** W6: the guide's two-branch Merge model against the raw TF Java program of the same graph. */
final class TwoBranchBench {
    private TwoBranchBench() {}

    /**
     * W6, the guide's two-branch Merge model, Fashion-MNIST pixels fed to both branches, against a raw TF
     * Java program of the same graph (two inputs, two Dense 32, concat, Dense 10, fused RMSprop). Two
     * comparisons of equal work: both sides shuffle every epoch (Keras's default, the ceiling writing the
     * shuffled rows straight into its input tensors as Strata does), and neither does (the ceiling feeding
     * slices of one flat array). The two sides alternate one epoch at a time and the best epoch of each
     * counts (this machine's throughput varies by a third from one epoch to the next).
     */
    static void run(FashionMnist train, ConfigProto config, List<String> rows) {
        float[][] y = train.oneHot();
        float[] xs = train.flat();
        float[] ys = Bench.flat(y);
        int n = train.labels().length;
        float[][] pixels = train.x();
        for (boolean shuffle : new boolean[] {true, false}) {
            try (Sequential model = Workloads.twoBranch(42); RawGraph raw = RawModels.twoBranch(42, config)) {
                Random order = new Random(42);
                int[] index = new int[n];
                for (int i = 0; i < n; i++) {
                    index[i] = i;
                }
                // Alternating one-epoch rounds, the first of each side a warm-up; the best of each side is kept.
                double best = 0;
                double bestRaw = 0;
                for (int round = 0; round < 7; round++) {
                    long[] marks = new long[2];
                    // Unshuffled, both sides read flat arrays; shuffled, both read the rows of float[][].
                    Object in = shuffle ? pixels : io.strata.data.DataArray.of(xs, io.strata.Shape.of(n, 784));
                    Object target = shuffle ? y : io.strata.data.DataArray.of(ys, io.strata.Shape.of(n, 10));
                    model.fit(List.of(in, in), target, Bench.timed(FitOptions.epochs(1).batchSize(128).verbose(0).shuffle(shuffle),
                            marks));
                    long t0 = System.nanoTime();
                    if (shuffle) {
                        for (int i = n - 1; i > 0; i--) {
                            int j = order.nextInt(i + 1);
                            int t = index[i];
                            index[i] = index[j];
                            index[j] = t;
                        }
                        for (int from = 0; from < n; from += 128) {
                            raw.trainStepRows(pixels, y, Arrays.copyOfRange(index, from, Math.min(n, from + 128)));
                        }
                    } else {
                        for (int from = 0; from < n; from += 128) {
                            raw.trainStep(xs, ys, from, Math.min(128, n - from));
                        }
                    }
                    double c = n / ((System.nanoTime() - t0) / 1e9);
                    double s = n / ((marks[1] - marks[0]) / 1e9);
                    if (round > 0) {
                        best = Math.max(best, s);
                        bestRaw = Math.max(bestRaw, c);
                    }
                    System.out.printf("W6 shuffle=%s round %d: strata %.0f samples/s, ceiling %.0f samples/s%n", shuffle, round, s, c);
                }
                rows.add(String.format(Locale.ROOT, "| W6 two-branch Merge model throughput, %s (samples/s, best of 6 alternating epochs) | %.0f | %.0f | %.2f× | ≥ 0.9× |",
                        shuffle ? "shuffled every epoch" : "not shuffled", best, bestRaw, best / bestRaw));
            }
        }
    }
}
