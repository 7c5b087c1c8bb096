// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.models.Sequential;
import io.strata.training.FitOptions;
import io.strata.training.TrainingEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.tensorflow.proto.ConfigProto;

/** W6: the guide's two-branch Merge model against the raw TF Java program of the same graph. */
final class TwoBranchBench {
    private TwoBranchBench() {}

    /**
     * W6, the guide's two-branch Merge model, Fashion-MNIST pixels fed to both branches, against a raw TF
     * Java program of the same graph (two inputs, two Dense 32, concat, Dense 10, fused RMSprop). Two
     * comparisons of equal work: both sides shuffle every epoch (Keras's default, the ceiling gathering
     * the shuffled rows into its input tensors), and neither does (the ceiling feeding slices of one flat
     * array). After a warm-up (a two-epoch fit, one ceiling epoch), Strata runs one fit of seven epochs
     * on its own thread, as a user would, and the sides take turns one epoch at a time; the best epoch
     * of each counts (this machine's throughput varies by a third from one epoch to the next).
     */
    static void run(FashionMnist train, ConfigProto config, List<String> rows) throws Exception {
        float[][] y = train.oneHot();
        float[] xs = train.flat();
        float[] ys = Bench.flat(y);
        int n = train.labels().length;
        float[][] pixels = train.x();
        int epochs = 7;
        for (boolean shuffle : new boolean[] {true, false}) {
            try (Sequential model = Workloads.twoBranch(42); RawGraph raw = RawModels.twoBranch(42, config)) {
                Random order = new Random(42);
                int[] index = new int[n];
                for (int i = 0; i < n; i++) {
                    index[i] = i;
                }
                // Unshuffled, both sides read flat arrays; shuffled, both read the rows of float[][].
                Object in = shuffle ? pixels : io.strata.data.DataArray.of(xs, io.strata.Shape.of(n, 784));
                Object target = shuffle ? y : io.strata.data.DataArray.of(ys, io.strata.Shape.of(n, 10));
                model.fit(List.of(in, in), target, FitOptions.epochs(2).batchSize(128).verbose(0).shuffle(shuffle));
                rawEpoch(raw, pixels, y, xs, ys, index, order, shuffle);
                Semaphore strataTurn = new Semaphore(1);
                Semaphore ceilingTurn = new Semaphore(0);
                double[] strata = new double[epochs];
                double[] ceiling = new double[epochs];
                long[] started = new long[1];
                int[] epoch = new int[1];
                FitOptions long7 = FitOptions.epochs(epochs).batchSize(128).verbose(0).shuffle(shuffle).listener(e -> {
                    if (e instanceof TrainingEvent.EpochStarted) {
                        strataTurn.acquireUninterruptibly();
                        started[0] = System.nanoTime();
                    } else if (e instanceof TrainingEvent.EpochEnded) {
                        strata[epoch[0]++] = n / ((System.nanoTime() - started[0]) / 1e9);
                        ceilingTurn.release();
                    }
                });
                ExecutorService fit = Executors.newSingleThreadExecutor();
                try {
                    Future<?> done = fit.submit(() -> model.fit(List.of(in, in), target, long7));
                    for (int e = 0; e < epochs; e++) {
                        ceilingTurn.acquireUninterruptibly();
                        long t0 = System.nanoTime();
                        rawEpoch(raw, pixels, y, xs, ys, index, order, shuffle);
                        ceiling[e] = n / ((System.nanoTime() - t0) / 1e9);
                        strataTurn.release();
                    }
                    done.get();
                } finally {
                    fit.shutdown();
                }
                for (int e = 0; e < epochs; e++) {
                    System.out.printf("W6 shuffle=%s epoch %d: strata %.0f samples/s, ceiling %.0f samples/s%n", shuffle, e, strata[e], ceiling[e]);
                }
                double best = Arrays.stream(strata).max().orElseThrow();
                double bestRaw = Arrays.stream(ceiling).max().orElseThrow();
                rows.add(String.format(Locale.ROOT, "| W6 two-branch Merge model throughput, %s (samples/s, best of %d alternating epochs of "
                        + "one fit) | %.0f | %.0f | %.2f× | ≥ 0.9× |", shuffle ? "shuffled every epoch" : "not shuffled", epochs, best, bestRaw,
                        best / bestRaw));
            }
        }
    }

    /** One ceiling epoch: shuffled rows of {@code pixels} (a fresh shuffle of {@code index}), or slices of the flat arrays. */
    private static void rawEpoch(RawGraph raw, float[][] pixels, float[][] y, float[] xs, float[] ys, int[] index, Random order,
            boolean shuffle) {
        int n = index.length;
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
    }
}
