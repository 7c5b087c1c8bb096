// SPDX-License-Identifier: Apache-2.0
package io.strata.spark;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.models.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that adds a Strata model's predictions to a DataFrame: one column per
 * model output ({@code array<float>}, the output's sample flattened row-major), from one input column
 * per model input ({@code array<float>}, {@code array<double>} or a Spark ML {@code Vector}, of the
 * input's sample size).
 *
 * <p>The model travels once per executor: {@link #transform} saves it (Keras HDF5, without optimizer
 * state) and broadcasts the bytes; each executor JVM loads it once and shares its one native program
 * across partitions and tasks. Rows are predicted {@code batchSize} at a time as the partition's
 * iterator is read, so a partition of any size streams with memory for one batch.
 */
public final class StrataPredictor extends Transformer {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final transient Model model;
    private List<String> inputCols = List.of();
    private List<String> outputCols = List.of();
    private int batchSize = 256;

    StrataPredictor(Model model) {
        this(model, "strataPredictor_" + UUID.randomUUID().toString().substring(0, 12));
    }

    private StrataPredictor(Model model, String uid) {
        this.model = model;
        this.uid = uid;
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The input columns, one per model input, in the model's input order. */
    public StrataPredictor setInputCols(String... cols) {
        this.inputCols = List.of(cols);
        return this;
    }

    /** The output columns, one per model output. */
    public StrataPredictor setOutputCols(String... cols) {
        this.outputCols = List.of(cols);
        return this;
    }

    /** The output column of a model with one output. */
    public StrataPredictor setOutputCol(String col) {
        return setOutputCols(col);
    }

    /** Rows per native call (Keras's {@code predict(batch_size)}; default 256). */
    public StrataPredictor setBatchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new InvalidConfigException("StrataPredictor: 'batchSize' must be positive, got " + batchSize + ".");
        }
        this.batchSize = batchSize;
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        check(schema);
        StructType out = schema;
        for (String c : outputCols) {
            out = out.add(DataTypes.createStructField(c, DataTypes.createArrayType(DataTypes.FloatType, false), false));
        }
        return out;
    }

    private void check(StructType schema) {
        List<Shape> inputs = model.inputShapes();
        if (inputCols.size() != inputs.size()) {
            throw new InvalidConfigException("StrataPredictor: the model has " + inputs.size() + " input(s) "
                    + model.inputNames() + " but " + inputCols.size() + " input column(s) were given " + inputCols
                    + "; give one column per model input, in order.");
        }
        if (outputCols.size() != model.outputShapes().size()) {
            throw new InvalidConfigException("StrataPredictor: the model has " + model.outputShapes().size()
                    + " output(s) but " + outputCols.size() + " output column(s) were given " + outputCols + ".");
        }
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String c : inputCols) {
            if (!names.contains(c)) {
                throw new InvalidConfigException("StrataPredictor: input column '" + c + "' is not in the DataFrame; its "
                        + "columns are " + names + ".");
            }
            RowBatches.checkType(c, schema.apply(c).dataType());
        }
        for (String c : outputCols) {
            if (names.contains(c)) {
                throw new InvalidConfigException("StrataPredictor: output column '" + c + "' already exists; choose "
                        + "another name.");
            }
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outSchema = transformSchema(dataset.schema());
        SparkSession spark = dataset.sparkSession();
        byte[] bytes = modelBytes();
        Broadcast<byte[]> shipped = spark.sparkContext().broadcast(bytes, scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
        String id = uid + "/" + shipped.id();
        StructType in = dataset.schema();
        int[] columns = inputCols.stream().mapToInt(in::fieldIndex).toArray();
        List<long[]> inputShapes = new ArrayList<>();
        model.inputShapes().forEach(s -> inputShapes.add(s.dims()));
        int batch = batchSize;
        MapPartitionsFunction<Row, Row> f = rows -> new RowBatches(rows, batch, columns, inputShapes,
                ExecutorModels.get(id, shipped.value()));
        return dataset.toDF().mapPartitions(f, Encoders.row(outSchema));
    }

    private byte[] modelBytes() {
        Path file = null;
        try {
            file = Files.createTempFile("strata-model-", ".h5");
            model.save(file, false);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new io.strata.StrataException("StrataPredictor: could not save the model to ship it: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    @Override
    public StrataPredictor copy(ParamMap extra) {
        StrataPredictor c = new StrataPredictor(model, uid);
        c.inputCols = inputCols;
        c.outputCols = outputCols;
        c.batchSize = batchSize;
        return c;
    }
}
