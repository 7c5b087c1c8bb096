// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.DoubleAdder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's measured fp32 peak, the yardstick of the benchmarks' "share of peak": one thread per
 * core runs independent fused multiply-add chains on the widest float vectors the JVM offers
 * (512 bits on AVX-512: 16 floats), which keeps every FMA unit busy without touching memory: 16 chains
 * and 12, the better of the two (AVX-512 has 32 vector registers, AVX2 16, where 16 chains and their
 * two operands spill and measured 79.9 against 12 chains' figure). Two floating-point operations per
 * lane per FMA. Needs {@code --add-modules jdk.incubator.vector}.
 */
final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FmaPeak() {}

    /** Runs {@code iterations} rounds of 16 and of 12 FMA chains per thread; returns the better GFLOP/s over all threads. */
    static double gflops(int threads, long iterations) throws InterruptedException {
        return Math.max(gflops(threads, iterations, true), gflops(threads, iterations, false));
    }

    /** {@code iterations} rounds of 16 FMA chains per thread, or of 12 when not {@code sixteen}. */
    private static double gflops(int threads, long iterations, boolean sixteen) throws InterruptedException {
        DoubleAdder sink = new DoubleAdder();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] t = new Thread[threads];
        long[] nanos = new long[threads];
        for (int i = 0; i < threads; i++) {
            int k = i;
            t[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long t0 = System.nanoTime();
                float sum = sixteen ? sixteen(iterations) : twelve(iterations);
                nanos[k] = System.nanoTime() - t0;
                sink.add(sum);
            });
            t[i].start();
        }
        start.countDown();
        for (Thread x : t) {
            x.join();
        }
        long worst = 0;
        for (long v : nanos) {
            worst = Math.max(worst, v);
        }
        if (sink.sum() == 42) {
            System.out.print(""); // keeps the chains alive
        }
        return threads * iterations * (sixteen ? 16.0 : 12.0) * S.length() * 2 / worst;
    }

    /** {@code iterations} rounds of 16 independent FMA chains; the chains' sum (keeps them alive). */
    private static float sixteen(long iterations) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        for (long n = 0; n < iterations; n++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            b0 = b0.fma(m, c); b1 = b1.fma(m, c); b2 = b2.fma(m, c); b3 = b3.fma(m, c);
            b4 = b4.fma(m, c); b5 = b5.fma(m, c); b6 = b6.fma(m, c); b7 = b7.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .add(b0).add(b1).add(b2).add(b3).add(b4).add(b5).add(b6).add(b7)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** {@code iterations} rounds of 12 independent FMA chains (14 vector registers with the operands). */
    private static float twelve(long iterations) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0;
        for (long n = 0; n < iterations; n++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c); a4 = a4.fma(m, c); a5 = a5.fma(m, c);
            b0 = b0.fma(m, c); b1 = b1.fma(m, c); b2 = b2.fma(m, c); b3 = b3.fma(m, c); b4 = b4.fma(m, c); b5 = b5.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(b0).add(b1).add(b2).add(b3).add(b4).add(b5)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** The best of 5 measurements with one thread per available core. */
    static double peak() throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        gflops(cores, 20_000_000L); // JIT warm-up
        double best = 0;
        for (int i = 0; i < 5; i++) {
            best = Math.max(best, gflops(cores, 50_000_000L));
        }
        return best;
    }

    public static void main(String[] args) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "fp32 peak: %.1f GFLOP/s (%d threads, %d-lane vectors; 1 thread: %.1f GFLOP/s)%n", peak(), cores,
                S.length(), gflops(1, 50_000_000L));
    }
}
