// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.layers.Input;
import io.strata.layers.InputLayer;
import io.strata.layers.Layer;
import io.strata.layers.Node;
import io.strata.layers.SymbolicTensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.KerasJson;
import io.strata.saving.KerasLayers;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keras's model configs, both ways: a {@link Sequential} as Keras 2.2's {@code {name, layers}} (a
 * Keras 1 {@link Merge} first, with its branches' configs under its {@code layers}, as Keras 1 wrote
 * it), a {@link Model} as Keras 2.2's graph ({@code layers} with {@code inbound_nodes},
 * {@code input_layers}, {@code output_layers}). Reading also takes Keras 1's list configs, tf.keras's
 * ({@code InputLayer} first, {@code Functional}) and Keras 3's ({@code inbound_nodes} of
 * {@code args} holding {@code __keras_tensor__} histories).
 */
final class ModelConfigs {
    private ModelConfigs() {}

    // ---- writing ------------------------------------------------------------------------------------

    /** {@code {"class_name": ..., "config": ...}} of a placed layer, under the name its model gave it. */
    static Config serialize(Layer layer) {
        Config c = layer instanceof Network n ? config(n) : layer.getConfig();
        if (!(layer instanceof Network)) {
            c.put("name", LayerState.nameOf(layer));
        }
        return Config.create().put("class_name", layer.className()).put("config", c);
    }

    /** Keras's {@code model.get_config()}. */
    static Config config(Network model) {
        if (model instanceof Sequential s) {
            return sequential(s);
        }
        return functional(model);
    }

    private static Config sequential(Sequential s) {
        List<Object> layers = new ArrayList<>();
        for (Layer l : s.layers()) {
            layers.add(serialize(l));
        }
        if (!layers.isEmpty() && !(s.layers().get(0) instanceof Network) && !(s.layers().get(0) instanceof Merge)) {
            Config first = ((Config) layers.get(0)).config("config");
            if (first != null && !first.has("batch_input_shape")) {
                layers.set(0, ((Config) layers.get(0)).put("config", withInput(first, s.inputs().get(0).shape())));
            }
        }
        return Config.create().put("name", s.name()).put("layers", layers);
    }

    private static Config withInput(Config layer, Shape batchShape) {
        Config out = Config.create();
        for (Map.Entry<String, @Nullable Object> e : layer.asMap().entrySet()) {
            out.put(e.getKey(), e.getValue());
            if (e.getKey().equals("trainable")) {
                out.put("batch_input_shape", batchShape).put("dtype", "float32");
            }
        }
        return out;
    }

    /** Keras 1's Merge config, with its branches' configs under {@code layers}. */
    static Config mergeConfig(Merge m) {
        Config c = Config.create().put("name", LayerState.nameOf(m));
        MergeFunction f = m.function();
        if (f != null) {
            if (!(f instanceof MergeFunction.Named named)) {
                throw new InvalidConfigException("Merge " + LayerState.nameOf(m) + " merges by an unnamed function, which "
                        + "a config cannot name. Save it as MergeFunction.named(\"my_merge\", function) and register the "
                        + "same name with CustomObjects.mergeFunction to load it.");
            }
            c.put("mode", named.name()).put("mode_type", "function");
        } else {
            c.put("mode", m.mode()).put("mode_type", "raw");
        }
        int[] dot = m.dotAxes();
        c.put("concat_axis", m.concatAxis()).put("dot_axes", dot.length == 1 ? new int[] {dot[0], dot[0]} : dot);
        Shape fixed = m.fixedOutputShape();
        if (f != null && fixed == null) {
            throw new InvalidConfigException("Merge " + LayerState.nameOf(m) + " computes its output shape with a "
                    + "function, which a config cannot hold; give the Merge a fixed per-sample output Shape to save it.");
        }
        c.put("output_shape", fixed).put("output_shape_type", "raw").put("output_mask", null)
                .put("output_mask_type", "raw").put("arguments", Config.create());
        List<Object> branches = new ArrayList<>();
        for (Model b : m.branches()) {
            branches.add(Config.create().put("class_name", b.className()).put("config", config(b)));
        }
        return c.put("layers", branches);
    }

    /**
     * Keras's node index of every node in {@code t}: its place among its layer's nodes, counted from 1
     * for a nested model (whose node 0 is its own graph).
     */
    static Map<Node, Integer> nodeIndices(Topology t) {
        Map<Node, Integer> index = new IdentityHashMap<>();
        for (Layer l : t.layers) {
            int k = l instanceof Network ? 1 : 0;
            for (Node n : t.layerNodes.get(l)) {
                index.put(n, k++);
            }
        }
        return index;
    }

