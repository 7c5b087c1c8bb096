// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.layers.Layer;
import io.strata.layers.Node;
import io.strata.layers.SymbolicTensor;
import io.strata.optimizers.Adadelta;
import io.strata.optimizers.Adagrad;
import io.strata.optimizers.Adam;
import io.strata.optimizers.Adamax;
import io.strata.optimizers.Nadam;
import io.strata.optimizers.Optimizer;
import io.strata.optimizers.RMSprop;
import io.strata.optimizers.SGD;
import io.strata.saving.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keras 3's {@code config.json}: the model as {@code serialize_keras_object} writes it. Every object
 * carries {@code module}, {@code class_name}, {@code config} and {@code registered_name}; layers have
 * a {@code dtype} policy and a {@code build_config}; a Sequential lists its InputLayer first; a
 * functional model's nodes hold {@code __keras_tensor__} arguments. Layer configs start from Keras
 * 2.2's (what {@link Layer#getConfig()} writes) and take Keras 3's keys: Keras 3 refuses any key its
 * constructors do not take ({@code implementation}, {@code input_length}, {@code batch_input_shape}).
 */
final class Keras3Configs {
    private Keras3Configs() {}

    /** The Keras version whose format the {@code .keras} writer follows. */
    static final String KERAS3_VERSION = "3.8.0";

    private static final Set<String> RECURRENT = Set.of("SimpleRNN", "LSTM", "GRU");
    private static final Set<String> GLOBAL_POOLING = Set.of("GlobalAveragePooling1D", "GlobalMaxPooling1D",
            "GlobalAveragePooling2D", "GlobalMaxPooling2D");

    static Config object(String module, String cls, Object config) {
        return Config.create().put("module", module).put("class_name", cls).put("config", config)
                .put("registered_name", null);
    }

    static Config dtypePolicy() {
        return dtypePolicy("float32");
    }

    static Config dtypePolicy(String name) {
        return object("keras", "DTypePolicy", Config.create().put("name", name));
    }

    /** The Keras 3 policy of a Keras 2 layer config: tf.keras's {@code Policy} object, else float32. */
    private static Config dtypePolicyOf(Config k2) {
        if (k2.get("dtype") instanceof Config p && p.get("config") instanceof Config inner
                && inner.get("name") instanceof String name) {
            return dtypePolicy(name);
        }
        return dtypePolicy();
    }

    /** The model's serialized config, with {@code build_config} and (when compiled) {@code compile_config}. */
    static Config model(Model m, @Nullable Config compileConfig) {
        Config c = network(m);
        c.put("build_config", Config.create().put("input_shape", m.inputs().size() == 1 ? m.inputShapes().get(0)
                : m.inputShapes()));
        if (compileConfig != null) {
            c.put("compile_config", compileConfig);
        }
        return c;
    }

    private static Config network(Network n) {
        if (n instanceof Sequential s) {
            if (s.isMergeModel()) {
                throw new InvalidConfigException("Model " + s.name() + " starts with a Keras 1 Merge, which Keras 3 has no "
                        + "class for; save it as .h5, or rebuild it with the functional API (Layers.concatenate()).");
            }
            List<Object> layers = new ArrayList<>();
            SymbolicTensor input = s.inputs().get(0);
            layers.add(inputLayer(LayerState.nameOf(input.layer()), input.shape()));
            for (Layer l : s.layers()) {
                layers.add(layer(l, s.topology().firstNode(l).inputShapes()));
            }
            Config c = Config.create().put("name", s.name()).put("trainable", true).put("dtype", dtypePolicy())
                    .put("layers", layers).put("build_input_shape", input.shape());
            return object("keras", "Sequential", c);
        }
        Topology t = n.topology();
        Map<Node, Integer> index = ModelConfigs.nodeIndices(t);
        List<Object> layers = new ArrayList<>();
        for (Layer l : t.layers) {
            Node first = t.layerNodes.get(l).get(0);
            Config entry = l instanceof io.strata.layers.InputLayer
                    ? inputLayer(LayerState.nameOf(l), first.outputs().get(0).shape())
                    : layer(l, first.inputShapes());
            entry.put("name", LayerState.nameOf(l));
            List<Object> nodes = new ArrayList<>();
            for (Node node : t.layerNodes.get(l)) {
                if (node.inputs().isEmpty()) {
                    continue;
                }
                List<Object> tensors = new ArrayList<>();
                for (SymbolicTensor x : node.inputs()) {
                    tensors.add(kerasTensor(x, index.get(x.node())));
                }
                Object args = tensors.size() == 1 ? tensors.get(0) : tensors;
                nodes.add(Config.create().put("args", List.of(args)).put("kwargs", Config.create()));
            }
            entry.put("inbound_nodes", nodes);
            layers.add(entry);
        }
        Config c = Config.create().put("name", n.name()).put("trainable", true).put("layers", layers)
                .put("input_layers", coordinates(t.inputs, index)).put("output_layers", coordinates(t.outputs, index));
        return object("keras", "Functional", c);
    }

