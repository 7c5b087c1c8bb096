// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.data.Batch;
import io.strata.data.Sequence;
import io.strata.models.Sequential;
import io.strata.training.FitOptions;
import io.strata.training.TrainingEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * W1 (the 784-512-512-10 MLP on Fashion-MNIST, batch 128, RMSprop) trained from a {@link Sequence}
 * that makes every batch anew (a copy of its rows and its one-hot targets, as a reader of files would)
 * against the in-memory {@code fit} of the same arrays, alternating one epoch of each, four rounds;
 * the best epoch of each counts, as in W1.
 */
final class SequenceBench {
    private SequenceBench() {}

    static void run(FashionMnist train, List<String> rows) {
        float[][] x = train.x();
        float[][] y = train.oneHot();
        int n = x.length;
        int batch = 128;
        Sequence seq = new Sequence() {
            @Override
            public int size() {
                return (n + batch - 1) / batch;
            }

            @Override
            public Batch get(int index) {
                int from = index * batch;
                int to = Math.min(n, from + batch);
                float[][] bx = new float[to - from][];
                float[][] by = new float[to - from][];
                for (int i = from; i < to; i++) {
                    bx[i - from] = x[i].clone();
                    by[i - from] = y[i].clone();
                }
                return Batch.of(bx, by);
            }
        };
        long[] marks = new long[2];
        FitOptions timed = FitOptions.epochs(1).batchSize(batch).verbose(0).listener(e -> {
            if (e instanceof TrainingEvent.EpochStarted) {
                marks[0] = System.nanoTime();
            } else if (e instanceof TrainingEvent.EpochEnded) {
                marks[1] = System.nanoTime();
            }
        });
        try (Sequential inMemory = Workloads.w1(42); Sequential fromSequence = Workloads.w1(42)) {
            inMemory.fit(x, y, timed);
            fromSequence.fit(seq, timed.workers(1));
            double[] a = new double[4];
            double[] s = new double[4];
            for (int round = 0; round < 4; round++) {
                fromSequence.fit(seq, timed.workers(1));
                s[round] = n / ((marks[1] - marks[0]) / 1e9);
                inMemory.fit(x, y, timed);
                a[round] = n / ((marks[1] - marks[0]) / 1e9);
            }
            double best = Arrays.stream(s).max().orElseThrow();
            double ref = Arrays.stream(a).max().orElseThrow();
            System.out.printf(Locale.ROOT, "W1 from a Sequence %s samples/s, in-memory fit %s samples/s%n", Arrays.toString(s),
                    Arrays.toString(a));
            rows.add(String.format(Locale.ROOT, "| W1 from a Sequence, 1 worker (samples/s, best of 4 alternating epochs; "
                    + "reference: in-memory fit) | %.0f | %.0f (fit) | %.2f× | ≥ 0.9× |", best, ref, best / ref));
        }
    }
}
