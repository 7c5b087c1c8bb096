// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import io.strata.InvalidConfigException;
import io.strata.activations.ActivationFunction;
import io.strata.activations.Activations;
import io.strata.constraints.Constraint;
import io.strata.constraints.Constraints;
import io.strata.constraints.MaxNorm;
import io.strata.constraints.MinMaxNorm;
import io.strata.constraints.NonNeg;
import io.strata.constraints.UnitNorm;
import io.strata.initializers.Constant;
import io.strata.initializers.Identity;
import io.strata.initializers.Initializer;
import io.strata.initializers.Initializers;
import io.strata.initializers.Orthogonal;
import io.strata.initializers.RandomNormal;
import io.strata.initializers.RandomUniform;
import io.strata.initializers.TruncatedNormal;
import io.strata.initializers.VarianceScaling;
import io.strata.losses.Loss;
import io.strata.losses.Losses;
import io.strata.metrics.Metric;
import io.strata.metrics.Metrics;
import io.strata.optimizers.Adadelta;
import io.strata.optimizers.Adagrad;
import io.strata.optimizers.Adam;
import io.strata.optimizers.Adamax;
import io.strata.optimizers.Nadam;
import io.strata.optimizers.Optimizer;
import io.strata.optimizers.RMSprop;
import io.strata.optimizers.SGD;
import io.strata.regularizers.L1L2;
import io.strata.regularizers.Regularizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code serialize}/{@code deserialize} for the objects inside layer and training configs:
 * activations, initializers, regularizers, constraints, optimizers, losses and metrics. Writing
 * produces Keras 2.2's forms; reading takes what every generation wrote: Keras 1's strings and
 * {@code {"name": ...}} dicts, Keras 2's {@code {"class_name", "config"}}, tf.keras's and Keras 3's
 * class names ({@code GlorotUniform}, {@code L2}) and Keras 3's {@code module}/{@code registered_name}
 * wrappers.
 */
public final class KerasObjects {
    private static final Map<String, Function<Config, Initializer>> INITIALIZERS = new LinkedHashMap<>();
    private static final Map<String, Function<Config, Constraint>> CONSTRAINTS = new LinkedHashMap<>();
    private static final Map<String, Function<Config, Optimizer<?>>> OPTIMIZERS = new LinkedHashMap<>();

    static {
        INITIALIZERS.put("VarianceScaling", VarianceScaling::fromConfig);
        INITIALIZERS.put("RandomNormal", RandomNormal::fromConfig);
        INITIALIZERS.put("RandomUniform", RandomUniform::fromConfig);
        INITIALIZERS.put("TruncatedNormal", TruncatedNormal::fromConfig);
        INITIALIZERS.put("Constant", Constant::fromConfig);
        INITIALIZERS.put("Zeros", c -> Initializers.zeros());
        INITIALIZERS.put("Ones", c -> Initializers.ones());
        INITIALIZERS.put("Orthogonal", Orthogonal::fromConfig);
        INITIALIZERS.put("Identity", Identity::fromConfig);
        // tf.keras and Keras 3 name the VarianceScaling presets.
        INITIALIZERS.put("GlorotUniform", c -> Initializers.glorotUniform());
        INITIALIZERS.put("GlorotNormal", c -> Initializers.glorotNormal());
        INITIALIZERS.put("HeUniform", c -> Initializers.heUniform());
        INITIALIZERS.put("HeNormal", c -> Initializers.heNormal());
        INITIALIZERS.put("LecunUniform", c -> Initializers.lecunUniform());
        INITIALIZERS.put("LecunNormal", c -> Initializers.lecunNormal());
        INITIALIZERS.put("IdentityInitializer", Identity::fromConfig);
        INITIALIZERS.put("OrthogonalInitializer", Orthogonal::fromConfig);

        CONSTRAINTS.put("MaxNorm", MaxNorm::fromConfig);
        CONSTRAINTS.put("NonNeg", NonNeg::fromConfig);
        CONSTRAINTS.put("UnitNorm", UnitNorm::fromConfig);
        CONSTRAINTS.put("MinMaxNorm", MinMaxNorm::fromConfig);

        OPTIMIZERS.put("sgd", SGD::fromConfig);
        OPTIMIZERS.put("rmsprop", RMSprop::fromConfig);
        OPTIMIZERS.put("adagrad", Adagrad::fromConfig);
        OPTIMIZERS.put("adadelta", Adadelta::fromConfig);
        OPTIMIZERS.put("adam", Adam::fromConfig);
        OPTIMIZERS.put("adamax", Adamax::fromConfig);
        OPTIMIZERS.put("nadam", Nadam::fromConfig);
    }

    private KerasObjects() {}

    // ---- objects with a class and a config --------------------------------------------------------

