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

/** W1, the 784-512-512-10 MLP on Fashion-MNIST (batch 128, RMSprop), against the raw TF Java ceiling. */
final class W1Bench {
    private W1Bench() {}

    /**
     * Every step's duration of the timed rounds, per side: Strata's from one {@code BatchEnded} to the
     * next (the first from {@code EpochStarted}), the loop's work between steps included; the ceiling's
     * around each step's gather and run.
     */
    private static final class Steps {
        final long[] nanos;
        int count;
        long last;

        Steps(int capacity) {
            nanos = new long[capacity];
        }

        void add(long now) {
            nanos[count++] = now - last;
            last = now;
        }

        /** The median step in microseconds. */
        double medianMicros() {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return sorted[count / 2] / 1e3;
        }

        /** The step that took longest, in microseconds. */
        double maxMicros() {
            long max = 0;
            for (int i = 0; i < count; i++) {
                max = Math.max(max, nanos[i]);
            }
            return max / 1e3;
        }
    }

    /** The turns of the four sides, one epoch each in this order: Strata shuffled, ceiling shuffled, Strata in order, ceiling in order. */
    private static final int SIDES = 4;
    private static final int EPOCHS = 7;

    /**
     * A listener for a Strata side's long {@code fit}: each epoch waits for the side's turn, is timed
     * (epoch and steps), and then hands the turn on.
     */
    private static io.strata.training.TrainingListener turns(int side, Semaphore[] turn, Steps steps, double[] epochs,
            int[] epoch, long[] started, int samples) {
        return e -> {
            if (e instanceof TrainingEvent.EpochStarted) {
                turn[side].acquireUninterruptibly();
                started[0] = System.nanoTime();
                steps.last = started[0];
            } else if (e instanceof TrainingEvent.BatchEnded) {
                steps.add(System.nanoTime());
            } else if (e instanceof TrainingEvent.EpochEnded) {
                epochs[epoch[0]++] = samples / ((System.nanoTime() - started[0]) / 1e9);
                turn[(side + 1) % SIDES].release();
            }
        };
    }

    static void run(FashionMnist train, FashionMnist test, ConfigProto config, List<String> rows) throws Exception {
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
            // (both read consecutive samples of one flat array). A warm-up fit of two epochs per Strata model
            // (its second pass builds the step that reads the held set) and one epoch per ceiling; then
            // each Strata model runs one fit of seven epochs, as a user would, on its own thread, and the
            // four sides take turns one epoch at a time: this machine's throughput drifts by a fifth or
            // more from one epoch to the next, so back-to-back blocks of each side measured the drift. The
            // best epoch of each side, and the median of all its steps (the figure the drift moves least),
            // count; a Strata fit's first epoch reads the set fed, the later ones held.
            long[] setup = new long[2];
            long fitStart = System.nanoTime();
            model.fit(train.x(), y, FitOptions.epochs(2).batchSize(128).verbose(0).listener(e -> {
                if (e instanceof TrainingEvent.EpochStarted && setup[0] == 0) {
                    setup[0] = System.nanoTime();
                }
            }));
            unshuffled.fit(flatX, flatY, FitOptions.epochs(2).batchSize(128).verbose(0).shuffle(false));
            Random order = new Random(42);
            int[] index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = i;
            }
            shuffledEpoch(raw, train.x(), y, index, order, new Steps(n));
            Bench.rawEpoch(raw, xs, ys, n, 128);