    private static Config functional(Network model) {
        Topology t = model.topology();
        Map<Node, Integer> index = nodeIndices(t);
        List<Object> layers = new ArrayList<>();
        for (Layer l : t.layers) {
            Config entry = serialize(l);
            List<Object> inbound = new ArrayList<>();
            for (Node n : t.layerNodes.get(l)) {
                if (n.inputs().isEmpty()) {
                    continue;
                }
                List<Object> data = new ArrayList<>();
                for (SymbolicTensor x : n.inputs()) {
                    data.add(List.of(LayerState.nameOf(x.layer()), index.get(x.node()), x.index(), Config.create()));
                }
                inbound.add(data);
            }
            layers.add(Config.create().put("name", LayerState.nameOf(l)).put("class_name", entry.get("class_name"))
                    .put("config", entry.get("config")).put("inbound_nodes", inbound));
        }
        return Config.create().put("name", model.name()).put("layers", layers)
                .put("input_layers", coordinates(t.inputs, index)).put("output_layers", coordinates(t.outputs, index));
    }

    private static List<Object> coordinates(List<SymbolicTensor> tensors, Map<Node, Integer> index) {
        List<Object> out = new ArrayList<>();
        for (SymbolicTensor x : tensors) {
            out.add(List.of(LayerState.nameOf(x.layer()), index.get(x.node()), x.index()));
        }
        return out;
    }

    // ---- reading ------------------------------------------------------------------------------------

    /** The model (or Keras 1 Merge) of a serialized config, {@code {"class_name": ..., "config": ...}}. */
    static Layer fromConfig(Config serialized, CustomObjects custom) {
        String cls = serialized.string("class_name");
        Object config = serialized.get("config");
        return switch (cls) {
            case "Sequential" -> sequential(config, custom);
            case "Model", "Functional" -> {
                if (!(config instanceof Config c)) {
                    throw new InvalidConfigException("The config of a " + cls + " must be an object with layers, "
                            + "input_layers and output_layers; got " + KerasJson.write(config) + ".");
                }
                yield functional(c.describing("model " + c.string("name", "") + " (" + cls + ")"), custom);
            }
            case "Merge" -> mergeFromConfig(asConfig(config, "Merge"), custom);
            default -> throw new InvalidConfigException("Not a model class: " + cls + ".");
        };
    }

    private static Config asConfig(@Nullable Object v, String what) {
        if (!(v instanceof Config c)) {
            throw new InvalidConfigException("The config of a " + what + " must be an object, got " + KerasJson.write(v) + ".");
        }
        return c;
    }

    private static Sequential sequential(@Nullable Object config, CustomObjects custom) {
        List<@Nullable Object> layers;
        String name = null;
        Shape buildShape = null;
        if (config instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<@Nullable Object> list = (List<@Nullable Object>) l;
            layers = list;
        } else if (config instanceof Config c) {
            c.describing("model " + c.string("name", "") + " (Sequential)");
            name = c.string("name", null);
            layers = c.list("layers");
            if (layers == null) {
                throw new InvalidConfigException(c.description() + ": missing 'layers'.");
            }
            buildShape = c.hasValue("build_input_shape") ? c.shape("build_input_shape") : null;
        } else {
            throw new InvalidConfigException("The config of a Sequential must be a list of layers or an object with "
                    + "'layers', got " + KerasJson.write(config) + ".");
        }
        Sequential s = name == null ? new Sequential() : new Sequential(List.of(), name);
        boolean placedFirst = false;
        boolean hasInput = false;
        for (int i = 0; i < layers.size(); i++) {
            Config entry = asConfig(layers.get(i), "layer of a Sequential");
            String cls = entry.string("class_name");
            Config lc = entry.get("config") instanceof Config c ? c : Config.create();
            if (placedFirst) {
                stripInput(lc, cls);
            }
            Layer layer = cls.equals("Merge") ? mergeFromConfig(lc, custom) : KerasLayers.deserialize(entry, custom);
            hasInput |= layer instanceof InputLayer;
            if (!placedFirst && !hasInput && !(layer instanceof Network) && !(layer instanceof Merge)
                    && layer.declaredBatchInputShape() == null) {
                Shape fallback = buildShape != null ? buildShape : buildConfigShape(entry);
                if (fallback != null) {
                    s.add(new InputLayer().batchInputShape(fallback));
                }
            }
            s.add(layer);
            if (!(layer instanceof InputLayer)) {
                placedFirst = true;
            }
        }
        return s;
    }

    /** Keras 3's {@code build_config.input_shape} of a layer, or null. */
    private static @Nullable Shape buildConfigShape(Config entry) {
        Config build = entry.config("build_config");
        return build != null && build.hasValue("input_shape") ? build.shape("input_shape") : null;
    }

