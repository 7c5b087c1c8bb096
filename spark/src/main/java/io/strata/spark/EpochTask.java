// SPDX-License-Identifier: Apache-2.0
package io.strata.spark;

import io.strata.Shape;
import io.strata.backend.Gradients;
import io.strata.data.DataArray;
import io.strata.models.Model;
import io.strata.models.Models;
import io.strata.models.Replica;
import java.io.IOException;
import java.io.Serializable;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * One epoch of synchronous data-parallel training, as the function of a barrier stage: each task loads
 * the model the driver shipped (weights and optimizer state of the last completed epoch), holds its
 * partition as a {@link Replica}, and for every global batch computes the gradients of its share, sums
 * them with the others' by {@link RingAllReduce} (weighted by sample counts) and applies the sum, so
 * that every replica takes the same steps. Task 0 returns the trained model and everyone's epoch sums.
 */
final class EpochTask implements scala.Function1<scala.collection.Iterator<Row>, scala.collection.Iterator<EpochTask.Result>>,
        Serializable {
    private static final long serialVersionUID = 1L;

    /** What a task returns: the model file (task 0 only) and the epoch's sample-weighted log sums. */
    record Result(int rank, byte[] model, double[] logSums, long samples, long exchangeNanos, long stepNanos)
            implements Serializable {}

    private final Broadcast<byte[]> model;
    private final int epoch;
    private final int[] inputColumns;
    private final int[] targetColumns;
    private final SparkFitOptions options;

    EpochTask(Broadcast<byte[]> model, int epoch, int[] inputColumns, int[] targetColumns, SparkFitOptions options) {
        this.model = model;
        this.epoch = epoch;
        this.inputColumns = inputColumns;
        this.targetColumns = targetColumns;
        this.options = options;
    }

    @Override
    public scala.collection.Iterator<Result> apply(scala.collection.Iterator<Row> rows) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId();
        int workers = ctx.getTaskInfos().length;
        List<Row> all = new ArrayList<>();
        rows.foreach(r -> all.add(r));
        ExecutorModels.threadsFromTask();
        try (Model m = load(model.value()); ServerSocket server = RingAllReduce.listen(host(ctx, rank))) {
            List<DataArray> xs = arrays(all, inputColumns, m.inputShapes());
            List<DataArray> ys = targets(all, targetColumns, m.outputShapes());
            String[] addresses = ctx.allGather(host(ctx, rank) + ":" + server.getLocalPort());
            try (RingAllReduce ring = RingAllReduce.connect(rank, Arrays.asList(addresses), server, options.timeoutValue());
                    Replica replica = Replica.of(m, xs.size() == 1 ? xs.get(0) : xs, ys.size() == 1 ? ys.get(0) : ys)) {
                Result r = train(m, ring, replica, rank, workers, all.size());
                ctx.barrier();
                return scala.jdk.javaapi.CollectionConverters.asScala(List.of(r).iterator());
            }
        } catch (IOException e) {
            throw new io.strata.StrataException("StrataSpark.fit: task " + rank + " of epoch " + (epoch + 1) + ": " + e.getMessage(), e);
        }
    }

    private Result train(Model m, RingAllReduce ring, Replica replica, int rank, int workers, int n) throws IOException {
        int local = options.batchSizeValue() / workers;
        float[] counts = new float[workers];
        counts[rank] = n;
        ring.sum(counts);
        int most = 0;
        for (float c : counts) {
            most = Math.max(most, (int) c);
        }
        int steps = (most + local - 1) / local;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (options.shuffleValue()) {
            java.util.Random random = new java.util.Random(epoch * 7919L + rank);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        if (n == 0) {
            throw new io.strata.DataException("StrataSpark.fit: partition " + rank + " of " + workers + " is empty; give "
                    + "fewer workers or more rows.");
        }
        int[] sizes = weightSizes(m);
        int logs = m.metricsNames().size();
        double[] logSums = new double[logs];
        long samples = 0;
        long exchange = 0;
        long start = System.nanoTime();
        int[] gradientWeights = null;
        float[] v = null;
        List<float[]> summed = new ArrayList<>();
        BarrierTaskContext ctx = BarrierTaskContext.get();
        for (int s = 0; s < steps; s++) {
            // A killed task stops at a step boundary; its peers then time out, and Spark retries the stage.
            ctx.killTaskIfInterrupted();
            int from = Math.min(n, s * local);
            int to = Math.min(n, from + local);
            int count = to - from;
            Gradients g = count == 0 ? null : replica.gradients(Arrays.copyOfRange(order, from, to));
            if (g != null) {
                gradientWeights = g.weights();
            }
            if (options.averageEveryValue() > 0) {
                // Parameter averaging: a local step now, the weights' average every k steps.
                if (g != null) {
                    replica.apply(g.weights(), g.values());
                    for (int i = 0; i < logs; i++) {
                        logSums[i] += (double) count * g.logs()[i];
                    }
                    samples += count;
                }
                if ((s + 1) % options.averageEveryValue() == 0 || s == steps - 1) {
                    long t0 = System.nanoTime();
                    average(replica, ring, workers);
                    exchange += System.nanoTime() - t0;
                }
                continue;
            }
            int[] weights = gradientWeights; // step 0 has samples on every worker, so it is set from there on
            if (v == null) {
                int total = 1 + logs;
                for (int w : weights) {
                    total += sizes[w];
                }
                // [count, count * logs..., count * gradients...]: summed over the ring, divided by the
                // total count; the buffers are reused by every step.
                v = new float[total];
                for (int w : weights) {
                    summed.add(new float[sizes[w]]);
                }
            }
            java.util.Arrays.fill(v, 0f);
            v[0] = count;
            if (g != null) {
                for (int i = 0; i < logs; i++) {
                    v[1 + i] = count * g.logs()[i];
                }
                int at = 1 + logs;
                for (float[] grad : g.values()) {
                    for (float x : grad) {
                        v[at++] = count * x;
                    }
                }
            }
            long t0 = System.nanoTime();
            ring.sum(v);
            exchange += System.nanoTime() - t0;
            float all = v[0];
            int at = 1 + logs;
            for (float[] grad : summed) {
                for (int i = 0; i < grad.length; i++) {
                    grad[i] = v[at++] / all;
                }
            }
            replica.apply(weights, summed);
            for (int i = 0; i < logs; i++) {
                logSums[i] += v[1 + i];
            }
            samples += (long) all;
        }
        if (options.averageEveryValue() > 0) {
            // The epoch's logs: every worker's sample-weighted sums, summed.
            float[] totals = new float[1 + logs];
            totals[0] = samples;
            for (int i = 0; i < logs; i++) {
                totals[1 + i] = (float) logSums[i];
            }
            ring.sum(totals);
            samples = (long) totals[0];
            for (int i = 0; i < logs; i++) {
                logSums[i] = totals[1 + i];
            }
        }
        long stepNanos = System.nanoTime() - start;
        replica.close();
        return new Result(rank, rank == 0 ? save(m) : new byte[0], logSums, samples, exchange, stepNanos);
    }

    /** Replaces every worker's weights by their average (the same bits on every worker). */
    private static void average(Replica replica, RingAllReduce ring, int workers) throws IOException {
        List<float[]> weights = replica.weights();
        int total = 0;
        for (float[] w : weights) {
            total += w.length;
        }
        float[] v = new float[total];
        int at = 0;
        for (float[] w : weights) {
            System.arraycopy(w, 0, v, at, w.length);
            at += w.length;
        }
        ring.sum(v);
        List<float[]> averaged = new ArrayList<>();
        at = 0;
        for (float[] w : weights) {
            float[] a = new float[w.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = v[at++] / workers;
            }
            averaged.add(a);
        }
        replica.setWeights(averaged);
    }

    private static int[] weightSizes(Model m) {
        List<org.tensorflow.ndarray.FloatNdArray> ws = m.getWeights();
        int[] sizes = new int[ws.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Math.toIntExact(ws.get(i).size());
        }
        return sizes;
    }

    /**
     * The target columns as arrays: shaped like the output when a cell holds a whole output sample
     * (one-hot rows, regression targets), {@code (n, 1)} for a number (integer labels of a sparse loss).
     */
    static List<DataArray> targets(List<Row> rows, int[] columns, List<Shape> outputs) {
        List<Shape> shapes = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            Object first = rows.isEmpty() ? null : rows.get(0).get(columns[c]);
            shapes.add(first instanceof Number ? Shape.of(Shape.UNKNOWN, 1) : outputs.get(c));
        }
        return arrays(rows, columns, shapes);
    }

    static List<DataArray> arrays(List<Row> rows, int[] columns, List<Shape> shapes) {
        List<DataArray> out = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            Shape s = shapes.get(c);
            int size = Math.toIntExact(s.sampleSize());
            float[] flat = new float[rows.size() * size];
            for (int r = 0; r < rows.size(); r++) {
                RowBatches.fill(rows.get(r), columns[c], flat, r * size, size);
            }
            out.add(DataArray.of(flat, s.with(0, rows.size())));
        }
        return out;
    }

    private static String host(BarrierTaskContext ctx, int rank) {
        String address = ctx.getTaskInfos()[rank].address();
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : address;
        return host.isEmpty() ? "127.0.0.1" : host;
    }

    static Model load(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("strata-fit-", ".h5");
        try {
            Files.write(file, bytes);
            return Models.load(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static byte[] save(Model m) throws IOException {
        Path file = Files.createTempFile("strata-fit-", ".h5");
        try {
            m.save(file);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
