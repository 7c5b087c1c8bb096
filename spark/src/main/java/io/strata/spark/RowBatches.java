// SPDX-License-Identifier: Apache-2.0
package io.strata.spark;

import io.strata.DataException;
import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.data.DataArray;
import io.strata.models.Model;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * A partition's rows with the model's predictions appended, predicted {@code batchSize} rows at a time
 * as the rows are read: memory for one batch, whatever the partition's size.
 */
final class RowBatches implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final int batchSize;
    private final int[] columns;
    private final List<long[]> inputShapes;
    private final int[] sampleSizes;
    private final Model model;
    private final List<Row> pending = new ArrayList<>();
    private List<float[]> outputs = List.of();
    private int[] outputSizes = new int[0];
    private int next;

    RowBatches(Iterator<Row> rows, int batchSize, int[] columns, List<long[]> inputShapes, Model model) {
        this.rows = rows;
        this.batchSize = batchSize;
        this.columns = columns;
        this.inputShapes = inputShapes;
        this.model = model;
        this.sampleSizes = new int[inputShapes.size()];
        for (int i = 0; i < sampleSizes.length; i++) {
            sampleSizes[i] = Math.toIntExact(Shape.of(inputShapes.get(i)).sampleSize());
        }
    }

    /** Input columns may be {@code array<float>}, {@code array<double>} or Spark ML vectors. */
    static void checkType(String column, DataType type) {
        boolean ok = type instanceof VectorUDT || type instanceof ArrayType a
                && (a.elementType().equals(DataTypes.FloatType) || a.elementType().equals(DataTypes.DoubleType));
        if (!ok) {
            throw new InvalidConfigException("StrataPredictor: input column '" + column + "' is " + type.simpleString()
                    + "; expected array<float>, array<double> or a Spark ML vector (e.g. from VectorAssembler).");
        }
    }

    @Override
    public boolean hasNext() {
        if (next < pending.size()) {
            return true;
        }
        pending.clear();
        next = 0;
        while (pending.size() < batchSize && rows.hasNext()) {
            pending.add(rows.next());
        }
        if (pending.isEmpty()) {
            return false;
        }
        predict();
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row row = pending.get(next);
        Object[] values = new Object[row.length() + outputs.size()];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        for (int o = 0; o < outputs.size(); o++) {
            float[] y = new float[outputSizes[o]];
            System.arraycopy(outputs.get(o), next * outputSizes[o], y, 0, outputSizes[o]);
            values[row.length() + o] = y;
        }
        next++;
        return RowFactory.create(values);
    }

    private void predict() {
        int n = pending.size();
        List<DataArray> xs = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            float[] flat = new float[n * sampleSizes[i]];
            for (int r = 0; r < n; r++) {
                fill(pending.get(r), columns[i], flat, r * sampleSizes[i], sampleSizes[i]);
            }
            xs.add(DataArray.of(flat, Shape.of(inputShapes.get(i)).with(0, n)));
        }
        List<FloatNdArray> ys = model.predictOutputs(xs.size() == 1 ? xs.get(0) : xs, n);
        outputs = new ArrayList<>();
        outputSizes = new int[ys.size()];
        for (int o = 0; o < ys.size(); o++) {
            float[] all = new float[Math.toIntExact(ys.get(o).size())];
            ys.get(o).copyTo(DataBuffers.of(all, false, false));
            outputs.add(all);
            outputSizes[o] = all.length / n;
        }
    }

    /** Writes row {@code row}'s cell {@code column} (an array, a vector, or a number for size 1) at {@code into[at]}. */
    static void fill(Row row, int column, float[] into, int at, int size) {
        Object v = row.get(column);
        if (v == null) {
            throw new DataException("StrataPredictor: input column '" + row.schema().fieldNames()[column]
                    + "' is null in a row; fill or drop missing values first (e.g. df.na().drop()).");
        }
        int length;
        if (v instanceof Number number) {
            length = 1;
            if (size == 1) {
                into[at] = number.floatValue();
            }
        } else if (v instanceof Vector vec) {
            length = vec.size();
            if (length == size) {
                for (int k = 0; k < size; k++) {
                    into[at + k] = (float) vec.apply(k);
                }
            }
        } else if (v instanceof scala.collection.mutable.ArraySeq.ofFloat floats) {
            // Spark hands array<float> over as a wrapped float[]: one copy, no boxing.
            length = floats.length();
            if (length == size) {
                System.arraycopy(floats.array(), 0, into, at, size);
            }
        } else if (v instanceof scala.collection.immutable.ArraySeq.ofFloat floats) {
            length = floats.length();
            if (length == size) {
                System.arraycopy(floats.unsafeArray(), 0, into, at, size);
            }
        } else {
            scala.collection.Seq<?> seq = (scala.collection.Seq<?>) v;
            length = seq.length();
            if (length == size) {
                for (int k = 0; k < size; k++) {
                    into[at + k] = ((Number) seq.apply(k)).floatValue();
                }
            }
        }
        if (length != size) {
            throw new DataException("StrataPredictor: input column '" + row.schema().fieldNames()[column] + "' has a row of "
                    + length + " values; the model's input takes " + size + " per sample.");
        }
    }
}
