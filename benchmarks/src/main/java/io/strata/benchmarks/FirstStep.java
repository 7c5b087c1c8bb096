// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.models.Sequential;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Startup probe, run in a fresh JVM by {@link Bench}: prints the milliseconds from JVM start to the
 * end of the first W1 training step (one batch of 128), for Strata ({@code strata}) or the raw
 * TensorFlow program ({@code raw}). The data is a synthetic batch, so only library start-up and
 * graph compilation are measured.
 */
public final class FirstStep {
    private FirstStep() {}

    /** Entry point: {@code strata|raw}. */
    public static void main(String[] args) {
        Random r = new Random(1);
        float[][] x = new float[128][784];
        float[][] y = new float[128][10];
        for (int i = 0; i < 128; i++) {
            for (int j = 0; j < 784; j++) {
                x[i][j] = r.nextFloat();
            }
            y[i][r.nextInt(10)] = 1f;
        }
        if (args[0].equals("strata")) {
            Sequential m = Workloads.w1(1);
            m.trainOnBatch(x, y);
        } else {
            float[] xs = new float[128 * 784];
            float[] ys = new float[128 * 10];
            for (int i = 0; i < 128; i++) {
                System.arraycopy(x[i], 0, xs, i * 784, 784);
                System.arraycopy(y[i], 0, ys, i * 10, 10);
            }
            RawMlp raw = new RawMlp(new int[] {784, 512, 512, 10}, "relu", 0.2f, RawMlp.Optimizer.RMSPROP, 1,
                    Bench.ceilingConfig(false));
            raw.trainStep(xs, ys, 0, 128);
        }
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("FIRST_STEP_MS " + ms);
    }
}
