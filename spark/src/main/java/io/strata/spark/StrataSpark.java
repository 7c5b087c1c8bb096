// SPDX-License-Identifier: Apache-2.0
package io.strata.spark;

import io.strata.models.Model;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Strata models on Apache Spark.
 *
 * <pre>{@code
 * Dataset<Row> scored = StrataSpark.predict(model, images, List.of("pixels"), "probabilities");
 * }</pre>
 */
public final class StrataSpark {
    private StrataSpark() {}

    /**
     * Adds {@code outputCol} ({@code array<float>}) with {@code model}'s predictions for the rows of
     * {@code df}: one input column per model input, 256 rows per native call.
     */
    public static Dataset<Row> predict(Model model, Dataset<Row> df, List<String> inputCols, String outputCol) {
        return predictor(model).setInputCols(inputCols.toArray(String[]::new)).setOutputCol(outputCol).transform(df);
    }

    /** {@link #predict(Model, Dataset, List, String)} for a model with one input. */
    public static Dataset<Row> predict(Model model, Dataset<Row> df, String inputCol, String outputCol) {
        return predict(model, df, List.of(inputCol), outputCol);
    }

    /**
     * Keras's {@code fit}, synchronous and data-parallel on Spark: {@code options.workers} barrier tasks
     * each hold a replica of {@code model} and a partition of {@code df}; every step each computes the
     * gradients of its share of the global batch, the tasks sum them (weighted by sample counts) over a
     * ring all-reduce of their own sockets, and all apply the same sum, so the replicas stay identical.
     * {@code model} (compiled) ends with the trained weights and optimizer state. Targets: one column
     * per output, arrays or vectors like the inputs, or numbers (integer labels of a sparse loss).
     */
    public static io.strata.training.History fit(Model model, Dataset<Row> df, List<String> inputCols, List<String> targetCols,
            SparkFitOptions options) {
        return DistributedFit.fit(model, df, inputCols, targetCols, options);
    }

    /** The Spark ML {@code Transformer} that predicts with {@code model} (set its columns, then {@code transform}). */
    public static StrataPredictor predictor(Model model) {
        return new StrataPredictor(model);
    }
}
