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

    /** The Spark ML {@code Transformer} that predicts with {@code model} (set its columns, then {@code transform}). */
    public static StrataPredictor predictor(Model model) {
        return new StrataPredictor(model);
    }
}
