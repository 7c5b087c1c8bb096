// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.backend.OptimizerState;
import io.strata.metrics.CustomMetric;
import io.strata.metrics.Metric;
import io.strata.optimizers.Optimizer;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.FileFormatException;
import io.strata.saving.FloatArray;
import io.strata.saving.Hdf5File;
import io.strata.saving.Hdf5Writer;
import io.strata.saving.KerasJson;
import io.strata.saving.KerasObjects;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keras 2's whole-model HDF5 file ({@code save_model}/{@code load_model} of Keras 2.2.4): root
 * attributes {@code keras_version}, {@code backend}, {@code model_config} (the model's JSON) and
 * {@code training_config} (optimizer class and config, loss, metrics, loss weights); the weights in
 * the {@code model_weights} group; the optimizer's state in {@code optimizer_weights}, in Keras's
 * order, so that a loaded model continues training where the saved one stopped.
 */
final class ModelFiles {
    private ModelFiles() {}

    static void saveH5(Model model, Path path, boolean includeOptimizer) throws IOException {
        Hdf5Writer w = new Hdf5Writer();
        w.attribute("/", "keras_version", Network.KERAS_VERSION);
        w.attribute("/", "backend", "tensorflow");
        w.attribute("/", "model_config", KerasJson.write(Config.create().put("class_name", model.className())
                .put("config", model.getConfig())));
        CompiledObjective c = model.compiled;
        OptimizerState state = c == null ? null : model.runtime.optimizerState(c.optimizer());
        if (includeOptimizer && c != null) {
            w.attribute("/", "training_config", KerasJson.write(trainingConfig(model, c, state)));
        }
        WeightFiles.write(w, "model_weights", model);
        if (includeOptimizer && c != null && state != null) {
            writeOptimizer(w, c.optimizer(), state, model.weightRefs());
        }
        w.write(path);
    }

    /** Keras 2.2.4's {@code training_config}; the optimizer's {@code lr} is its current rate, as Keras reads it. */
    static Config trainingConfig(Model model, CompiledObjective c, @Nullable OptimizerState state) {
        Config opt = KerasObjects.serializeOptimizer(c.optimizer());
        if (state != null) {
            opt.config("config").put("lr", state.learningRate());
        }
        List<CompiledObjective.OutputObjective> outs = c.outputs();
        Object loss;
        Object metrics;
        Object weights = null;
        if (outs.size() == 1) {
            loss = outs.get(0).loss().id();
            metrics = metricIds(outs.get(0), "");
            weights = outs.get(0).weight() == 1.0 ? null : List.of(outs.get(0).weight());
        } else {
            Config byLoss = Config.create();
            Config byMetrics = Config.create();
            Config byWeight = Config.create();
            boolean sameMetrics = true;
            boolean unit = true;
            List<String> first = metricIds(outs.get(0), outs.get(0).name() + "_");
            for (CompiledObjective.OutputObjective o : outs) {
                byLoss.put(o.name(), o.loss().id());
                List<String> ids = metricIds(o, o.name() + "_");
                byMetrics.put(o.name(), ids);
                sameMetrics &= ids.equals(first);
                byWeight.put(o.name(), o.weight());
                unit &= o.weight() == 1.0;
            }
            loss = byLoss;
            metrics = sameMetrics ? first : byMetrics;
            weights = unit ? null : byWeight;
        }
        return Config.create().put("optimizer_config", opt).put("loss", loss).put("metrics", metrics)
                .put("sample_weight_mode", null).put("loss_weights", weights);
    }

    /** The metrics of one output as the user named them ({@code acc} stays {@code acc}). */
    private static List<String> metricIds(CompiledObjective.OutputObjective o, String prefix) {
        List<String> out = new ArrayList<>();
        List<Metric> specs = o.metrics();
        Metric previous = null;
        for (int i = 0; i < specs.size(); i++) {
            Metric m = specs.get(i);
            if (m instanceof CustomMetric cm && cm.multiFunction() != null) {
                if (m != previous) {
                    out.add(m.id());
                }
            } else {
                String n = o.metricNames().get(i);
                out.add(n.startsWith(prefix) ? n.substring(prefix.length()) : n);
            }
            previous = m;
        }
        return out;
    }

    private static void writeOptimizer(Hdf5Writer w, Optimizer<?> o, OptimizerState state, List<WeightRef> refs) {
        List<OptimizerWeights.Listed> listed = OptimizerWeights.list(o, state, refs);
        w.group("optimizer_weights");
        w.stringListAttribute("optimizer_weights", "weight_names", listed.stream().map(OptimizerWeights.Listed::name)
                .toList());
        if (!OptimizerWeights.listsIterations(o)) {
            // Keras 2.2.4 does not list this optimizer's step count; kept beside the list (Keras ignores it).
            w.attribute("optimizer_weights", "strata_iterations", state.iterations());
        }
        for (OptimizerWeights.Listed l : listed) {
            String p = "optimizer_weights/" + l.name();
            if (l.isIterations()) {
                w.int64Scalar(p, l.scalar());
            } else {
                w.dataset(p, l.value().shape(), l.value().values());
            }
        }
    }

    // ---- loading ------------------------------------------------------------------------------------

    static Model loadH5(Path path, CustomObjects custom, boolean compile) throws IOException {
        try (Hdf5File f = Hdf5File.open(path)) {
            String json = f.stringAttribute("", "model_config");
            if (json == null) {
                if (f.hasAttribute("", "layer_names") || f.hasAttribute("", "layer_names0")) {
                    throw new FileFormatException(f.name() + " holds weights only (it has layer_names but no model_config). "
                            + "Build the model in code and call model.loadWeights(\"" + f.name() + "\").");
                }
                throw new FileFormatException(f.name() + " is not a Keras model file: it has no model_config attribute. "
                        + "Its top level holds " + f.children("") + ".");
            }
            Model model = Models.fromJson(json, custom);
            if (!f.isGroup("model_weights")) {
                throw new FileFormatException(f.name() + " has a model_config but no model_weights group.");
            }
            WeightFiles.load(model, f, "model_weights", false, false);
            String training = f.stringAttribute("", "training_config");
            if (!compile) {
                return model;
            }
            if (training == null) {
                System.err.println("WARNING: No training configuration found in save file: the model was *not* compiled. "
                        + "Compile it manually.");
                return model;
            }
            compile(model, KerasJson.parseObject(training, f.name() + ": training_config"), custom);
            if (f.isGroup("optimizer_weights")) {
                restoreOptimizer(model, f);
            }
            return model;
        }
    }

    /** Compiles {@code model} from a Keras 2 or tf.keras training config. */
    static void compile(Model model, Config tc, CustomObjects custom) {
        compile(model, tc, custom, io.strata.training.CompileOptions.defaults());
    }

    /** Compiles {@code model} from a training config, with the execution arguments of {@code options}. */
    static void compile(Model model, Config tc, CustomObjects custom, io.strata.training.CompileOptions options) {
        String where = tc.description();
        Optimizer<?> optimizer = KerasObjects.optimizer(tc.get("optimizer_config"), where + " > optimizer_config");
        if (tc.hasValue("sample_weight_mode")) {
            throw new InvalidConfigException(where + ": sample_weight_mode " + KerasJson.write(tc.get("sample_weight_mode"))
                    + " (per-timestep sample weights) is not supported.");
        }
        if (tc.hasValue("weighted_metrics") && !(tc.get("weighted_metrics") instanceof List<?> l && l.isEmpty())) {
            throw new InvalidConfigException(where + ": weighted_metrics are not supported.");
        }
        Object loss = lossArgument(tc.get("loss"), custom, where + " > loss");
        Object metrics = metricsArgument(tc.get("metrics"), model.outputNames(), custom, where + " > metrics");
        Object weights = weightsArgument(tc.get("loss_weights"));
        model.compile(optimizer, loss, metrics, weights, options);
    }

    private static Object lossArgument(@Nullable Object v, CustomObjects custom, String where) {
        if (v == null) {
            throw new InvalidConfigException(where + " is missing: the training config names no loss.");
        }
        if (v instanceof Config c && !c.has("class_name")) {
            Map<String, Object> out = new LinkedHashMap<>();
            c.asMap().forEach((k, x) -> out.put(k, lossArgument(x, custom, where + " > " + k)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(lossArgument(x, custom, where)));
            return out;
        }
        return KerasObjects.loss(v, custom, where);
    }

    private static Object metricsArgument(@Nullable Object v, List<String> outputs, CustomObjects custom, String where) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof Config c && !c.has("class_name")) {
            Map<String, Object> out = new LinkedHashMap<>();
            c.asMap().forEach((k, x) -> out.put(k, metricsArgument(x, outputs, custom, where + " > " + k)));
            return out;
        }
        if (v instanceof List<?> l) {
            // tf.keras 2.x writes one list per output: [[...], [...]].
            if (!l.isEmpty() && l.stream().allMatch(x -> x instanceof List<?>)) {
                if (l.size() == 1) {
                    return metricsArgument(l.get(0), outputs, custom, where);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < l.size() && i < outputs.size(); i++) {
                    out.put(outputs.get(i), metricsArgument(l.get(i), outputs, custom, where));
                }
                return out;
            }
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                Metric m = KerasObjects.metric(x, custom, where);
                // Keep the user's spelling ("acc" reports "acc"): built-ins go back as their identifier.
                out.add(x instanceof String s && !(m instanceof CustomMetric) ? s : m);
            }
            return out;
        }
        return metricsArgument(List.of(v), outputs, custom, where);
    }

    private static @Nullable Object weightsArgument(@Nullable Object v) {
        if (v instanceof Config c) {
            return new LinkedHashMap<>(c.asMap());
        }
        return v;
    }

    private static void restoreOptimizer(Model model, Hdf5File f) {
        List<String> names = f.stringList("optimizer_weights", "weight_names");
        List<FloatArray> values = new ArrayList<>();
        for (String n : names) {
            values.add(f.floats("optimizer_weights/" + n));
        }
        Number kept = f.numberAttribute("optimizer_weights", "strata_iterations");
        Optimizer<?> o = model.optimizer();
        StringBuilder why = new StringBuilder();
        OptimizerState state = OptimizerWeights.fromList(o, names, values, model.weightRefs(),
                kept == null ? -1 : kept.longValue(), o.lr(), why);
        if (state == null) {
            System.err.println("WARNING: Error in loading the saved optimizer state (" + why + "). As a result, the model "
                    + "starts with a freshly initialized optimizer.");
            return;
        }
        model.runtime.restoreOptimizerState(o, state);
    }
}
