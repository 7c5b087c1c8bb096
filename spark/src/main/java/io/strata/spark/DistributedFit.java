// SPDX-License-Identifier: Apache-2.0
package io.strata.spark;

import io.strata.InvalidConfigException;
import io.strata.models.Model;
import io.strata.models.Replica;
import io.strata.training.History;
import io.strata.training.TrainingControl;
import io.strata.training.TrainingEvent;
import io.strata.training.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's side of {@link StrataSpark#fit}: one barrier stage per epoch. The model's file (weights
 * and optimizer state of the last completed epoch) is broadcast to the stage; task 0 returns the
 * trained file. A stage that fails (a task killed, a peer timed out) is retried by Spark from that same
 * file, so no partial epoch reaches the result.
 */
final class DistributedFit {
    private DistributedFit() {}

    private static void emit(List<TrainingListener> listeners, TrainingEvent event) {
        for (TrainingListener l : listeners) {
            l.onEvent(event);
        }
    }

    /** Validation data collected to the driver once, in the model's input and target forms. */
    private record Validation(Object x, Object y) {
        static Validation of(Model model, Dataset<Row> df, List<String> columns, int[] in, int[] out) {
            List<Row> rows = df.select(columns.stream().map(org.apache.spark.sql.functions::col)
                    .toArray(org.apache.spark.sql.Column[]::new)).collectAsList();
            List<io.strata.data.DataArray> xs = EpochTask.arrays(rows, in, model.inputShapes());
            List<io.strata.data.DataArray> ys = EpochTask.targets(rows, out, model.outputShapes());
            return new Validation(xs.size() == 1 ? xs.get(0) : xs, ys.size() == 1 ? ys.get(0) : ys);
        }
    }

    static History fit(Model model, Dataset<Row> df, List<String> inputCols, List<String> targetCols, SparkFitOptions o) {
        if (!model.isCompiled()) {
            throw new InvalidConfigException("StrataSpark.fit: compile the model first (model.compile(optimizer, loss)).");
        }
        if (inputCols.size() != model.inputShapes().size() || targetCols.size() != model.outputShapes().size()) {
            throw new InvalidConfigException("StrataSpark.fit: the model has " + model.inputShapes().size() + " input(s) and "
                    + model.outputShapes().size() + " output(s); got input columns " + inputCols + " and target columns "
                    + targetCols + ".");
        }
        if (o.batchSizeValue() % o.workersValue() != 0) {
            throw new InvalidConfigException("StrataSpark.fit: the global batch (" + o.batchSizeValue() + ") must split evenly "
                    + "over the " + o.workersValue() + " workers; choose a multiple of " + o.workersValue() + ".");
        }
        List<String> columns = new ArrayList<>(inputCols);
        columns.addAll(targetCols);
        for (String c : columns) {
            if (!java.util.Arrays.asList(df.columns()).contains(c)) {
                throw new InvalidConfigException("StrataSpark.fit: column '" + c + "' is not in the DataFrame; its columns are "
                        + java.util.Arrays.toString(df.columns()) + ".");
            }
        }
        Dataset<Row> data = df.select(columns.stream().map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new)).repartition(o.workersValue()).cache();
        int[] in = new int[inputCols.size()];
        int[] out = new int[targetCols.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = i;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = in.length + i;
        }
        SparkSession spark = df.sparkSession();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("batch_size", o.batchSizeValue());
        params.put("epochs", o.epochsValue());
        params.put("workers", o.workersValue());
        List<String> metrics = new ArrayList<>(model.metricsNames());
        if (o.validationValue() != null) {
            model.metricsNames().forEach(m -> metrics.add("val_" + m));
        }
        params.put("metrics", metrics);
        params.put("do_validation", o.validationValue() != null);
        Validation validation = o.validationValue() == null ? null : Validation.of(model, o.validationValue(), columns, in, out);
        List<Map<String, Double>> epochs = new ArrayList<>();
        long trainNanos = 0;
        long exchangeNanos = 0;
        List<TrainingListener> listeners = o.callbackList();
        TrainingControl control = new io.strata.models.ModelControl(model);
        emit(listeners, new TrainingEvent.TrainingStarted(Map.copyOf(params), control));
        try {
            for (int epoch = 0; epoch < o.epochsValue(); epoch++) {
                emit(listeners, new TrainingEvent.EpochStarted(epoch, control));
                // The driver's model as the callbacks left it (a scheduler may have changed the rate).
                byte[] file = EpochTask.save(model);
                Broadcast<byte[]> shipped = spark.sparkContext().broadcast(file, scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
                EpochTask task = new EpochTask(shipped, epoch, in, out, o);
                scala.reflect.ClassTag<EpochTask.Result> tag = scala.reflect.ClassTag$.MODULE$.apply(EpochTask.Result.class);
                // The shuffle after the barrier stage makes it a shuffle-map stage, which Spark retries
                // as a whole when a task fails (it does not retry a barrier result stage).
                List<EpochTask.Result> collected = org.apache.spark.api.java.JavaRDD.fromRDD(
                        data.rdd().barrier().mapPartitions(task, false, tag), tag).repartition(1).collect();
                EpochTask.Result[] results = collected.stream().sorted(java.util.Comparator.comparingInt(EpochTask.Result::rank))
                        .toArray(EpochTask.Result[]::new);
                double[] sums = new double[model.metricsNames().size()];
                long samples = 0;
                for (EpochTask.Result r : results) {
                    if (r.model().length > 0) {
                        file = r.model();
                    }
                }
                // Every task saw the same summed values: take task 0's sums.
                EpochTask.Result first = results[0];
                for (int i = 0; i < sums.length; i++) {
                    sums[i] = first.logSums()[i];
                }
                samples = first.samples();
                Map<String, Double> logs = new LinkedHashMap<>();
                for (int i = 0; i < sums.length; i++) {
                    logs.put(model.metricsNames().get(i), sums[i] / Math.max(1, samples));
                }
                // The driver's model takes the epoch's weights and optimizer state: the checkpoint the
                // next epoch starts from, and what the callbacks see.
                try (Model trained = EpochTask.load(file)) {
                    Replica.adopt(model, trained);
                }
                if (validation != null) {
                    List<Double> v = model.evaluate(validation.x(), validation.y(), o.batchSizeValue());
                    for (int i = 0; i < v.size(); i++) {
                        logs.put("val_" + model.metricsNames().get(i), v.get(i));
                    }
                }
                epochs.add(logs);
                trainNanos += first.stepNanos();
                exchangeNanos += first.exchangeNanos();
                shipped.destroy();
                emit(listeners, new TrainingEvent.EpochEnded(epoch, java.util.Collections.unmodifiableMap(logs), control));
                if (control.stopRequested()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new io.strata.StrataException("StrataSpark.fit: " + e.getMessage(), e);
        } finally {
            data.unpersist();
        }
        // Task 0's time in its steps and, of that, in the exchange (the all-reduce).
        params.put("train_seconds", trainNanos / 1e9);
        params.put("exchange_seconds", exchangeNanos / 1e9);
        History history = new History(params);
        for (int e = 0; e < epochs.size(); e++) {
            history.record(e, epochs.get(e));
        }
        emit(listeners, new TrainingEvent.TrainingEnded(history, false, control));
        return history;
    }
}
