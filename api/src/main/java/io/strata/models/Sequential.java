// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.layers.Input;
import io.strata.layers.InputLayer;
import io.strata.layers.Layer;
import io.strata.layers.SymbolicTensor;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's {@code Sequential} model: a linear stack of layers, the linear case of {@link Model}.
 *
 * <p>Lifecycle: <b>construction</b> ({@code new Sequential(List.of(...))} or {@link #add}) infers
 * every layer's output shape at once and fails fast on incompatible shapes, naming the layer and
 * both shapes; {@link #summary()} needs nothing more. Everything after that ({@code compile},
 * {@code fit}, {@code evaluate}, {@code predict}, weights, {@code close}) is {@link Model}'s: the
 * native program is built lazily and rebuilt, keeping the weights, when layers are added or removed.
 *
 * <p>Each {@code add} places a layer of its own: adding one layer object twice gives two layers with
 * their own weights ({@code dense_1}, {@code dense_2}). A model added as a layer, and the branches of
 * a Keras 1 {@link Merge} (which must be the first layer), keep their weights: they are shared.
 *
 * <pre>{@code
 * Sequential model = new Sequential(List.of(
 *         Layers.dense(32).inputDim(784).activation("relu"),
 *         Layers.dense(10).activation("softmax")));
 * model.compile("rmsprop", "categorical_crossentropy", List.of("accuracy"));
 * History h = model.fit(x, y, FitOptions.epochs(10).batchSize(32));
 * List<Double> score = model.evaluate(xTest, yTest, 32);
 * FloatNdArray p = model.predict(xTest, 32);
 * }</pre>
 *
 * <p>The Java methods take every Keras argument explicitly ({@code FitOptions}, the batch size); the
 * short forms {@code fit(x, y, epochs = …)}, {@code evaluate(x, y)} and {@code predict(x)} are the
 * Kotlin DSL's suspending functions, which run these on a dedicated dispatcher.
 */
public class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    private final List<SymbolicTensor> outputs = new ArrayList<>();
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private List<SymbolicTensor> inputs = List.of();
    /** The input declared by an {@link InputLayer} before any layer, if any. */
    private @Nullable SymbolicTensor declaredInput;

    /** An empty model named {@code sequential_N}. */
    public Sequential() {
        super(nextName("sequential"));
    }

    /** A model of {@code layers}, added in order (Keras's {@code Sequential([...])}). */
    public Sequential(List<? extends Layer> layers) {
        this();
        layers.forEach(this::add);
    }

    /** A named model of {@code layers}. */
    public Sequential(List<? extends Layer> layers, String name) {
        super(name);
        layers.forEach(this::add);
    }

    @Override
    public String className() {
        return "Sequential";
    }

    @Override
    public Sequential seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    public Sequential backend(String backendName) {
        super.backend(backendName);
        return this;
    }

    // ---- building ---------------------------------------------------------------------------------

    /**
     * Appends a layer, inferring its output shape. The first layer must declare its input
     * ({@code inputShape}, {@code batchInputShape}, {@code inputDim}), be an {@link InputLayer}, a model,
     * or a {@link Merge} of models.
     *
     * @return this model
     * @throws ShapeMismatchException if the layer cannot take the previous output
     */
    public Sequential add(Layer layer) {
        change("add()", () -> place(layer));
        return this;
    }

    private void place(Layer layer) {
        if (layer instanceof InputLayer in) {
            if (!layers.isEmpty() || declaredInput != null) {
                throw new InvalidConfigException("An InputLayer can only be the first layer of a Sequential model; model "
                        + name() + " already has an input " + (declaredInput != null ? declaredInput.shape()
                        : inputs.get(0).shape()) + ".");
            }
            SymbolicTensor t = Input.from(in);
            if (LayerState.nameOf(t.layer()) == null) {
                LayerState.of(t.layer()).name = "input_1";
            }
            declaredInput = t;
            return;
        }
        Layer placed = layer instanceof Model || layer.nodeCount() == 0 ? layer : layer.duplicate();
        String layerName = LayerState.nameOf(placed);
        Set<String> taken = names();
        if (placed instanceof Merge m) {
            for (Model b : m.branches()) {
                b.summaryLayers().forEach(l -> taken.add(LayerState.nameOf(l)));
            }
        }
        if (layerName == null) {
            layerName = nextName(placed.namePrefix(), taken);
        } else if (taken.contains(layerName)) {
            throw new InvalidConfigException("All layers added to a Sequential model should have unique names. Name \""
                    + layerName + "\" is already the name of a layer in model " + name() + ".");
        }
        SymbolicTensor out;
        if (placed instanceof Merge m) {
            out = addMerge(m, layerName);
        } else if (placed instanceof Model nested) {
            out = addModel(nested);
        } else {
            out = addLayer(placed, layerName);
        }
        if (!(placed instanceof Model) && placed.name() == null) {
            LayerState.of(placed).name = layerName;
        }
        layers.add(placed);
        outputs.add(out);
        setGraph(inputs, List.of(out));
    }

    private SymbolicTensor addLayer(Layer layer, String layerName) {
        Shape declared = layer.declaredBatchInputShape();
        SymbolicTensor in;
        if (layers.isEmpty()) {
            if (declaredInput != null) {
                in = declaredInput;
            } else if (declared == null) {
                throw new InvalidConfigException("The first layer in a Sequential model must get an inputShape, "
                        + "batchInputShape or inputDim argument; layer " + layerName + " (" + layer.className()
                        + ") has none. Fix: e.g. Layers.dense(32).inputShape(784), or start with "
                        + "Layers.inputLayer().inputShape(...).");
            } else {
                in = Input.from(new InputLayer().batchInputShape(declared));
                LayerState.of(in.layer()).inputFor = new WeakReference<>(layer);
            }
        } else {
            in = outputs.get(outputs.size() - 1);
            if (declared != null && !declared.dropFirst().equals(in.shape().dropFirst())) {
                String previous = "layer " + LayerState.nameOf(layers.get(layers.size() - 1));
                throw new ShapeMismatchException("Layer " + layerName + " (" + layer.className() + ") declares input shape "
                        + declared + " but " + previous + " outputs " + in.shape() + ". Only the first layer needs an input "
                        + "shape: remove it from " + layerName + " or make it match.");
            }
        }
        // Shape inference and building on a recording context name the layer in their errors.
        layer.computeOutputShape(layerName, in.shape());
        LayerState.record(layer, layerName, List.of(in.shape()));
        if (layers.isEmpty()) {
            inputs = List.of(in);
        }
        return layer.apply(in);
    }

    private SymbolicTensor addModel(Model nested) {
        SymbolicTensor in;
        if (layers.isEmpty()) {
            if (declaredInput != null) {
                in = declaredInput;
            } else {
                if (nested.inputs().size() != 1) {
                    throw new InvalidConfigException("Model " + nested.name() + " has " + nested.inputs().size()
                            + " inputs; a Sequential model takes models of one input (merge several with a Merge).");
                }
                in = Input.from(new InputLayer().batchInputShape(nested.inputShapes().get(0)));
                LayerState.of(in.layer()).inputFor = new WeakReference<>(nested);
            }
            inputs = List.of(in);
        } else {
            in = outputs.get(outputs.size() - 1);
        }
        return nested.apply(in);
    }

    private SymbolicTensor addMerge(Merge merge, String layerName) {
        if (!layers.isEmpty() || declaredInput != null) {
            throw new InvalidConfigException("A Merge of models can only be the first layer of a Sequential model; model "
                    + name() + " already has " + (layers.isEmpty() ? "an input" : "layers " + layerNames()) + ". Start a "
                    + "new Sequential with the Merge, or merge tensors in a functional Model (Layers.concatenate()).");
        }
        if (merge.branches().isEmpty()) {
            throw new InvalidConfigException("Merge " + layerName + " has no branch models, so it cannot start a "
                    + "Sequential model: give it the models to merge, new Merge(List.of(left, right), mode).");
        }
        inputs = merge.branchInputs();
        return merge.apply(merge.branchOutputs());
    }

    /** Removes the last layer (Keras's {@code pop()}). */
    public Sequential pop() {
        if (layers.isEmpty()) {
            throw new InvalidConfigException("There are no layers in model " + name() + " to pop.");
        }
        change("pop()", () -> {
            layers.remove(layers.size() - 1);
            outputs.remove(outputs.size() - 1);
            if (layers.isEmpty()) {
                inputs = List.of();
            }
            setGraph(inputs, outputs.isEmpty() ? List.of() : List.of(outputs.get(outputs.size() - 1)));
        });
        return this;
    }

    /** The names in use in this model's graph (the branches of a Merge included). */
    private Set<String> names() {
        Set<String> taken = new HashSet<>();
        if (!layers.isEmpty()) {
            for (Layer l : summaryLayers()) {
                String n = LayerState.nameOf(l);
                if (n != null) {
                    taken.add(n);
                }
            }
        }
        return taken;
    }

    private String nextName(String prefix, Set<String> taken) {
        int n = nameCounters.merge(prefix, 1, Integer::sum);
        String candidate = prefix + "_" + n;
        while (taken.contains(candidate)) {
            n = nameCounters.merge(prefix, 1, Integer::sum);
            candidate = prefix + "_" + n;
        }
        return candidate;
    }

    /** The layers, in order (without an {@link InputLayer}, as in Keras 2; a Merge counts as one layer). */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    void requireGraph() {
        if (layers.isEmpty()) {
            throw new InvalidConfigException("Model " + name() + " has no layers yet; add layers first.");
        }
    }

    /** The batch output shape of layer {@code i}. */
    public Shape outputShape(int i) {
        return outputs.get(i).shape();
    }

    /** Whether the model starts with a Keras 1 {@link Merge} of branch models. */
    public boolean isMergeModel() {
        return !layers.isEmpty() && layers.get(0) instanceof Merge m && !m.branches().isEmpty();
    }

    /** Keras 1's flattened layers: the branches' layers, branch by branch, then this model's own. */
    private List<Layer> flat(boolean withMerges) {
        if (!isMergeModel()) {
            return layers;
        }
        Merge merge = (Merge) layers.get(0);
        List<Layer> out = new ArrayList<>();
        for (Model b : merge.branches()) {
            List<Layer> own = b instanceof Sequential s ? s.flat(withMerges)
                    : b.layers().stream().filter(l -> !(l instanceof InputLayer)).toList();
            for (Layer l : own) {
                if (!out.contains(l)) {
                    out.add(l);
                }
            }
        }
        if (withMerges) {
            out.add(merge);
        }
        out.addAll(layers.subList(1, layers.size()));
        return out;
    }

    @Override
    List<Layer> weightLayers() {
        return flat(false);
    }

    @Override
    List<Layer> summaryLayers() {
        if (!isMergeModel()) {
            return layers;
        }
        List<Layer> out = new ArrayList<>();
        inputs().forEach(t -> out.add(t.layer()));
        out.addAll(flat(true));
        return out;
    }

    // ---- Keras's Sequential-only predictions ---------------------------------------------------------

    /** Keras's {@code predict_proba}: the predictions, which for a softmax or sigmoid output are probabilities. */
    public FloatNdArray predictProba(Object x) {
        return predict(x, 32);
    }

    /** Keras's {@code predict_classes}: the arg-max class, or {@code p > 0.5} for a single output unit. */
    public int[] predictClasses(Object x) {
        FloatNdArray p = predict(x, 32);
        int n = Math.toIntExact(p.shape().get(0));
        int per = Math.toIntExact(p.size() / Math.max(1, n));
        float[] v = new float[Math.toIntExact(p.size())];
        p.copyTo(DataBuffers.of(v, false, false));
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            if (per == 1) {
                classes[i] = v[i] > 0.5f ? 1 : 0;
            } else {
                int best = 0;
                for (int j = 1; j < per; j++) {
                    if (v[i * per + j] > v[i * per + best]) {
                        best = j;
                    }
                }
                classes[i] = best;
            }
        }
        return classes;
    }

    @Override
    public String toString() {
        return "Sequential(" + name() + ", " + (layers.isEmpty() ? "[]" : layerNames()) + ")";
    }
}