            int stepsPerEpoch = (n + 127) / 128;
            Steps[] steps = new Steps[SIDES];
            double[][] epochs = new double[SIDES][EPOCHS];
            for (int k = 0; k < SIDES; k++) {
                steps[k] = new Steps(EPOCHS * stepsPerEpoch);
            }
            Semaphore[] turn = new Semaphore[SIDES];
            for (int k = 0; k < SIDES; k++) {
                turn[k] = new Semaphore(k == 0 ? 1 : 0);
            }
            int[][] epoch = new int[SIDES][1];
            FitOptions shuffledFit = FitOptions.epochs(EPOCHS).batchSize(128).verbose(0)
                    .listener(turns(0, turn, steps[0], epochs[0], epoch[0], new long[1], n));
            FitOptions inOrderFit = FitOptions.epochs(EPOCHS).batchSize(128).verbose(0).shuffle(false)
                    .listener(turns(2, turn, steps[2], epochs[2], epoch[2], new long[1], n));
            ExecutorService fits = Executors.newFixedThreadPool(2);
            try {
                Future<?> a = fits.submit(() -> model.fit(train.x(), y, shuffledFit));
                Future<?> b = fits.submit(() -> unshuffled.fit(flatX, flatY, inOrderFit));
                for (int e = 0; e < EPOCHS; e++) {
                    turn[1].acquireUninterruptibly();
                    long t0 = System.nanoTime();
                    shuffledEpoch(raw, train.x(), y, index, order, steps[1]);
                    epochs[1][e] = n / ((System.nanoTime() - t0) / 1e9);
                    turn[2].release();
                    turn[3].acquireUninterruptibly();
                    t0 = System.nanoTime();
                    steps[3].last = t0;
                    for (int from = 0; from < n; from += 128) {
                        raw.trainStep(xs, ys, from, Math.min(128, n - from));
                        steps[3].add(System.nanoTime());
                    }
                    epochs[3][e] = n / ((System.nanoTime() - t0) / 1e9);
                    turn[0].release();
                }
                a.get();
                b.get();
            } finally {
                fits.shutdown();
            }
            double[] best = new double[SIDES];
            double[] m = new double[SIDES];
            for (int k = 0; k < SIDES; k++) {
                best[k] = Arrays.stream(epochs[k]).max().orElseThrow();
                m[k] = steps[k].medianMicros();
            }
            System.out.printf("W1 samples/s per epoch, alternating:%n  strata shuffled %s%n  ceiling shuffled %s%n"
                    + "  strata not shuffled %s%n  ceiling not shuffled %s%n", Arrays.toString(epochs[0]), Arrays.toString(epochs[1]),
                    Arrays.toString(epochs[2]), Arrays.toString(epochs[3]));
            System.out.printf(Locale.ROOT, "W1 median step (us) of %d steps per side: strata shuffled %.0f, ceiling shuffled %.0f,"
                    + " strata not shuffled %.0f, ceiling not shuffled %.0f; longest Strata step %.0f us%n", steps[0].count, m[0], m[1],
                    m[2], m[3], steps[0].maxMicros());
            rows.add(String.format(Locale.ROOT, "| W1 training step, shuffled every epoch (µs, median of each side's %d steps in %d "
                    + "alternating epochs; ratio as throughput) | %.0f | %.0f | %.2f× | ≥ 1.0× |", steps[0].count, EPOCHS, m[0], m[1],
                    m[1] / m[0]));
            rows.add(String.format(Locale.ROOT, "| W1 training step, not shuffled (µs, median as above; ratio as throughput) "
                    + "| %.0f | %.0f | %.2f× | ≥ 1.0× |", m[2], m[3], m[3] / m[2]));
            rows.add(String.format(Locale.ROOT, "| W1 train throughput, shuffled every epoch (Keras's default; the ceiling gathers "
                    + "the shuffled rows too) (samples/s, best of %d alternating epochs) | %.0f | %.0f | %.2f× | ≥ 1.0× |", EPOCHS,
                    best[0], best[1], best[0] / best[1]));
            rows.add(String.format(Locale.ROOT, "| W1 train throughput, not shuffled (both read one flat array in order) "
                    + "(samples/s, best of %d alternating epochs) | %.0f | %.0f | %.2f× | ≥ 1.0× |", EPOCHS, best[2], best[3],
                    best[2] / best[3]));
            rows.add(String.format(Locale.ROOT, "| W1 fit set-up of the JVM's first fit; the longest Strata step (the first of the "
                    + "second pass copies the set that is held) (ms) | %.0f; %.0f | – | – | – |", (setup[0] - fitStart) / 1e6,
                    steps[0].maxMicros() / 1e3));
            // Test accuracy after 5 epochs of one fit, outside the timed epochs.
            try (Sequential fresh = Workloads.w1(42)) {
                fresh.fit(train.x(), y, FitOptions.epochs(5).batchSize(128).verbose(0));
                double acc = fresh.evaluate(test.x(), test.oneHot(), 1024).get(1);
                System.out.printf("W1 test accuracy after 5 epochs: %.4f%n", acc);
                rows.add(String.format(Locale.ROOT, "| W1 test accuracy after 5 epochs | %.4f | – | – | ≥ 0.85 |", acc));
            }
        }
    }

    /** One ceiling epoch over a fresh shuffle of {@code index}, each step timed into {@code steps}. */
    private static void shuffledEpoch(RawMlp raw, float[][] x, float[][] y, int[] index, Random order, Steps steps) {
        int n = index.length;
        for (int i = n - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        steps.last = System.nanoTime();
        for (int from = 0; from < n; from += 128) {
            raw.trainStepRows(x, y, Arrays.copyOfRange(index, from, Math.min(n, from + 128)));
            steps.add(System.nanoTime());
        }
    }
}
