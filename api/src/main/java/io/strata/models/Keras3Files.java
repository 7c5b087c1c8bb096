// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.ShapeMismatchException;
import io.strata.backend.OptimizerState;
import io.strata.layers.InputLayer;
import io.strata.layers.Layer;
import io.strata.layers.RNN;
import io.strata.layers.TimeDistributed;
import io.strata.optimizers.Adadelta;
import io.strata.optimizers.Adam;
import io.strata.optimizers.Adamax;
import io.strata.optimizers.Nadam;
import io.strata.optimizers.Optimizer;
import io.strata.optimizers.RMSprop;
import io.strata.optimizers.SGD;
import io.strata.saving.AtomicFiles;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.FileFormatException;
import io.strata.saving.FloatArray;
import io.strata.saving.Hdf5File;
import io.strata.saving.Hdf5Writer;
import io.strata.saving.KerasJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Keras 3's formats ({@code saving_lib}): a {@code .keras} file is a zip of {@code metadata.json},
 * {@code config.json} and {@code model.weights.h5}; a {@code .weights.h5} file is that weights file
 * alone. Weights sit at the paths of Keras's object tree: {@code layers/<class>[_<n>]/vars/<i>} (layers
 * named by snake-cased class with a counter, {@code dense}, {@code dense_1}, as Keras 3 names them in a
 * container), recurrent layers' weights under {@code cell/vars}, a wrapped layer's under
 * {@code layer/vars}, nested models' under their own {@code layers}, and the optimizer's under
 * {@code optimizer/vars} ({@code iterations}, {@code learning_rate}, then its slots in Keras 3's order).
 */
final class Keras3Files {
    private Keras3Files() {}

    private static final String WEIGHTS = "model.weights.h5";

    /** One {@code vars} group and the weights it holds, in order. */
    record Vars(String path, String objectName, List<WeightRef> refs) {}

    /** Keras 3's {@code naming.to_snake_case}. */
    static String snake(String cls) {
        String s = cls.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Every {@code vars} group of the model's object tree, with the weights each holds. */
    static List<Vars> layout(Network model) {
        List<Vars> out = new ArrayList<>();
        Map<LayerState, List<WeightRef>> byState = new IdentityHashMap<>();
        for (WeightRef r : model.weightRefs()) {
            byState.computeIfAbsent(r.state(), s -> new ArrayList<>()).add(r);
        }
        visit(model, "", out, byState, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void visit(Network n, String prefix, List<Vars> out, Map<LayerState, List<WeightRef>> byState,
            Set<Layer> seen) {
        out.add(new Vars(prefix + "vars", n.name(), List.of()));
        List<Layer> container = n instanceof Sequential s ? s.layers() : n.layers();
        Map<String, Integer> used = new HashMap<>();
        for (Layer l : container) {
            String base = snake(l instanceof Sequential ? "Sequential" : l instanceof Network ? "Functional" : l.className());
            Integer count = used.get(base);
            String name = count == null ? base : base + "_" + (count + 1);
            used.put(base, count == null ? 0 : count + 1);
            String p = prefix + "layers/" + name + "/";
            if (!seen.add(l)) {
                continue; // Keras 3 saves a shared object once
            }
            if (l instanceof Network inner) {
                visit(inner, p, out, byState, seen);
                continue;
            }
            List<WeightRef> refs = l instanceof InputLayer ? List.of()
                    : byState.getOrDefault(LayerState.find(l), List.of());
            List<WeightRef> weights = refs.stream().filter(r -> !r.spec().state()).toList();
            List<WeightRef> states = refs.stream().filter(r -> r.spec().state()).toList();
            String layerName = LayerState.nameOf(l);
            if (l instanceof RNN<?>) {
                out.add(new Vars(p + "vars", layerName, states));
                out.add(new Vars(p + "cell/vars", layerName + "_cell", weights));
            } else if (l instanceof TimeDistributed) {
                out.add(new Vars(p + "vars", layerName, List.of()));
                out.add(new Vars(p + "layer/vars", layerName + "_inner", weights));
            } else {
                out.add(new Vars(p + "vars", layerName, weights));
            }
        }
    }

    // ---- writing ------------------------------------------------------------------------------------

    private static Hdf5Writer weightsFile(Model m, boolean includeOptimizer) {
        Hdf5Writer w = new Hdf5Writer();
        List<Vars> layout = layout(m);
        List<WeightRef> all = new ArrayList<>();
        layout.forEach(v -> all.addAll(v.refs()));
        List<float[]> values = m.runtime.hostValues(all);
        int k = 0;
        for (Vars v : layout) {
            w.group(v.path());
            w.attribute(v.path(), "name", v.objectName());
            for (int i = 0; i < v.refs().size(); i++) {
                w.dataset(v.path() + "/" + i, v.refs().get(i).spec().shape().dims(), values.get(k++));
            }
        }
        CompiledObjective c = m.compiled;
        OptimizerState state = c == null ? null : m.runtime.optimizerState(c.optimizer());
        if (includeOptimizer && c != null && state != null) {
            writeOptimizer(w, c.optimizer(), state, m.weightRefs());
        }
        return w;
    }

    private static void writeOptimizer(Hdf5Writer w, Optimizer<?> o, OptimizerState state, List<WeightRef> refs) {
        String p = "optimizer/vars";
        w.group(p);
        w.attribute(p, "name", o.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        int i = 0;
        w.int64Scalar(p + "/" + i++, state.iterations());
        if (o.decay() == 0) {
            w.dataset(p + "/" + i++, new long[0], new float[] {(float) state.learningRate()});
        }
        if (o instanceof Nadam n) {
            w.dataset(p + "/" + i++, new long[0], new float[] {uProduct(n, state.iterations())});
        }
        for (Slot s : order(o, refs)) {
            float[] v = state.slots().getOrDefault(s.index(), Map.of()).get(s.slot());
            long[] shape = refs.get(s.index()).spec().shape().dims();
            if (v == null || v.length != refs.get(s.index()).spec().size()) {
                v = new float[(int) refs.get(s.index()).spec().size()];
            }
            w.dataset(p + "/" + i++, shape, v);
        }
    }

    /** Keras 3's Nadam {@code u_product}: the product of {@code beta_1 (1 - 0.5 * 0.96^s)} over the steps taken. */
    private static float uProduct(Nadam n, long t) {
        float u = 1f;
        for (long s = 1; s <= t; s++) {
            u *= (float) n.beta1() * (1f - 0.5f * (float) Math.pow(0.96, s));
        }
        return u;
    }

    /** One optimizer slot of one weight. */
    record Slot(int index, String slot) {}

    /** The slots in Keras 3's variable order, after {@code iterations} and {@code learning_rate}. */
    static List<Slot> order(Optimizer<?> o, List<WeightRef> refs) {
        List<Integer> t = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).spec().trainable() && !refs.get(i).spec().state()) {
                t.add(i);
            }
        }
        List<Slot> out = new ArrayList<>();
        if (o instanceof SGD s) {
            if (s.momentum() != 0) {
                t.forEach(i -> out.add(new Slot(i, "momentum")));
            }
        } else if (o instanceof RMSprop r) {
            t.forEach(i -> out.add(new Slot(i, "accumulator")));
            if (r.centered()) {
                t.forEach(i -> out.add(new Slot(i, "mg")));
            }
        } else if (o instanceof Adadelta) {
            t.forEach(i -> {
                out.add(new Slot(i, "accumulator"));
                out.add(new Slot(i, "delta_accumulator"));
            });
        } else if (o instanceof Adam a) {
            t.forEach(i -> {
                out.add(new Slot(i, "m"));
                out.add(new Slot(i, "v"));
            });
            if (a.amsgrad()) {
                t.forEach(i -> out.add(new Slot(i, "vhat")));
            }
        } else if (o instanceof Adamax) {
            t.forEach(i -> {
                out.add(new Slot(i, "m"));
                out.add(new Slot(i, "u"));
            });
        } else if (o instanceof Nadam) {
            t.forEach(i -> {
                out.add(new Slot(i, "m"));
                out.add(new Slot(i, "v"));
            });
        } else {
            t.forEach(i -> out.add(new Slot(i, "accumulator"))); // Adagrad
        }
        return out;
    }

    static void saveWeights(Model m, Path p) throws IOException {
        weightsFile(m, true).write(p);
    }

    static void save(Model m, Path p, boolean includeOptimizer) throws IOException {
        CompiledObjective c = m.compiled;
        Config compile = null;
        if (includeOptimizer && c != null) {
            OptimizerState state = m.runtime.optimizerState(c.optimizer());
            double lr = state != null ? state.learningRate() : c.optimizer().lr();
            compile = Keras3Configs.compileConfig(c, m.compileOptions(), ModelFiles.trainingConfig(m, c, state), lr);
        }
        String config = KerasJson.write(Keras3Configs.model(m, compile));
        String metadata = KerasJson.write(Config.create().put("keras_version", Keras3Configs.KERAS3_VERSION)
                .put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss"))));
        byte[] weights = weightsFile(m, includeOptimizer).toBytes();
        AtomicFiles.write(p, target -> {
            try (OutputStream os = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(os)) {
                stored(zip, "metadata.json", metadata.getBytes(StandardCharsets.UTF_8));
                stored(zip, "config.json", config.getBytes(StandardCharsets.UTF_8));
                stored(zip, WEIGHTS, weights);
            }
        });
    }

    /** Entries are stored uncompressed, as Python's {@code zipfile} writes them by default. */
    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    // ---- reading ------------------------------------------------------------------------------------

    /**
     * The archive's entries: config, metadata, and the weights, memory-mapped in place when the entry is
     * stored uncompressed (as Keras writes it), else extracted to a temporary file.
     */
    private record Archive(Config config, @Nullable Config metadata, Hdf5File weights, @Nullable Path extracted)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            weights.close();
            if (extracted != null) {
                Files.deleteIfExists(extracted);
            }
        }
    }

    private static Archive open(Path p) throws IOException {
        String name = p.getFileName().toString();
        try (ZipFile zip = new ZipFile(p.toFile())) {
            ZipEntry ce = zip.getEntry("config.json");
            ZipEntry we = zip.getEntry(WEIGHTS);
            if (ce == null || we == null) {
                throw new FileFormatException(name + " is a zip archive but not a Keras 3 model: it lacks "
                        + (ce == null ? "config.json" : WEIGHTS) + ". A .keras file holds metadata.json, config.json and "
                        + WEIGHTS + ".");
            }
            Config config = KerasJson.parseObject(new String(zip.getInputStream(ce).readAllBytes(), StandardCharsets.UTF_8),
                    name + ": config.json");
            ZipEntry me = zip.getEntry("metadata.json");
            Config metadata = me == null ? null : KerasJson.parseObject(new String(zip.getInputStream(me).readAllBytes(),
                    StandardCharsets.UTF_8), name + ": metadata.json");
            io.strata.saving.StoredZipEntry stored = io.strata.saving.StoredZipEntry.find(p, WEIGHTS);
            if (stored != null) {
                return new Archive(config, metadata, Hdf5File.open(stored.map(p), name + "/" + WEIGHTS), null);
            }
            Path h5 = Files.createTempFile("strata-keras3-", ".weights.h5");
            try (InputStream in = zip.getInputStream(we)) {
                Files.copy(in, h5, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return new Archive(config, metadata, Hdf5File.open(h5), h5);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(h5);
                throw e;
            }
        } catch (java.util.zip.ZipException e) {
            throw new FileFormatException(name + " is not a readable zip archive (" + e.getMessage() + "); a .keras file "
                    + "may be truncated.", e);
        }
    }

    static Model load(Path p, CustomObjects custom, boolean compile) throws IOException {
        try (Archive a = open(p)) {
            Hdf5File f = a.weights();
            Config config = a.config();
            Model model = Models.fromConfig(config, custom);
            Config compileConfig = config.config("compile_config");
            loadWeights(model, f, false, false);
            if (compile && compileConfig != null) {
                compile(model, compileConfig, custom);
                restoreOptimizer(model, f);
            }
            return model;
        }
    }

    private static void compile(Model model, Config cc, CustomObjects custom) {
        Config tc = Config.create().describing(cc.description() + " > compile_config")
                .put("optimizer_config", cc.get("optimizer")).put("loss", cc.get("loss"))
                .put("metrics", cc.get("metrics")).put("loss_weights", cc.get("loss_weights"))
                .put("weighted_metrics", cc.get("weighted_metrics"));
        io.strata.training.CompileOptions options = io.strata.training.CompileOptions.defaults();
        Object steps = cc.get("steps_per_execution");
        if (steps instanceof Number n && n.intValue() >= 1) {
            options = options.stepsPerExecution(n.intValue());
        }
        Object jit = cc.get("jit_compile");
        if (jit instanceof Boolean b) {
            options = options.jitCompile(b);
        }
        ModelFiles.compile(model, tc, custom, options);
    }

    static void loadWeights(Model m, Path p, boolean skipMismatch) throws IOException {
        try (Archive a = open(p)) {
            loadWeights(m, a.weights(), skipMismatch, true);
        }
    }

    static void loadWeights(Model m, Hdf5File f, boolean skipMismatch) {
        loadWeights(m, f, skipMismatch, true);
    }

    /** Reads every layer's vars (checking counts and shapes first), then sets them at once; the optimizer too. */
    private static void loadWeights(Model m, Hdf5File f, boolean skipMismatch, boolean optimizer) {
        Map<WeightRef, float[]> assign = new LinkedHashMap<>();
        for (Vars v : layout(m)) {
            List<String> keys = f.isGroup(v.path()) ? f.children(v.path()) : List.of();
            if (keys.size() != v.refs().size()) {
                String msg = f.name() + ": layer '" + v.objectName() + "' expected " + v.refs().size() + " variables, but "
                        + "received " + keys.size() + " variables during loading (at " + v.path() + "). The file was saved "
                        + "from a different model.";
                if (skipMismatch) {
                    System.err.println("WARNING: " + msg + " Skipped.");
                    continue;
                }
                throw new ShapeMismatchException(msg + " Build the model the file was saved from.");
            }
            List<float[]> values = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < v.refs().size(); i++) {
                FloatArray a = f.floats(v.path() + "/" + i);
                WeightRef r = v.refs().get(i);
                if (!a.strataShape().equals(r.spec().shape())) {
                    String msg = f.name() + ": the variable " + v.path() + "/" + i + " has shape " + a.strataShape()
                            + ", but " + r.fullName() + " of layer " + v.objectName() + " has shape " + r.spec().shape()
                            + ".";
                    if (!skipMismatch) {
                        throw new ShapeMismatchException(msg + " Build the model the file was saved from.");
                    }
                    System.err.println("WARNING: " + msg + " Skipped.");
                    ok = false;
                    break;
                }
                values.add(a.values());
            }
            if (ok) {
                for (int i = 0; i < values.size(); i++) {
                    assign.put(v.refs().get(i), values.get(i));
                }
            }
        }
        m.runtime.setHostValues(new ArrayList<>(assign.keySet()), new ArrayList<>(assign.values()));
        m.runtime.push();
        if (optimizer && m.compiled != null && f.isGroup("optimizer/vars")) {
            restoreOptimizer(m, f);
        }
    }

    private static void restoreOptimizer(Model m, Hdf5File f) {
        if (!f.isGroup("optimizer/vars")) {
            return;
        }
        Optimizer<?> o = m.optimizer();
        List<WeightRef> refs = m.weightRefs();
        List<Slot> order = order(o, refs);
        int n = f.children("optimizer/vars").size();
        int fixed = 1 + (o.decay() == 0 ? 1 : 0) + (o instanceof Nadam ? 1 : 0);
        if (n != fixed + order.size()) {
            System.err.println("WARNING: Skipping variable loading for optimizer '" + o.getClass().getSimpleName()
                    + "', because it has " + (fixed + order.size()) + " variables whereas the saved optimizer has " + n
                    + " variables. The model starts with a freshly initialized optimizer.");
            return;
        }
        long iterations = f.int64("optimizer/vars/0");
        double lr = o.decay() == 0 ? f.floats("optimizer/vars/1").values()[0] : o.lr();
        Map<Integer, Map<String, float[]>> slots = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Slot s = order.get(i);
            FloatArray a = f.floats("optimizer/vars/" + (fixed + i));
            if (!a.strataShape().equals(refs.get(s.index()).spec().shape())) {
                System.err.println("WARNING: optimizer variable " + (fixed + i) + " has shape " + a.strataShape()
                        + ", not " + refs.get(s.index()).spec().shape() + "; the model starts with a fresh optimizer.");
                return;
            }
            slots.computeIfAbsent(s.index(), x -> new LinkedHashMap<>()).put(s.slot(), a.values());
        }
        Map<String, float[]> globals = new LinkedHashMap<>();
        if (o instanceof Nadam nadam) {
            globals.put("m_schedule", new float[] {(float) OptimizerWeights.nadamSchedule(nadam, iterations)});
        }
        m.runtime.restoreOptimizerState(o, new OptimizerState(iterations, lr, slots, globals));
    }
}