    /** Keras's {@code {"class_name": ..., "config": ...}} of a serializable object, or null for null. */
    public static @Nullable Config serialize(@Nullable Object object, String where) {
        if (object == null) {
            return null;
        }
        if (object instanceof KerasSerializable s) {
            return Config.create().put("class_name", s.kerasClassName()).put("config", s.getConfig());
        }
        throw new InvalidConfigException(where + " is " + object.getClass().getName() + ", which Keras cannot name: "
                + "it has no class name and config. Implement io.strata.saving.KerasSerializable on it (and register "
                + "its factory with CustomObjects to load it back), or use a built-in one.");
    }

    /** The class name and config of a serialized object, from any generation's form. */
    private record Named(String className, Config config) {}

    private static Named named(Object value, String where) {
        if (value instanceof String s) {
            return new Named(s, Config.create().describing(where));
        }
        if (!(value instanceof Config c)) {
            throw new InvalidConfigException(where + " must be an identifier or a {\"class_name\", \"config\"} object, "
                    + "got " + KerasJson.write(value) + ".");
        }
        if (c.has("class_name")) {
            Object inner = c.get("config");
            Config config = inner instanceof Config ic ? ic : Config.create();
            String cls = c.string("class_name");
            // Keras 3's registered_name names a custom class as "package>Class".
            String registered = c.string("registered_name", null);
            if (registered != null && !registered.isEmpty() && !registered.equals(cls)) {
                cls = registered.contains(">") ? registered.substring(registered.indexOf('>') + 1) : registered;
            }
            return new Named(cls, config.describing(where + " (" + cls + ")"));
        }
        if (c.has("name")) { // Keras 1: {"name": "L1L2Regularizer", "l1": ..., "l2": ...}
            Config config = c.copy();
            config.remove("name");
            return new Named(c.string("name"), config.describing(where));
        }
        throw new InvalidConfigException(where + ": expected a \"class_name\" key, got " + c + ".");
    }

    /** The initializer a config names: a string id (Keras 1), or a class and its config. */
    public static Initializer initializer(@Nullable Object value, CustomObjects custom, String where,
            Initializer fallback) {
        if (value == null) {
            return fallback;
        }
        Named n = named(value, where);
        Function<Config, ? extends Initializer> f = custom.initializerFactory(n.className);
        if (f != null) {
            return f.apply(n.config);
        }
        if (value instanceof String s) {
            return Initializers.named(snake(s));
        }
        Function<Config, Initializer> builtin = INITIALIZERS.get(n.className);
        if (builtin == null) {
            try {
                return Initializers.named(snake(n.className));
            } catch (InvalidConfigException e) {
                throw unknown("initializer", n.className, where, INITIALIZERS.keySet().toString(),
                        "CustomObjects.none().initializer(\"" + n.className + "\", config -> ...)");
            }
        }
        return builtin.apply(n.config);
    }

    /** The regularizer a config names, or null. */
    public static @Nullable Regularizer regularizer(@Nullable Object value, CustomObjects custom, String where) {
        if (value == null) {
            return null;
        }
        Named n = named(value, where);
        Function<Config, ? extends Regularizer> f = custom.regularizerFactory(n.className);
        if (f != null) {
            return f.apply(n.config);
        }
        return switch (n.className) {
            case "L1L2", "L1", "L2", "L1L2Regularizer", "WeightRegularizer", "ActivityRegularizer", "l1_l2" ->
                    L1L2.fromConfig(n.config);
            case "l1" -> new L1L2(0.01, 0);
            case "l2" -> new L1L2(0, 0.01);
            default -> throw unknown("regularizer", n.className, where, "[L1L2, L1, L2]",
                    "CustomObjects.none().regularizer(\"" + n.className + "\", config -> ...)");
        };
    }

    /** The constraint a config names, or null. */
    public static @Nullable Constraint constraint(@Nullable Object value, CustomObjects custom, String where) {
        if (value == null) {
            return null;
        }
        Named n = named(value, where);
        Function<Config, ? extends Constraint> f = custom.constraintFactory(n.className);
        if (f != null) {
            return f.apply(n.config);
        }
        if (value instanceof String s) {
            return Constraints.named(s);
        }
        Function<Config, Constraint> builtin = CONSTRAINTS.get(n.className);
        if (builtin == null) {
            throw unknown("constraint", n.className, where, CONSTRAINTS.keySet().toString(),
                    "CustomObjects.none().constraint(\"" + n.className + "\", config -> ...)");
        }
        return builtin.apply(n.config);
    }

    // ---- activations, losses, metrics: identifiers -------------------------------------------------

    /** The identifier Keras writes for an activation. */
    public static String serializeActivation(ActivationFunction activation) {
        return activation.id();
    }