    /**
     * Keras ignores the input a non-first layer of a Sequential declares (Keras 1 configs write the
     * built {@code input_dim} of every layer); Strata would check it, so it is dropped.
     */
    private static void stripInput(Config lc, String cls) {
        for (String k : List.of("batch_input_shape", "batch_shape", "input_shape", "batch_size", "input_length")) {
            lc.remove(k);
        }
        if (!cls.equals("Embedding")) {
            lc.remove("input_dim");
        }
    }

    private static Merge mergeFromConfig(Config c, CustomObjects custom) {
        c.describing("layer " + c.string("name", "") + " (Merge)");
        List<@Nullable Object> branchConfigs = c.list("layers");
        List<Model> branches = new ArrayList<>();
        if (branchConfigs != null) {
            for (Object b : branchConfigs) {
                Layer l = KerasLayers.deserialize(asConfig(b, "Merge branch"), custom);
                if (!(l instanceof Model m)) {
                    throw new InvalidConfigException(c.description() + ": its branches must be models, got " + l + ".");
                }
                branches.add(m);
            }
        }
        String modeType = c.string("mode_type", "raw");
        Merge merge;
        if (modeType.equals("raw")) {
            String mode = c.string("mode", "sum");
            int[] axes = switch (mode) {
                case "concat" -> new int[] {c.integer("concat_axis", -1)};
                case "dot", "cos" -> c.hasValue("dot_axes") ? c.intList("dot_axes") : new int[] {-1};
                default -> new int[0];
            };
            merge = branches.isEmpty() ? new Merge(mode, axes) : new Merge(branches, mode, axes);
        } else if (modeType.equals("function")) {
            String fn = c.string("mode");
            MergeFunction f = MergeFunction.named(fn, custom.mergeFunction(fn));
            if (!"raw".equals(c.string("output_shape_type", "raw")) || !c.hasValue("output_shape")) {
                throw new InvalidConfigException(c.description() + ": a function Merge needs a raw output_shape (a list of "
                        + "per-sample dimensions) to load; got output_shape_type " + c.string("output_shape_type", null) + ".");
            }
            Shape out = c.shape("output_shape");
            merge = branches.isEmpty() ? new Merge(f, out) : new Merge(branches, f, out);
        } else {
            throw new InvalidConfigException(c.description() + ": its mode is a Python " + modeType + ", which cannot be "
                    + "loaded outside Python. Register an equivalent MergeFunction under a name "
                    + "(CustomObjects.mergeFunction(\"name\", (ops, xs) -> ...)) and set mode to that name with mode_type "
                    + "\"function\".");
        }
        String name = c.string("name", null);
        return name == null ? merge : merge.name(name);
    }

