// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.ShapeMismatchException;
import io.strata.layers.InputLayer;
import io.strata.layers.Layer;
import io.strata.saving.FileFormatException;
import io.strata.saving.FloatArray;
import io.strata.saving.Hdf5File;
import io.strata.saving.Hdf5Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keras 2's HDF5 weights layout, both ways ({@code save_weights_to_hdf5_group} and
 * {@code load_weights_from_hdf5_group[_by_name]} of Keras 2.2.4): root attributes {@code layer_names}
 * (split into {@code layer_names0}, … above HDF5's attribute limit), {@code backend} and
 * {@code keras_version}; one group per layer with {@code weight_names}; one dataset per weight at
 * {@code <layer>/<weight name>} ({@code dense_1/dense_1/kernel:0}).
 *
 * <p>Loading reads and checks everything first, then sets every weight at once, so a file that does
 * not fit the model changes nothing.
 */
final class WeightFiles {
    private WeightFiles() {}

    /** One layer as a weights file lists it: its name and its weights in Keras's order. */
    record Entry(Layer layer, String name, List<WeightRef> refs) {
        List<String> weightNames() {
            List<String> out = new ArrayList<>();
            for (WeightRef r : refs) {
                out.add(r.fullName() + ":0");
            }
            return out;
        }
    }

    /**
     * The layers a weights file lists, in Keras's order: a Sequential's layers (Keras 2.2 leaves out the
     * input layer), Keras 1's flattened layers for a Sequential that starts with a Merge, a graph
     * model's layers (input layers included). A nested model is one entry whose weights are all of its
     * weights, trainable first.
     */
    static List<Entry> entries(Network model) {
        List<Layer> layers = model instanceof Sequential s && s.isMergeModel() ? model.weightLayers() : model.layers();
        List<WeightRef> all = model.weightRefs();
        List<Entry> out = new ArrayList<>();
        for (Layer l : layers) {
            Set<LayerState> mine = Collections.newSetFromMap(new IdentityHashMap<>());
            if (l instanceof Network n) {
                n.weightRefs().forEach(r -> mine.add(r.state()));
            } else if (!(l instanceof InputLayer)) {
                mine.add(LayerState.of(l));
            }
            List<WeightRef> refs = new ArrayList<>();
            for (WeightRef r : all) {
                if (!r.spec().state() && mine.contains(r.state())) {
                    refs.add(r);
                }
            }
            out.add(new Entry(l, LayerState.nameOf(l), refs));
        }
        return out;
    }

    /** Writes the layout into {@code group} of {@code w}. */
    static void write(Hdf5Writer w, String group, Model model) {
        List<Entry> entries = entries(model);
        List<WeightRef> refs = new ArrayList<>();
        entries.forEach(e -> refs.addAll(e.refs()));
        List<float[]> values = model.runtime.hostValues(refs);
        w.group(group);
        w.stringListAttribute(group, "layer_names", entries.stream().map(Entry::name).toList());
        w.attribute(group, "backend", "tensorflow");
        w.attribute(group, "keras_version", Network.KERAS_VERSION);
        int k = 0;
        for (Entry e : entries) {
            String g = path(group, e.name());
            w.group(g);
            List<String> names = e.weightNames();
            w.stringListAttribute(g, "weight_names", names);
            for (int i = 0; i < names.size(); i++) {
                w.dataset(path(g, names.get(i)), e.refs().get(i).spec().shape().dims(), values.get(k++));
            }
        }
    }

    static String path(String group, String name) {
        return group.isEmpty() || group.equals("/") ? name : group + "/" + name;
    }

    /** The weights a file holds for one layer. */
    record FileLayer(String name, List<String> weightNames, List<FloatArray> values) {}

    /** Reads every layer of the layout in {@code group}. */
    static List<FileLayer> read(Hdf5File f, String group) {
        List<String> names = f.stringList(group, "layer_names");
        if (names.isEmpty() && !f.hasAttribute(group, "layer_names") && !f.hasAttribute(group, "layer_names0")) {
            throw new FileFormatException(f.name() + " is not a Keras weights file: it has no layer_names attribute"
                    + (group.isEmpty() ? "" : " in " + group) + ". " + describe(f));
        }
        List<FileLayer> out = new ArrayList<>();
        for (String n : names) {
            String g = path(group, n);
            if (!f.isGroup(g)) {
                throw new FileFormatException(f.name() + " lists layer " + n + " but has no group for it.");
            }
            List<String> wn = f.stringList(g, "weight_names");
            List<FloatArray> values = new ArrayList<>();
            for (String w : wn) {
                values.add(f.floats(path(g, w)));
            }
            out.add(new FileLayer(n, wn, values));
        }
        return out;
    }

    private static String describe(Hdf5File f) {
        if (f.isGroup("layers") || f.isGroup("vars")) {
            return "It looks like a Keras 3 weights file; name it *.weights.h5 (Keras 3's own rule) to load it.";
        }
        return "Its top level holds " + f.children("") + ".";
    }

    /** The Keras version and backend a layout records ({@code "1"} and null when absent, as Keras reads them). */
    static String[] origin(Hdf5File f, String group) {
        String version = f.stringAttribute(group, "keras_version");
        String backend = f.stringAttribute(group, "backend");
        return new String[] {version == null ? "1" : version, backend};
    }

    /**
     * Keras's topological or by-name loading of {@code group} into {@code model}: checks everything,
     * then sets all weights at once.
     */
    static void load(Model model, Hdf5File f, String group, boolean byName, boolean skipMismatch) {
        String[] origin = origin(f, group);
        List<FileLayer> file = read(f, group);
        List<Entry> entries = entries(model);
        Map<WeightRef, float[]> assignments = byName
                ? byName(model, f, file, entries, origin, skipMismatch)
                : topological(model, f, file, entries, origin);
        List<WeightRef> refs = new ArrayList<>(assignments.keySet());
        List<float[]> values = new ArrayList<>(assignments.values());
        for (int i = 0; i < refs.size(); i++) {
            checkFinite(f, refs.get(i), values.get(i));
        }
        model.runtime.setHostValues(refs, values);
        model.runtime.push();
    }

    private static Map<WeightRef, float[]> topological(Model model, Hdf5File f, List<FileLayer> file, List<Entry> entries,
            String[] origin) {
        List<FileLayer> fileLayers = file.stream().filter(l -> !l.weightNames().isEmpty()).toList();
        List<Entry> modelLayers = entries.stream().filter(e -> !e.refs().isEmpty()).toList();
        if (fileLayers.size() != modelLayers.size()) {
            throw new ShapeMismatchException("You are trying to load a weight file containing " + fileLayers.size()
                    + " layers into a model with " + modelLayers.size() + " layers. The file's layers with weights are "
                    + fileLayers.stream().map(FileLayer::name).toList() + ", model " + model.name() + "'s are "
                    + modelLayers.stream().map(Entry::name).toList() + ". Load into the model that saved the file, or "
                    + "use loadWeights(path, true, ...) to load by layer name.");
        }
        Map<WeightRef, float[]> out = new LinkedHashMap<>();
        for (int k = 0; k < fileLayers.size(); k++) {
            FileLayer fl = fileLayers.get(k);
            Entry e = modelLayers.get(k);
            List<FloatArray> values = LegacyWeights.convert(e.layer(), fl.values(), origin[0], origin[1], f.name());
            if (values.size() != e.refs().size()) {
                throw new ShapeMismatchException("Layer #" + k + " (named \"" + e.name() + "\" in the current model) was "
                        + "found to correspond to layer " + fl.name() + " in the save file. However the new layer "
                        + e.name() + " expects " + e.refs().size() + " weights, but the saved weights have "
                        + values.size() + " elements.");
            }
            for (int i = 0; i < values.size(); i++) {
                WeightRef r = e.refs().get(i);
                FloatArray v = values.get(i);
                if (!v.strataShape().equals(r.spec().shape())) {
                    throw new ShapeMismatchException("Layer #" + k + " (named \"" + e.name() + "\" in the current model) "
                            + "was found to correspond to layer " + fl.name() + " in the save file, but its weight "
                            + r.fullName() + " has shape " + r.spec().shape() + " in the model and " + v.strataShape()
                            + " in the file. Build the model the file was saved from, or load by name with "
                            + "skipMismatch to leave this layer as it is.");
                }
                out.put(r, v.values());
            }
        }
        return out;
    }

    private static Map<WeightRef, float[]> byName(Model model, Hdf5File f, List<FileLayer> file, List<Entry> entries,
            String[] origin, boolean skipMismatch) {
        Map<String, List<Entry>> index = new LinkedHashMap<>();
        for (Entry e : entries) {
            index.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e);
        }
        Map<WeightRef, float[]> out = new LinkedHashMap<>();
        for (int k = 0; k < file.size(); k++) {
            FileLayer fl = file.get(k);
            for (Entry e : index.getOrDefault(fl.name(), List.of())) {
                List<FloatArray> values = LegacyWeights.convert(e.layer(), fl.values(), origin[0], origin[1], f.name());
                if (values.size() != e.refs().size()) {
                    String what = "Layer #" + k + " (named \"" + e.name() + "\") expects " + e.refs().size()
                            + " weight(s), but the saved weights have " + values.size() + " element(s).";
                    if (!skipMismatch) {
                        throw new ShapeMismatchException(what + " Pass skipMismatch = true to skip such layers.");
                    }
                    System.err.println("WARNING: Skipping loading of weights for layer " + e.name() + " due to mismatch in "
                            + "number of weights (" + e.refs().size() + " vs " + values.size() + ").");
                    continue;
                }
                for (int i = 0; i < values.size(); i++) {
                    WeightRef r = e.refs().get(i);
                    FloatArray v = values.get(i);
                    if (!v.strataShape().equals(r.spec().shape())) {
                        String what = "Layer #" + k + " (named \"" + e.name() + "\"), weight " + r.fullName()
                                + " has shape " + r.spec().shape() + ", but the saved weight has shape " + v.strataShape()
                                + ".";
                        if (!skipMismatch) {
                            throw new ShapeMismatchException(what + " Pass skipMismatch = true to skip such weights.");
                        }
                        System.err.println("WARNING: Skipping loading of weights for layer " + e.name() + " due to "
                                + "mismatch in shape (" + r.spec().shape() + " vs " + v.strataShape() + ").");
                        continue;
                    }
                    out.put(r, v.values());
                }
            }
        }
        return out;
    }

    private static void checkFinite(Hdf5File f, WeightRef r, float[] v) {
        // x * 0 is 0 for every finite x and NaN otherwise, so the sums stay 0 exactly when all values are
        // finite: four independent float adds per round, at memory speed (8M weights in about 1.5 ms).
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 4 <= v.length; i += 4) {
            s0 += v[i] * 0f;
            s1 += v[i + 1] * 0f;
            s2 += v[i + 2] * 0f;
            s3 += v[i + 3] * 0f;
        }
        for (; i < v.length; i++) {
            s0 += v[i] * 0f;
        }
        boolean bad = s0 + s1 + s2 + s3 != 0f;
        if (!bad) {
            return;
        }
        for (int j = 0; j < v.length; j++) {
            if (!Float.isFinite(v[j])) {
                throw new InvalidConfigException(f.name() + ": the saved weight " + r.fullName() + " has a non-finite value ("
                        + v[j] + ") at flat index " + j + "; a NaN or infinite weight makes every output NaN. The model "
                        + "that saved it had diverged: load an earlier file.");
            }
        }
    }

    /** The weights of {@code file} by layer name, for messages. */
    static @Nullable FileLayer find(List<FileLayer> file, String name) {
        for (FileLayer l : file) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
