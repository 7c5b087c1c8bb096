// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.models.Sequential;
import io.strata.spark.StrataSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference of the 60,000 Fashion-MNIST training rows with W1's model: {@code StrataSpark.predict}
 * on {@code local[2]} (two partitions, the frame cached first) against {@code model.predict} of the
 * same rows in the same JVM, both with batches of 256; best of 3 alternating rounds.
 */
final class SparkBench {
    private SparkBench() {}

    static void run(FashionMnist train, List<String> rows) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("strata-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try (Sequential model = Workloads.w1(42)) {
            float[][] x = train.x();
            List<Row> data = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                data.add(RowFactory.create(i, x[i]));
            }
            StructType schema = new StructType().add("id", DataTypes.IntegerType)
                    .add("pixels", DataTypes.createArrayType(DataTypes.FloatType));
            Dataset<Row> df = spark.createDataFrame(data, schema).repartition(2).cache();
            df.count();
            double bestSpark = 0;
            double bestLocal = 0;
            for (int r = 0; r < 4; r++) {
                long t0 = System.nanoTime();
                model.predict(x, 256);
                double local = x.length / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                double sum = StrataSpark.predictor(model).setInputCols("pixels").setOutputCol("p").setBatchSize(256)
                        .transform(df).selectExpr("sum(p[0])").first().getDouble(0);
                double sparkRate = x.length / ((System.nanoTime() - t0) / 1e9);
                if (r > 0 && sum > 0) { // round 0 warms both (and loads the model on the executor)
                    bestLocal = Math.max(bestLocal, local);
                    bestSpark = Math.max(bestSpark, sparkRate);
                }
            }
            System.out.printf(Locale.ROOT, "Spark predict %.0f rows/s, model.predict %.0f rows/s%n", bestSpark, bestLocal);
            rows.add(String.format(Locale.ROOT, "| batch inference of 60,000 rows, StrataSpark.predict on local[2] vs model.predict"
                    + " in one JVM (rows/s, best of 3) | %.0f | %.0f | %.2f× | – |", bestSpark, bestLocal, bestSpark / bestLocal));
        } finally {
            spark.stop();
        }
    }

    /**
     * W1 trained by {@code StrataSpark.fit} on {@code local[2]} with 1 and 2 workers of one core each
     * (global batch 128, 5 shuffled epochs): samples/s in the workers' steps, the share of those spent
     * in the exchange, and test accuracy.
     */
    static void fit(FashionMnist train, FashionMnist test, List<String> rows) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("strata-bench-fit")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            float[][] x = train.x();
            float[][] y = train.oneHot();
            List<Row> data = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                data.add(RowFactory.create(x[i], y[i]));
            }
            StructType schema = new StructType().add("pixels", DataTypes.createArrayType(DataTypes.FloatType))
                    .add("label", DataTypes.createArrayType(DataTypes.FloatType));
            Dataset<Row> df = spark.createDataFrame(data, schema).cache();
            df.count();
            for (int workers : new int[] {1, 2}) {
                try (Sequential model = Workloads.w1(42)) {
                    long t0 = System.nanoTime();
                    io.strata.training.History h = StrataSpark.fit(model, df, List.of("pixels"), List.of("label"),
                            io.strata.spark.SparkFitOptions.defaults().epochs(5).batchSize(128).workers(workers));
                    double wall = (System.nanoTime() - t0) / 1e9;
                    double trainSeconds = ((Number) h.params().get("train_seconds")).doubleValue();
                    double exchange = ((Number) h.params().get("exchange_seconds")).doubleValue();
                    double acc = model.evaluate(test.x(), test.oneHot(), 1024).get(1);
                    double rate = 5.0 * x.length / trainSeconds;
                    System.out.printf(Locale.ROOT, "W1 fit on Spark, %d worker(s): %.0f samples/s in steps (%.0f with Spark's"
                            + " stages, %.1f s), exchange %.1f%% of the steps, test accuracy %.4f%n", workers, rate,
                            5.0 * x.length / wall, wall, 100 * exchange / trainSeconds, acc);
                    rows.add(String.format(Locale.ROOT, "| W1 StrataSpark.fit, %d worker(s) of 1 core, 5 epochs: samples/s in"
                            + " the steps (with stages: %.0f); exchange share; test accuracy | %.0f; %.1f %%; %.4f | – | – | – |",
                            workers, 5.0 * x.length / wall, rate, 100 * exchange / trainSeconds, acc));
                }
            }
        } finally {
            spark.stop();
        }
    }
}
