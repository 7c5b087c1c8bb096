// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import io.strata.InvalidConfigException;
import io.strata.layers.Activation;
import io.strata.layers.Add;
import io.strata.layers.AveragePooling1D;
import io.strata.layers.AveragePooling2D;
import io.strata.layers.Average;
import io.strata.layers.BatchNormalization;
import io.strata.layers.Concatenate;
import io.strata.layers.Conv1D;
import io.strata.layers.Conv2D;
import io.strata.layers.Dense;
import io.strata.layers.Dot;
import io.strata.layers.Dropout;
import io.strata.layers.Embedding;
import io.strata.layers.Flatten;
import io.strata.layers.GRU;
import io.strata.layers.GlobalPooling;
import io.strata.layers.InputLayer;
import io.strata.layers.LSTM;
import io.strata.layers.Layer;
import io.strata.layers.MaxPooling1D;
import io.strata.layers.MaxPooling2D;
import io.strata.layers.Maximum;
import io.strata.layers.Minimum;
import io.strata.layers.Multiply;
import io.strata.layers.Permute;
import io.strata.layers.RepeatVector;
import io.strata.layers.Reshape;
import io.strata.layers.SimpleRNN;
import io.strata.layers.Subtract;
import io.strata.layers.TimeDistributed;
import io.strata.layers.UpSampling;
import io.strata.layers.ZeroPadding;
import io.strata.models.Models;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras's {@code layers.deserialize}: the layer classes a config may name, with the names every Keras
 * generation used for them (Keras 1's {@code Convolution2D}, tf.keras's {@code MaxPool2D}), and the
 * models a config may nest ({@code Sequential}, {@code Model}, Keras 3's {@code Functional}, Keras 1's
 * {@code Merge}). Custom classes come first, from {@link CustomObjects}.
 */