    /** The activation a config names ({@code "relu"}; Keras 3 may wrap it in an object). */
    public static ActivationFunction activation(@Nullable Object value, CustomObjects custom, String where) {
        if (value == null) {
            return Activations.LINEAR;
        }
        String id;
        if (value instanceof String s) {
            id = s;
        } else if (value instanceof Config c && c.get("config") instanceof String s) {
            id = s; // Keras 3: {"module": "keras.activations", "class_name": "function", "config": "relu"}
        } else if (value instanceof Config c && c.has("class_name")) {
            id = c.string("class_name");
        } else {
            throw new InvalidConfigException(where + " must be an activation identifier such as \"relu\", got "
                    + KerasJson.write(value) + ".");
        }
        ActivationFunction a = custom.activationNamed(id);
        if (a != null) {
            return a;
        }
        try {
            return Activations.named(id);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(where + ": " + e.getMessage() + " To load a model with a custom activation, "
                    + "register it: CustomObjects.none().activation(new CustomActivation(\"" + id + "\", (ops, x) -> ...)).");
        }
    }

    /** The loss a training config names. */
    public static Loss loss(Object value, CustomObjects custom, String where) {
        if (value instanceof Config c && c.config("config") != null) {
            Config lc = c.config("config");
            if (lc.bool("from_logits", false)) {
                throw new InvalidConfigException(where + ": the loss takes logits (from_logits=true); Strata's losses "
                        + "take the model's outputs (probabilities). Add a softmax or sigmoid to the last layer and "
                        + "compile with the plain loss.");
            }
            if (lc.number("label_smoothing", 0) != 0) {
                throw new InvalidConfigException(where + ": label_smoothing=" + lc.number("label_smoothing")
                        + " is not supported; smooth the targets before fit instead.");
            }
        }
        String id = identifier(value, where, "loss");
        Loss l = custom.lossNamed(id);
        if (l != null) {
            return l;
        }
        try {
            return Losses.named(snake(id));
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(where + ": unknown loss '" + id + "'. To load a model trained with a custom "
                    + "loss, register it: CustomObjects.none().loss(new CustomLoss(\"" + id + "\", (ops, yTrue, yPred) -> "
                    + "...)). " + e.getMessage());
        }
    }

    /** The metric a training config names. */
    public static Metric metric(Object value, CustomObjects custom, String where) {
        String id = identifier(value, where, "metric");
        Metric m = custom.metricNamed(id);
        if (m != null) {
            return m;
        }
        try {
            return Metrics.named(id);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(where + ": unknown metric '" + id + "'. To load a model compiled with a "
                    + "custom metric, register it: CustomObjects.none().metric(CustomMetric.of(\"" + id + "\", ...)). "
                    + e.getMessage());
        }
    }

    private static String identifier(Object value, String where, String what) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Config c) {
            Object inner = c.get("config");
            if (inner instanceof String s) {
                return s; // Keras 3's function wrapper
            }
            if (inner instanceof Config ic && ic.get("name") instanceof String s) {
                // tf.keras and Keras 3 objects name themselves as they log: {"class_name": "MeanMetricWrapper",
                // "config": {"name": "accuracy", "fn": "categorical_accuracy"}}.
                return s;
            }
            if (inner instanceof Config ic && ic.get("fn") instanceof String s) {
                return s;
            }
            if (c.has("class_name")) {
                return snake(c.string("class_name"));
            }
        }
        throw new InvalidConfigException(where + " must name a " + what + ", got " + KerasJson.write(value) + ".");
    }

    // ---- optimizers ---------------------------------------------------------------------------------

    /** Keras's {@code {"class_name": "SGD", "config": {...}}} of an optimizer. */
    public static Config serializeOptimizer(Optimizer<?> optimizer) {
        return Config.create().put("class_name", optimizer.getClass().getSimpleName()).put("config", optimizer.getConfig());
    }

    /** The optimizer a training config names (class names are case-insensitive, as in Keras). */
    public static Optimizer<?> optimizer(Object value, String where) {
        Named n = named(value, where);
        Function<Config, Optimizer<?>> f = OPTIMIZERS.get(n.className.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new InvalidConfigException(where + ": unknown optimizer '" + n.className + "'. Strata has "
                    + "SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax and Nadam; load the model without compiling "
                    + "(Models.load(path, custom, false)) and compile it with one of them.");
        }
        return f.apply(n.config);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** {@code GlorotUniform -> glorot_uniform}, identifiers unchanged. */
    static String snake(String name) {
        if (name.equals(name.toLowerCase(Locale.ROOT))) {
            return name;
        }
        String s = name.replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
        return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static InvalidConfigException unknown(String kind, String name, String where, String known, String register) {
        return new InvalidConfigException(where + ": unknown " + kind + " class '" + name + "'. Built-in: " + known
                + ". For your own class, register it: " + register + ".");
    }
}