    private static Config kerasTensor(SymbolicTensor x, int node) {
        return Config.create().put("class_name", "__keras_tensor__").put("config", Config.create()
                .put("shape", x.shape()).put("dtype", "float32")
                .put("keras_history", List.of(LayerState.nameOf(x.layer()), node, x.index())));
    }

    private static List<Object> coordinates(List<SymbolicTensor> tensors, Map<Node, Integer> index) {
        List<Object> out = new ArrayList<>();
        for (SymbolicTensor x : tensors) {
            out.add(List.of(LayerState.nameOf(x.layer()), index.get(x.node()), x.index()));
        }
        return out;
    }

    private static Config inputLayer(String name, Shape batchShape) {
        Config c = Config.create().put("batch_shape", batchShape).put("dtype", "float32").put("sparse", false)
                .put("name", name);
        return object("keras.layers", "InputLayer", c);
    }

    /** One layer in Keras 3's form, from its Keras 2.2 config. */
    static Config layer(Layer l, @Nullable List<Shape> inputShapes) {
        if (l instanceof Network n) {
            Config c = network(n);
            c.put("build_config", Config.create().put("input_shape", n.inputs().size() == 1 ? n.inputShapes().get(0)
                    : n.inputShapes()));
            return c;
        }
        String cls = l.className();
        if (cls.equals("Merge")) {
            throw new InvalidConfigException("Layer " + LayerState.nameOf(l) + " is a Keras 1 Merge, which Keras 3 has no "
                    + "class for; save the model as .h5, or use a Keras 2 merge layer (Layers.concatenate(), add()...).");
        }
        Config k2 = l.getConfig();
        String name = LayerState.nameOf(l);
        Config c = layerConfig(cls, k2, name);
        Config out = object(module(cls), cls, c);
        if (inputShapes != null && !inputShapes.isEmpty()) {
            out.put("build_config", Config.create().put("input_shape", inputShapes.size() == 1 ? inputShapes.get(0)
                    : inputShapes));
        }
        return out;
    }

    private static String module(String cls) {
        return io.strata.saving.KerasLayers.isBuiltIn(cls) ? "keras.layers" : null;
    }

    private static Config layerConfig(String cls, Config k2, @Nullable String name) {
        Config c = Config.create().put("name", name != null ? name : k2.get("name"))
                .put("trainable", k2.get("trainable")).put("dtype", dtypePolicyOf(k2));
        for (Map.Entry<String, @Nullable Object> e : k2.asMap().entrySet()) {
            String k = e.getKey();
            if (Set.of("name", "trainable", "dtype", "batch_input_shape").contains(k)) {
                continue;
            }
            c.put(k, convertValue(k, e.getValue()));
        }
        switch (cls) {
            case "Conv1D", "Conv2D" -> insertAfter(c, "dilation_rate", "groups", 1L);
            case "BatchNormalization" -> c.put("synchronized", false);
            case "Embedding" -> c.remove("input_length");
            case "ZeroPadding1D" -> c.put("data_format", "channels_last");
            case "TimeDistributed" -> {
                Config inner = k2.config("layer");
                if (inner != null) {
                    String innerCls = inner.string("class_name");
                    Config innerCfg = inner.config("config");
                    c.put("layer", object(module(innerCls), innerCls, layerConfig(innerCls, innerCfg, null)));
                }
            }
            default -> { }
        }
        if (GLOBAL_POOLING.contains(cls)) {
            c.put("keepdims", false);
        }
        if (RECURRENT.contains(cls)) {
            c.remove("implementation");
            c.put("seed", null);
            insertAfter(c, "unroll", "zero_output_for_mask", false);
        }
        if (!c.hasValue("activity_regularizer") && !Set.of("Dense", "Conv1D", "Conv2D", "Embedding", "SimpleRNN", "LSTM",
                "GRU").contains(cls)) {
            c.remove("activity_regularizer");
        }
        return c;
    }

    private static void insertAfter(Config c, String after, String key, Object value) {
        Config copy = c.copy();
        for (String k : copy.keys()) {
            c.remove(k);
        }
        for (Map.Entry<String, @Nullable Object> e : copy.asMap().entrySet()) {
            c.put(e.getKey(), e.getValue());
            if (e.getKey().equals(after)) {
                c.put(key, value);
            }
        }
        if (!c.has(key)) {
            c.put(key, value);
        }
    }

