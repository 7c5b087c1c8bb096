// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.DataException;
import io.strata.Shape;
import io.strata.data.DataArray;
import io.strata.layers.SymbolicTensor;
import io.strata.losses.BuiltinLoss;
import io.strata.models.CompiledObjective.OutputObjective;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keras's data checks ({@code _standardize_user_data}): what the user passes to {@code fit},
 * {@code evaluate} and {@code predict} (an array, a {@code List} with one array per model input or
 * output in the model's order, or a {@code Map} from input or output name to array) turned into one
 * {@link DataArray} per input or output, with Keras's messages for a wrong count, a wrong name, a
 * wrong shape and mismatched sample counts.
 */
final class ModelData {
    private final List<String> inputNames;
    private final List<Shape> inputShapes;
    private final List<String> outputNames;
    private final List<Shape> outputShapes;
    private final List<List<IndexRange>> indexRanges;

    /** An Embedding that reads model input values as indices: they must be whole numbers in {@code [0, size)}. */
    record IndexRange(String layer, int size) {}

    ModelData(List<String> inputNames, List<Shape> inputShapes, List<String> outputNames, List<Shape> outputShapes,
            List<List<IndexRange>> indexRanges) {
        this.inputNames = inputNames;
        this.inputShapes = inputShapes;
        this.outputNames = outputNames;
        this.outputShapes = outputShapes;
        this.indexRanges = indexRanges;
    }

    /**
     * Whether host arrays are checked for NaN and infinities ({@code -Dstrata.data.checkFinite=false}
     * turns it off everywhere; {@code FitOptions.checkFinite(false)} for one fit).
     */
    static boolean checkFiniteByDefault() {
        return !"false".equals(System.getProperty("strata.data.checkFinite"));
    }

    /**
     * Refuses NaN and infinite values in {@code arrays}, naming the array, the sample and the position:
     * one such value turns every weight into NaN at the first step.
     */
    static void checkFinite(String what, String argument, List<DataArray> arrays, List<String> names) {
        for (int i = 0; i < arrays.size(); i++) {
            int[] at = arrays.get(i).firstNonFinite();
            if (at != null) {
                String array = arrays.size() == 1 ? argument : argument + "[\"" + names.get(i) + "\"]";
                throw new DataException(what + ": " + array + " has a non-finite value (" + arrays.get(i).get(at[0], at[1])
                        + ") at sample " + at[0] + ", value " + at[1] + " of the sample. One NaN or infinity turns every "
                        + "weight into NaN; clean the data, or skip this check for trusted data with "
                        + "FitOptions.checkFinite(false).");
            }
        }
    }

    /** Refuses NaN and infinite sample weights. */
    static void checkFiniteWeights(String what, @Nullable List<float @Nullable []> weights, List<String> names) {
        if (weights == null) {
            return;
        }
        for (int i = 0; i < weights.size(); i++) {
            float[] w = weights.get(i);
            for (int k = 0; w != null && k < w.length; k++) {
                if (!Float.isFinite(w[k])) {
                    throw new DataException(what + ": the sample weight of sample " + k + (weights.size() > 1 ? " for "
                            + "output " + names.get(i) : "") + " is " + w[k] + "; weights must be finite numbers.");
                }
            }
        }
    }

    /** The output names (for messages). */
    List<String> outputNames() {
        return outputNames;
    }

    /** The input names (for messages). */
    List<String> inputNames() {
        return inputNames;
    }

    /**
     * Refuses a batch size other than the fixed one of a model whose batch dimension is part of its
     * input shape (a stateful recurrent model's {@code batchInputShape}).
     */
    void checkBatchSize(int batchSize, String what) {
        for (int i = 0; i < inputShapes.size(); i++) {
            long fixed = inputShapes.get(i).dim(0);
            if (fixed != Shape.UNKNOWN && fixed != batchSize) {
                throw new DataException(what + ": the model has a fixed batch size of " + fixed + " (input "
                        + inputNames.get(i) + " has batchInputShape " + inputShapes.get(i) + "), so batch_size must be "
                        + fixed + ", got " + batchSize + ". Pass batchSize = " + fixed + ".");
            }
        }
    }

    /** The model inputs in {@code x}, checked against the model's input shapes. */
    List<DataArray> inputs(Object x, String argument) {
        List<DataArray> xs = arrays(x, argument, inputNames, "model input");
        for (int i = 0; i < xs.size(); i++) {
            xs.set(i, conform(xs.get(i), inputShapes.get(i), argument, "input", inputNames.get(i)));
            for (IndexRange r : indexRanges.get(i)) {
                checkIndices(xs.get(i), r, xs.size() == 1 ? argument : argument + "[\"" + inputNames.get(i) + "\"]");
            }
        }
        int n = xs.get(0).samples();
        for (DataArray d : xs) {
            if (d.samples() != n) {
                throw new DataException("All input arrays (" + argument + ") should have the same number of samples. "
                        + "Got array shapes: " + xs.stream().map(a -> a.shape().toString()).toList() + ".");
            }
        }
        return xs;
    }

    /** The targets in {@code y}, one per output, checked against the compiled losses and output shapes. */
    List<DataArray> targets(Object y, int samples, CompiledObjective compiled, String argument) {
        List<DataArray> ys = arrays(y, argument, outputNames, "model target");
        for (int i = 0; i < ys.size(); i++) {
            ys.set(i, target(ys.get(i), compiled.outputs().get(i), outputShapes.get(i), outputNames.get(i), argument));
        }
        for (DataArray t : ys) {
            if (t.samples() != ys.get(0).samples()) {
                throw new DataException("All target arrays (" + argument + ") should have the same number of samples. "
                        + "Got array shapes: " + ys.stream().map(a -> a.shape().toString()).toList() + ".");
            }
        }
        if (ys.get(0).samples() != samples) {
            throw new DataException("Input arrays should have the same number of samples as target arrays. Found "
                    + samples + " input samples and " + ys.get(0).samples() + " target samples.");
        }
        return ys;
    }

    /** Refuses indices an Embedding cannot look up, naming the layer, the sample and the index. */
    private static void checkIndices(DataArray d, IndexRange r, String array) {
        int per = d.sampleSize();
        for (int i = 0; i < d.samples(); i++) {
            for (int j = 0; j < per; j++) {
                float v = d.get(i, j);
                if (v != Math.rint(v) || v < 0 || v >= r.size()) {
                    throw new DataException("Embedding " + r.layer() + " (input_dim " + r.size() + ") cannot look up "
                            + v + ": sample " + i + " of " + array + " has it at position " + j + ". Indices must be whole "
                            + "numbers in [0, " + r.size() + "); raise input_dim, or map the values into that range.");
                }
            }
        }
    }

    private static List<DataArray> arrays(Object data, String argument, List<String> names, String what) {
        List<DataArray> out = new ArrayList<>();
        if (data instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!names.contains(String.valueOf(key))) {
                    throw new DataException("Error when checking " + argument + ": no " + what.substring(6) + " is named \""
                            + key + "\"; the model's " + what.substring(6) + "s are " + names + ".");
                }
            }
            for (String name : names) {
                Object v = map.get(name);
                if (v == null) {
                    throw new DataException("No data provided for \"" + name + "\". Need data for each key in: " + names
                            + ".");
                }
                out.add(DataArray.of(v, argument + "[\"" + name + "\"]"));
            }
            return out;
        }
        if (data instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                out.add(DataArray.of(list.get(i), argument + "[" + i + "]"));
            }
        } else {
            out.add(DataArray.of(data, argument));
        }
        if (out.size() != names.size()) {
            throw new DataException("Error when checking " + argument + " (" + what + "): the list of arrays you are "
                    + "passing to your model "
                    + "is not the size the model expected. Expected to see " + names.size() + " array(s), but instead got "
                    + out.size() + ". The model's " + what.substring(6) + "s are " + names + ": pass a List (or a Map "
                    + "by name) with one array for each, in that order.");
        }
        return out;
    }

    private DataArray target(DataArray d, OutputObjective o, Shape out, String name, String argument) {
        if (o.loss() == BuiltinLoss.CATEGORICAL_CROSSENTROPY && out.dim(-1) > 1
                && (d.shape().rank() == out.rank() - 1 || d.shape().dim(-1) == 1)) {
            throw new DataException("You are passing a target array of shape " + d.shape() + " while using as loss "
                    + "categorical_crossentropy, which expects targets to be binary matrices (1s and 0s) of shape "
                    + "(samples, classes) = " + out.with(0, d.samples()) + ". If your targets are integer classes, "
                    + "convert them with io.strata.data.Utils.toCategorical(y, " + out.dim(-1) + "), or use the loss "
                    + "sparse_categorical_crossentropy, which expects integer targets.");
        }
        if (o.sparse() && out.dim(-1) > 1 && d.shape().rank() == out.rank() && d.shape().dim(-1) == out.dim(-1)) {
            throw new DataException("You are passing a target array of shape " + d.shape() + " (" + argument + ", output "
                    + name + ") while using as loss sparse_categorical_crossentropy, which expects integer class labels "
                    + "of shape " + out.with(0, d.samples()).withLast(1) + ". These look like one-hot rows: use the loss "
                    + "categorical_crossentropy, or pass the class index of each row.");
        }
        DataArray t = conform(d, o.targetShape(out), argument, "target", name);
        if (o.sparse()) {
            long classes = out.dim(-1);
            for (float v : t.values()) {
                if (v != Math.rint(v) || v < 0 || v >= classes) {
                    throw new DataException("sparse_categorical_crossentropy expects integer class labels in [0, "
                            + classes + "), got " + v + ". Pass class indices, not one-hot rows (for one-hot targets use "
                            + "categorical_crossentropy).");
                }
            }
        }
        if (o.loss() == BuiltinLoss.BINARY_CROSSENTROPY) {
            int per = t.sampleSize();
            for (int i = 0; i < t.samples(); i++) {
                for (int j = 0; j < per; j++) {
                    float v = t.get(i, j);
                    if (v < 0 || v > 1) {
                        throw new DataException("binary_crossentropy expects targets in [0, 1] (labels 0/1, or "
                                + "probabilities), but sample " + i + " of " + argument + " (output " + name + ") has " + v
                                + ". Map the labels to 0 and 1, or use a loss for other values (mse, hinge).");
                    }
                }
            }
        }
        return t;
    }

    private static DataArray conform(DataArray d, Shape expected, String argument, String what, String name) {
        DataArray a = d;
        if (a.shape().rank() == expected.rank() - 1 && expected.dim(-1) == 1) {
            a = a.reshape(a.shape().append(1));
        }
        boolean ok = a.shape().rank() == expected.rank();
        for (int i = 1; ok && i < expected.rank(); i++) {
            ok = expected.dim(i) == Shape.UNKNOWN || expected.dim(i) == a.shape().dim(i);
        }
        if (!ok) {
            throw new DataException("Error when checking " + (argument.startsWith("validation") ? argument
                    : what) + ": expected " + name + " to have shape " + expected
                    + " but got array with shape " + d.shape() + ". Reshape the data or change the model's "
                    + (what.equals("input") ? "input shape." : "last layer."));
        }
        if (expected.dim(0) != Shape.UNKNOWN && a.samples() % expected.dim(0) != 0) {
            throw new DataException("Error when checking " + argument + ": the model has a fixed batch size of "
                    + expected.dim(0) + " (batchInputShape " + expected + ") but the data has " + a.samples()
                    + " samples, which is not a multiple of it.");
        }
        return a;
    }

    /**
     * The per-output sample weights of {@code fit}: Keras's {@code sample_weight} (an array for a model
     * with one output, else a list or a map by output name) or {@code class_weight}; null for none.
     */
    @Nullable List<float @Nullable []> sampleWeights(@Nullable Object sampleWeight, @Nullable Object classWeight,
            List<DataArray> ys) {
        int n = outputNames.size();
        if (sampleWeight != null) {
            List<float @Nullable []> out = new ArrayList<>();
            if (sampleWeight instanceof float[] w) {
                if (n > 1) {
                    throw new DataException("fit: the model has " + n + " outputs " + outputNames + ", so 'sample_weight'"
                            + " should be a list or a map by output name, not one array.");
                }
                out.add(w);
            } else if (sampleWeight instanceof List<?> list) {
                if (list.size() != n) {
                    throw new DataException("fit: 'sample_weight' has " + list.size() + " arrays but the model has " + n
                            + " outputs " + outputNames + "; pass one per output (null for none).");
                }
                list.forEach(v -> out.add((float[]) v));
            } else {
                Map<?, ?> map = (Map<?, ?>) sampleWeight;
                unknownKeys(map, "sample_weight");
                outputNames.forEach(name -> out.add((float[]) map.get(name)));
            }
            for (int i = 0; i < n; i++) {
                float[] w = out.get(i);
                if (w != null && w.length != ys.get(i).samples()) {
                    throw new DataException("fit: 'sample_weight' of output " + outputNames.get(i) + " has " + w.length
                            + " values but there are " + ys.get(i).samples() + " samples; pass one weight per sample.");
                }
            }
            return out;
        }
        if (classWeight == null) {
            return null;
        }
        Map<?, ?> cw = (Map<?, ?>) classWeight;
        boolean byOutput = !cw.isEmpty() && cw.keySet().iterator().next() instanceof String;
        if (byOutput) {
            unknownKeys(cw, "class_weight");
        } else if (n > 1) {
            throw new DataException("fit: the model has " + n + " outputs " + outputNames + ", so 'class_weight' "
                    + "should be a map by output name (FitOptions.classWeightByOutput).");
        }
        List<float @Nullable []> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<?, ?> weights = byOutput ? (Map<?, ?>) cw.get(outputNames.get(i)) : cw;
            out.add(weights == null ? null : classWeights(weights, ys.get(i)));
        }
        return out;
    }

    private void unknownKeys(Map<?, ?> map, String argument) {
        for (Object key : map.keySet()) {
            if (!outputNames.contains(String.valueOf(key))) {
                throw new DataException("fit: unknown entry in " + argument + ": \"" + key + "\". The model's outputs "
                        + "are " + outputNames + ".");
            }
        }
    }

    private static float[] classWeights(Map<?, ?> cw, DataArray y) {
        int n = y.samples();
        int width = y.sampleSize();
        float[] w = new float[n];
        Set<Integer> missing = new HashSet<>();
        Set<Integer> present = new HashSet<>();
        float[] v = y.values();
        for (int i = 0; i < n; i++) {
            int cls;
            if (width > 1) {
                cls = 0;
                for (int j = 1; j < width; j++) {
                    if (v[i * width + j] > v[i * width + cls]) {
                        cls = j;
                    }
                }
            } else {
                cls = Math.round(v[i]);
            }
            present.add(cls);
            Object weight = cw.get(cls);
            if (!(weight instanceof Number num)) {
                missing.add(cls);
            } else {
                w[i] = num.floatValue();
            }
        }
        if (!missing.isEmpty()) {
            throw new DataException("fit: 'class_weight' must contain all classes in the data. The classes " + missing
                    + " exist in the data but not in class_weight.");
        }
        Set<Object> unseen = new java.util.TreeSet<>();
        for (Object key : cw.keySet()) {
            if (!(key instanceof Integer c) || !present.contains(c)) {
                unseen.add(key);
            }
        }
        if (!unseen.isEmpty()) {
            throw new DataException("fit: 'class_weight' has the classes " + unseen + ", which do not occur in the data "
                    + "(its classes are " + new java.util.TreeSet<>(present) + "). Remove them, or check the labels.");
        }
        return w;
    }

    /** The data rules of {@code model}: its inputs' and outputs' names and shapes, and the index ranges of its Embeddings. */
    static ModelData of(Model model) {
        List<List<IndexRange>> ranges = new ArrayList<>();
        for (SymbolicTensor t : model.inputs()) {
            List<IndexRange> own = new ArrayList<>();
            indexRanges(model, t, own);
            ranges.add(own);
        }
        return new ModelData(model.inputNames(), model.inputShapes(), model.outputNames(), model.outputShapes(), ranges);
    }

    /** The Embeddings that read {@code t}'s values as indices, directly or as the first layer of a nested model. */
    private static void indexRanges(Network net, SymbolicTensor t, List<IndexRange> out) {
        for (io.strata.layers.Node node : net.topology().nodes) {
            for (int j = 0; j < node.inputs().size(); j++) {
                if (node.inputs().get(j) != t) {
                    continue;
                }
                if (node.layer() instanceof io.strata.layers.Embedding e) {
                    out.add(new IndexRange(LayerState.nameOf(e), e.vocabularySize()));
                } else if (node.layer() instanceof Network inner) {
                    indexRanges(inner, inner.inputs().get(j), out);
                }
            }
        }
    }
}
