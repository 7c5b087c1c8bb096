// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import io.strata.InvalidConfigException;
import io.strata.activations.ActivationFunction;
import io.strata.constraints.Constraint;
import io.strata.initializers.Initializer;
import io.strata.layers.Layer;
import io.strata.losses.Loss;
import io.strata.metrics.Metric;
import io.strata.models.MergeFunction;
import io.strata.regularizers.Regularizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code custom_objects}: the user's own layers, activations, losses, metrics, initializers,
 * regularizers, constraints and Keras 1 merge functions, by the name a saved config uses for them.
 * A value: every method returns a new registry.
 *
 * <pre>{@code
 * CustomObjects custom = CustomObjects.none()
 *     .layer("Antirectifier", config -> new Antirectifier().name(config.string("name")))
 *     .loss(new CustomLoss("my_loss", (ops, t, p) -> ...));
 * Model m = Models.load(path, custom);
 * }</pre>
 *
 * <p>A custom layer's factory receives the layer's config as its {@link Layer#getConfig()} wrote it;
 * {@link io.strata.layers.BaseLayer#withBaseConfig} applies the arguments every layer takes (name,
 * trainable, input shape).
 */
public final class CustomObjects {
    private static final CustomObjects NONE = new CustomObjects();

    private final Map<String, LayerFactory> layers = new LinkedHashMap<>();
    private final Map<String, ActivationFunction> activations = new LinkedHashMap<>();
    private final Map<String, Loss> losses = new LinkedHashMap<>();
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final Map<String, Function<Config, ? extends Initializer>> initializers = new LinkedHashMap<>();
    private final Map<String, Function<Config, ? extends Regularizer>> regularizers = new LinkedHashMap<>();
    private final Map<String, Function<Config, ? extends Constraint>> constraints = new LinkedHashMap<>();
    private final Map<String, MergeFunction> mergeFunctions = new LinkedHashMap<>();

    /** How a custom layer class is rebuilt from its config. */
    @FunctionalInterface
    public interface LayerFactory {
        /** The layer for {@code config}; {@code custom} resolves the custom objects inside it. */
        Layer fromConfig(Config config, CustomObjects custom);
    }

    private CustomObjects() {}

    /** No custom objects. */
    public static CustomObjects none() {
        return NONE;
    }

    private CustomObjects copy() {
        CustomObjects c = new CustomObjects();
        c.layers.putAll(layers);
        c.activations.putAll(activations);
        c.losses.putAll(losses);
        c.metrics.putAll(metrics);
        c.initializers.putAll(initializers);
        c.regularizers.putAll(regularizers);
        c.constraints.putAll(constraints);
        c.mergeFunctions.putAll(mergeFunctions);
        return c;
    }

    /** A custom layer class, rebuilt by {@code factory} from its config. */
    public CustomObjects layer(String className, Function<Config, ? extends Layer> factory) {
        return layer(className, (config, custom) -> factory.apply(config));
    }

    /** A custom layer class whose factory needs the custom objects (to read nested objects). */
    public CustomObjects layer(String className, LayerFactory factory) {
        CustomObjects c = copy();
        c.layers.put(className, factory);
        return c;
    }

    /** A custom activation, under its {@link ActivationFunction#id()}. */
    public CustomObjects activation(ActivationFunction activation) {
        CustomObjects c = copy();
        c.activations.put(activation.id(), activation);
        return c;
    }

    /** A custom loss, under its {@link Loss#id()}. */
    public CustomObjects loss(Loss loss) {
        CustomObjects c = copy();
        c.losses.put(loss.id(), loss);
        return c;
    }

    /** A custom metric, under its {@link Metric#id()}. */
    public CustomObjects metric(Metric metric) {
        CustomObjects c = copy();
        c.metrics.put(metric.id(), metric);
        return c;
    }

    /** A custom initializer class (one that implements {@link KerasSerializable}). */
    public CustomObjects initializer(String className, Function<Config, ? extends Initializer> factory) {
        CustomObjects c = copy();
        c.initializers.put(className, factory);
        return c;
    }

    /** A custom regularizer class (one that implements {@link KerasSerializable}). */
    public CustomObjects regularizer(String className, Function<Config, ? extends Regularizer> factory) {
        CustomObjects c = copy();
        c.regularizers.put(className, factory);
        return c;
    }

    /** A custom constraint class (one that implements {@link KerasSerializable}). */
    public CustomObjects constraint(String className, Function<Config, ? extends Constraint> factory) {
        CustomObjects c = copy();
        c.constraints.put(className, factory);
        return c;
    }

    /** A Keras 1 {@code Merge} mode or output-shape function, by the function name the config names. */
    public CustomObjects mergeFunction(String name, MergeFunction function) {
        CustomObjects c = copy();
        c.mergeFunctions.put(name, function);
        return c;
    }

    @Nullable LayerFactory layerFactory(String className) {
        return layers.get(className);
    }

    @Nullable ActivationFunction activationNamed(String name) {
        return activations.get(name);
    }

    @Nullable Loss lossNamed(String name) {
        return losses.get(name);
    }

    @Nullable Metric metricNamed(String name) {
        return metrics.get(name);
    }

    @Nullable Function<Config, ? extends Initializer> initializerFactory(String className) {
        return initializers.get(className);
    }

    @Nullable Function<Config, ? extends Regularizer> regularizerFactory(String className) {
        return regularizers.get(className);
    }

    @Nullable Function<Config, ? extends Constraint> constraintFactory(String className) {
        return constraints.get(className);
    }

    /** The Keras 1 merge function registered as {@code name}; an error naming it if there is none. */
    public MergeFunction mergeFunction(String name) {
        MergeFunction f = mergeFunctions.get(name);
        if (f == null) {
            throw new InvalidConfigException("Unknown Keras 1 merge function '" + name + "'. Register it: "
                    + "CustomObjects.none().mergeFunction(\"" + name + "\", (ops, xs) -> ...)"
                    + (mergeFunctions.isEmpty() ? "." : "; registered: " + mergeFunctions.keySet() + "."));
        }
        return f;
    }

    /** The names of the registered custom layer classes. */
    public Set<String> layerClassNames() {
        return java.util.Collections.unmodifiableSet(layers.keySet());
    }
}
