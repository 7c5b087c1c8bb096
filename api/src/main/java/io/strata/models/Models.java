// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.layers.Layer;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.KerasJson;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Keras's {@code keras.models} functions: {@code model_from_json}, {@code model_from_config} and
 * {@code load_model}.
 *
 * <pre>{@code
 * Model m = Models.fromJson(json);                       // Keras 1, Keras 2, tf.keras, Keras 3 or tfjs JSON
 * Model trained = Models.load(Path.of("model.h5"));      // compiled, with its optimizer state
 * }</pre>
 */
public final class Models {
    private Models() {}

    /** Keras's {@code model_from_json}: the (uncompiled) model a JSON config describes. */
    public static Model fromJson(String json) {
        return fromJson(json, CustomObjects.none());
    }

    /**
     * Keras's {@code model_from_json} with custom objects. Takes what {@code model.to_json()} writes in
     * every Keras generation, and a tfjs {@code model.json} (its {@code modelTopology}).
     */
    public static Model fromJson(String json, CustomObjects custom) {
        Config c = KerasJson.parseObject(json, "the model JSON");
        if (c.has("modelTopology")) {
            Config topology = c.config("modelTopology");
            if (topology == null) {
                throw new InvalidConfigException("The tfjs model.json has no modelTopology.");
            }
            c = topology.has("model_config") ? topology.config("model_config") : topology;
        } else if (c.has("model_config") && !c.has("class_name")) {
            c = c.config("model_config");
        }
        if (c == null) {
            throw new InvalidConfigException("The model JSON has an empty model_config.");
        }
        return fromConfig(c, custom);
    }

    /** Keras's {@code model_from_config}: the model of {@code {"class_name": ..., "config": ...}}. */
    public static Model fromConfig(Config serialized, CustomObjects custom) {
        if (!serialized.has("class_name")) {
            throw new InvalidConfigException("A model config must be an object with \"class_name\" and \"config\" "
                    + "(what model.toJson() writes); got the keys " + serialized.keys() + ".");
        }
        String cls = serialized.string("class_name");
        if (cls.equals("Graph")) {
            throw new InvalidConfigException("Keras 1's Graph container is not supported (Keras 2 dropped it too); "
                    + "rebuild the model with the functional API.");
        }
        if (!cls.equals("Sequential") && !cls.equals("Model") && !cls.equals("Functional")) {
            throw new InvalidConfigException("model_from_config expects a Sequential, Model or Functional config, got a "
                    + cls + ". For one layer use KerasLayers.deserialize(config, custom).");
        }
        Layer l = ModelConfigs.fromConfig(serialized, custom);
        return (Model) l;
    }

    /**
     * Keras's {@code load_model}: a Keras 2 {@code .h5} model file or a Keras 3 {@code .keras} archive,
     * compiled with its training config and optimizer state when the file has them.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws io.strata.saving.FileFormatException if it is not a Keras model file (a weights-only file is
     *     named as such)
     */
    public static Model load(Path path) throws IOException {
        return load(path, CustomObjects.none(), true);
    }

    /** {@link #load(Path)} of a path string. */
    public static Model load(String path) throws IOException {
        return load(Path.of(path));
    }

    /** {@link #load(Path)} with custom objects. */
    public static Model load(Path path, CustomObjects custom) throws IOException {
        return load(path, custom, true);
    }

    /** {@link #load(Path)} with custom objects; {@code compile = false} loads the model uncompiled (Keras's compile=False). */
    public static Model load(Path path, CustomObjects custom, boolean compile) throws IOException {
        return SaveFormats.load(path, custom, compile);
    }

    /** A layer or model of a serialized config (used for nested models and Keras 1's Merge). */
    public static Layer layerFromConfig(Config serialized, CustomObjects custom) {
        return ModelConfigs.fromConfig(serialized, custom);
    }
}