    private static Model functional(Config c, CustomObjects custom) {
        String what = c.description();
        List<@Nullable Object> entries = c.list("layers");
        if (entries == null) {
            throw new InvalidConfigException(what + ": missing 'layers'.");
        }
        Map<String, Layer> created = new LinkedHashMap<>();
        Map<Layer, List<List<SymbolicTensor>>> outputs = new IdentityHashMap<>();
        Map<Layer, List<List<int[]>>> pending = new IdentityHashMap<>();
        Map<Layer, List<List<String>>> pendingNames = new IdentityHashMap<>();
        for (Object o : entries) {
            Config entry = asConfig(o, "layer entry of " + what);
            String name = entry.string("name", null);
            Config lc = entry.get("config") instanceof Config x ? x : Config.create();
            if (name == null) {
                name = lc.string("name");
            }
            if (!lc.has("name")) {
                lc.put("name", name);
            }
            Layer layer = KerasLayers.deserialize(Config.create().put("class_name", entry.string("class_name"))
                    .put("registered_name", entry.get("registered_name")).put("config", lc), custom);
            if (created.put(name, layer) != null) {
                throw new InvalidConfigException(what + ": two layers are named \"" + name + "\".");
            }
            outputs.put(layer, new ArrayList<>());
            if (layer instanceof InputLayer in) {
                outputs.get(layer).add(List.of(Input.from(in)));
            }
            List<List<int[]>> nodes = new ArrayList<>();
            List<List<String>> nodeNames = new ArrayList<>();
            List<@Nullable Object> inbound = entry.list("inbound_nodes");
            for (Object node : inbound == null ? List.of() : inbound) {
                List<int[]> coords = new ArrayList<>();
                List<String> names = new ArrayList<>();
                readNode(node, coords, names, what + " > layer " + name);
                nodes.add(coords);
                nodeNames.add(names);
            }
            pending.put(layer, nodes);
            pendingNames.put(layer, nodeNames);
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Layer layer : created.values()) {
                List<List<int[]>> nodes = pending.get(layer);
                List<List<String>> names = pendingNames.get(layer);
                while (!nodes.isEmpty()) {
                    List<SymbolicTensor> in = resolve(nodes.get(0), names.get(0), created, outputs);
                    if (in == null) {
                        break;
                    }
                    outputs.get(layer).add(layer.applyAll(in));
                    nodes.remove(0);
                    names.remove(0);
                    progress = true;
                }
            }
        }
        for (Map.Entry<String, Layer> e : created.entrySet()) {
            if (!pending.get(e.getValue()).isEmpty()) {
                List<String> missing = pendingNames.get(e.getValue()).get(0);
                throw new InvalidConfigException(what + ": layer " + e.getKey() + " is applied to " + missing + ", which the "
                        + "config never produces (a missing layer, or a node index beyond its applications).");
            }
        }
        List<SymbolicTensor> ins = tensors(c.get("input_layers"), created, outputs, what + " > input_layers");
        List<SymbolicTensor> outs = tensors(c.get("output_layers"), created, outputs, what + " > output_layers");
        return new Model(ins, outs, c.string("name", Network.nextName("model")));
    }

    /** The inbound tensors of one node: Keras 2's {@code [[name, node, tensor, kwargs], ...]} or Keras 3's {@code {args, kwargs}}. */
    private static void readNode(@Nullable Object node, List<int[]> coords, List<String> names, String where) {
        if (node instanceof Config k3) {
            collectHistories(k3.get("args"), coords, names, where);
            return;
        }
        if (!(node instanceof List<?> list)) {
            throw new InvalidConfigException(where + ": an inbound node must be a list, got " + KerasJson.write(node) + ".");
        }
        for (Object t : list) {
            if (!(t instanceof List<?> item) || item.size() < 3 || !(item.get(0) instanceof String n)) {
                throw new InvalidConfigException(where + ": an inbound tensor must be [layer_name, node_index, tensor_index"
                        + "(, kwargs)], got " + KerasJson.write(t) + ".");
            }
            names.add(n);
            coords.add(new int[] {((Number) item.get(1)).intValue(), ((Number) item.get(2)).intValue()});
        }
    }

    private static void collectHistories(@Nullable Object v, List<int[]> coords, List<String> names, String where) {
        if (v instanceof List<?> l) {
            l.forEach(x -> collectHistories(x, coords, names, where));
        } else if (v instanceof Config c) {
            if ("__keras_tensor__".equals(c.get("class_name"))) {
                Config tc = c.config("config");
                List<@Nullable Object> h = tc == null ? null : tc.list("keras_history");
                if (h == null || h.size() < 3 || !(h.get(0) instanceof String n)) {
                    throw new InvalidConfigException(where + ": a Keras tensor without keras_history: " + c + ".");
                }
                names.add(n);
                coords.add(new int[] {((Number) h.get(1)).intValue(), ((Number) h.get(2)).intValue()});
            }
        }
    }

    private static @Nullable List<SymbolicTensor> resolve(List<int[]> coords, List<String> names, Map<String, Layer> created,
            Map<Layer, List<List<SymbolicTensor>>> outputs) {
        List<SymbolicTensor> in = new ArrayList<>();
        for (int i = 0; i < coords.size(); i++) {
            Layer from = created.get(names.get(i));
            if (from == null) {
                return null;
            }
            List<List<SymbolicTensor>> made = outputs.get(from);
            int node = coords.get(i)[0] - (from instanceof Network ? 1 : 0);
            if (node < 0 || node >= made.size()) {
                return null;
            }
            List<SymbolicTensor> tensors = made.get(node);
            int t = coords.get(i)[1];
            if (t >= tensors.size()) {
                return null;
            }
            in.add(tensors.get(t));
        }
        return in;
    }

    private static List<SymbolicTensor> tensors(@Nullable Object v, Map<String, Layer> created,
            Map<Layer, List<List<SymbolicTensor>>> outputs, String where) {
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidConfigException(where + " must list [layer_name, node_index, tensor_index] entries, got "
                    + KerasJson.write(v) + ".");
        }
        List<?> items = list.get(0) instanceof String ? List.of(list) : list; // Keras 3 writes one input flat
        List<SymbolicTensor> out = new ArrayList<>();
        for (Object o : items) {
            List<int[]> coords = new ArrayList<>();
            List<String> names = new ArrayList<>();
            readNode(List.of(o), coords, names, where);
            List<SymbolicTensor> t = resolve(coords, names, created, outputs);
            if (t == null) {
                throw new InvalidConfigException(where + ": " + KerasJson.write(o) + " names no tensor of the model.");
            }
            out.addAll(t);
        }
        return out;
    }
}