public final class KerasLayers {
    private static final Map<String, CustomObjects.LayerFactory> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("InputLayer", InputLayer::fromConfig);
        BUILT_IN.put("Dense", Dense::fromConfig);
        BUILT_IN.put("Activation", Activation::fromConfig);
        BUILT_IN.put("Dropout", Dropout::fromConfig);
        BUILT_IN.put("Flatten", Flatten::fromConfig);
        BUILT_IN.put("Reshape", Reshape::fromConfig);
        BUILT_IN.put("Permute", Permute::fromConfig);
        BUILT_IN.put("RepeatVector", RepeatVector::fromConfig);
        BUILT_IN.put("Embedding", Embedding::fromConfig);
        BUILT_IN.put("BatchNormalization", BatchNormalization::fromConfig);
        BUILT_IN.put("Conv1D", Conv1D::fromConfig);
        BUILT_IN.put("Conv2D", Conv2D::fromConfig);
        BUILT_IN.put("MaxPooling1D", MaxPooling1D::fromConfig);
        BUILT_IN.put("MaxPooling2D", MaxPooling2D::fromConfig);
        BUILT_IN.put("AveragePooling1D", AveragePooling1D::fromConfig);
        BUILT_IN.put("AveragePooling2D", AveragePooling2D::fromConfig);
        BUILT_IN.put("GlobalAveragePooling1D", (c, x) -> GlobalPooling.fromConfig(false, 1, c, x));
        BUILT_IN.put("GlobalMaxPooling1D", (c, x) -> GlobalPooling.fromConfig(true, 1, c, x));
        BUILT_IN.put("GlobalAveragePooling2D", (c, x) -> GlobalPooling.fromConfig(false, 2, c, x));
        BUILT_IN.put("GlobalMaxPooling2D", (c, x) -> GlobalPooling.fromConfig(true, 2, c, x));
        BUILT_IN.put("ZeroPadding1D", (c, x) -> ZeroPadding.fromConfig(1, c, x));
        BUILT_IN.put("ZeroPadding2D", (c, x) -> ZeroPadding.fromConfig(2, c, x));
        BUILT_IN.put("UpSampling1D", (c, x) -> UpSampling.fromConfig(1, c, x));
        BUILT_IN.put("UpSampling2D", (c, x) -> UpSampling.fromConfig(2, c, x));
        BUILT_IN.put("SimpleRNN", SimpleRNN::fromConfig);
        BUILT_IN.put("LSTM", LSTM::fromConfig);
        BUILT_IN.put("GRU", GRU::fromConfig);
        BUILT_IN.put("TimeDistributed", TimeDistributed::fromConfig);
        BUILT_IN.put("Add", Add::fromConfig);
        BUILT_IN.put("Subtract", Subtract::fromConfig);
        BUILT_IN.put("Multiply", Multiply::fromConfig);
        BUILT_IN.put("Average", Average::fromConfig);
        BUILT_IN.put("Maximum", Maximum::fromConfig);
        BUILT_IN.put("Minimum", Minimum::fromConfig);
        BUILT_IN.put("Concatenate", Concatenate::fromConfig);
        BUILT_IN.put("Dot", Dot::fromConfig);
    }

    /** Other generations' names of the same classes. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("Convolution1D", "Conv1D"),
            Map.entry("Convolution2D", "Conv2D"),
            Map.entry("MaxPool1D", "MaxPooling1D"),
            Map.entry("MaxPool2D", "MaxPooling2D"),
            Map.entry("AvgPool1D", "AveragePooling1D"),
            Map.entry("AvgPool2D", "AveragePooling2D"),
            Map.entry("GlobalAvgPool1D", "GlobalAveragePooling1D"),
            Map.entry("GlobalMaxPool1D", "GlobalMaxPooling1D"),
            Map.entry("GlobalAvgPool2D", "GlobalAveragePooling2D"),
            Map.entry("GlobalMaxPool2D", "GlobalMaxPooling2D"));

    /** The classes of nested models, built by {@link Models}. */
    private static final Set<String> MODELS = Set.of("Sequential", "Model", "Functional", "Merge");

    private KerasLayers() {}

    /** The class names a config may use for the built-in layers, Keras 2 names first. */
    public static List<String> supported() {
        List<String> out = new java.util.ArrayList<>(BUILT_IN.keySet());
        out.addAll(List.of("Sequential", "Model", "Merge (Keras 1)"));
        return out;
    }

    /** Whether {@code className} is a built-in layer or model class (in any generation's name). */
    public static boolean isBuiltIn(String className) {
        return BUILT_IN.containsKey(className) || ALIASES.containsKey(className) || MODELS.contains(className);
    }

    /**
     * The layer of a serialized layer, {@code {"class_name": ..., "config": {...}}}; a nested model is
     * rebuilt whole.
     *
     * @throws InvalidConfigException for an unknown class, naming it, listing the supported ones and
     *     saying how to register a custom one
     */
    public static Layer deserialize(Config serialized, CustomObjects custom) {
        String cls = className(serialized);
        Object inner = serialized.get("config");
        Config config = inner instanceof Config c ? c : Config.create();
        String name = config.get("name") instanceof String s ? s : null;
        config.describing("layer " + (name != null ? name + " " : "") + "(" + cls + ")");
        CustomObjects.LayerFactory f = custom.layerFactory(cls);
        if (f != null) {
            return f.fromConfig(config, custom);
        }
        if (MODELS.contains(cls)) {
            return Models.layerFromConfig(serialized, custom);
        }
        f = BUILT_IN.get(ALIASES.getOrDefault(cls, cls));
        if (f == null) {
            throw new InvalidConfigException("Unknown layer class '" + cls + "'" + (name != null ? " (layer " + name + ")" : "")
                    + ". Strata supports " + String.join(", ", supported()) + ". For a layer of your own, register its "
                    + "factory: CustomObjects.none().layer(\"" + cls + "\", config -> ...)"
                    + (custom.layerClassNames().isEmpty() ? "" : " (registered: " + custom.layerClassNames() + ")") + ".");
        }
        return f.fromConfig(config, custom);
    }

    /** The class of a serialized layer: Keras 3's {@code registered_name} for a custom one, else {@code class_name}. */
    static String className(Config serialized) {
        String cls = serialized.string("class_name");
        String registered = serialized.string("registered_name", null);
        if (registered != null && !registered.isEmpty() && !registered.equals(cls) && !isBuiltIn(cls)) {
            return registered.contains(">") ? registered.substring(registered.indexOf('>') + 1) : registered;
        }
        return cls;
    }
}