    /** Initializers, regularizers and constraints as Keras 3 objects. */
    private static @Nullable Object convertValue(String key, @Nullable Object v) {
        if (!(v instanceof Config o) || !o.has("class_name") || key.equals("layer")) {
            return v;
        }
        String cls = o.string("class_name");
        Config cfg = o.config("config") == null ? Config.create() : o.config("config").copy();
        if (key.endsWith("_initializer")) {
            if (cls.equals("VarianceScaling")) {
                String preset = preset(cfg);
                if (preset != null) {
                    return object("keras.initializers", preset, Config.create().put("seed", null));
                }
                if ("normal".equals(cfg.get("distribution"))) {
                    cfg.put("distribution", "truncated_normal");
                }
            }
            return object("keras.initializers", cls, cfg);
        }
        if (key.endsWith("_regularizer")) {
            return object("keras.regularizers", cls, cfg);
        }
        if (key.endsWith("_constraint")) {
            return object("keras.constraints", cls, cfg);
        }
        return v;
    }

    private static @Nullable String preset(Config vs) {
        double scale = vs.number("scale", 1.0);
        String mode = vs.string("mode", "");
        String d = vs.string("distribution", "");
        String kind = d.equals("uniform") ? "Uniform" : d.equals("normal") || d.equals("truncated_normal") ? "Normal" : null;
        if (kind == null) {
            return null;
        }
        if (scale == 1.0 && mode.equals("fan_avg")) {
            return "Glorot" + kind;
        }
        if (scale == 2.0 && mode.equals("fan_in")) {
            return "He" + kind;
        }
        if (scale == 1.0 && mode.equals("fan_in")) {
            return "Lecun" + kind;
        }
        return null;
    }

    // ---- compile ------------------------------------------------------------------------------------

    /** Keras 3's {@code compile_config}. */
    static Config compileConfig(CompiledObjective c, io.strata.training.CompileOptions options, Config trainingConfig,
            double learningRate) {
        Boolean jit = options.jitCompileValue();
        return Config.create().put("optimizer", optimizer(c.optimizer(), learningRate))
                .put("loss", trainingConfig.get("loss")).put("loss_weights", trainingConfig.get("loss_weights"))
                .put("metrics", trainingConfig.get("metrics")).put("weighted_metrics", null).put("run_eagerly", false)
                .put("steps_per_execution", (long) options.stepsPerExecutionValue())
                .put("jit_compile", jit == null ? "auto" : jit);
    }

    /** A Strata optimizer as its Keras 3 twin (Keras 2.2's {@code decay} as an {@code InverseTimeDecay} schedule). */
    static Config optimizer(Optimizer<?> o, double learningRate) {
        Object lr = learningRate;
        if (o.decay() > 0) {
            lr = object("keras.optimizers.schedules", "InverseTimeDecay", Config.create()
                    .put("initial_learning_rate", learningRate).put("decay_steps", 1L).put("decay_rate", o.decay())
                    .put("staircase", false).put("name", "InverseTimeDecay"));
        }
        String cls = o.getClass().getSimpleName();
        Config c = Config.create().put("name", cls.toLowerCase(java.util.Locale.ROOT)).put("learning_rate", lr)
                .put("weight_decay", null).put("clipnorm", null)
                .put("global_clipnorm", o.clipnorm() > 0 ? (Object) o.clipnorm() : null)
                .put("clipvalue", o.clipvalue() > 0 ? (Object) o.clipvalue() : null).put("use_ema", false)
                .put("ema_momentum", 0.99).put("ema_overwrite_frequency", null).put("loss_scale_factor", null)
                .put("gradient_accumulation_steps", null);
        if (o instanceof SGD s) {
            c.put("momentum", s.momentum()).put("nesterov", s.nesterov());
        } else if (o instanceof RMSprop r) {
            c.put("rho", r.rho()).put("momentum", 0.0).put("epsilon", r.epsilon()).put("centered", r.centered());
        } else if (o instanceof Adagrad a) {
            c.put("initial_accumulator_value", a.initialAccumulatorValue()).put("epsilon", a.epsilon());
        } else if (o instanceof Adadelta a) {
            c.put("rho", a.rho()).put("epsilon", a.epsilon());
        } else if (o instanceof Adam a) {
            c.put("beta_1", a.beta1()).put("beta_2", a.beta2()).put("epsilon", a.epsilon()).put("amsgrad", a.amsgrad());
        } else if (o instanceof Adamax a) {
            c.put("beta_1", a.beta1()).put("beta_2", a.beta2()).put("epsilon", a.epsilon());
        } else if (o instanceof Nadam n) {
            c.put("beta_1", n.beta1()).put("beta_2", n.beta2()).put("epsilon", n.epsilon());
        }
        return object("keras.optimizers", cls, c);
    }
}
