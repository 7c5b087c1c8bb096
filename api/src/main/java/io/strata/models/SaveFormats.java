// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.saving.CustomObjects;
import io.strata.saving.FileFormatException;
import io.strata.saving.Hdf5File;
import io.strata.saving.Hdf5Writer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Which format a path means, as Keras decides: {@code .keras} is Keras 3's zip, {@code .weights.h5}
 * Keras 3's weights, other {@code .h5} Keras 2's HDF5 layouts; on loading, the file's own content
 * (a zip or HDF5 signature, Keras 2's {@code layer_names} or Keras 3's {@code layers}) decides.
 */
final class SaveFormats {
    private SaveFormats() {}

    static boolean isKeras3Weights(Path p) {
        return p.getFileName().toString().endsWith(".weights.h5");
    }

    static void saveWeights(Model m, Path p) throws IOException {
        if (isKeras3Weights(p)) {
            Keras3Files.saveWeights(m, p);
            return;
        }
        Hdf5Writer w = new Hdf5Writer();
        WeightFiles.write(w, "", m);
        w.write(p);
    }

    static void save(Model m, Path p, boolean includeOptimizer) throws IOException {
        String name = p.getFileName().toString();
        if (name.endsWith(".keras")) {
            Keras3Files.save(m, p, includeOptimizer);
        } else if (name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".hdf")) {
            if (isKeras3Weights(p)) {
                throw new InvalidConfigException("save: " + name + " is a weights file name (*.weights.h5); use "
                        + "saveWeights for weights, or a .keras or .h5 name to save the whole model.");
            }
            ModelFiles.saveH5(m, p, includeOptimizer);
        } else {
            throw new InvalidConfigException("Invalid filepath extension for saving: " + name + ". Add either a .keras "
                    + "extension for Keras 3's format (recommended) or a .h5 extension for Keras 2's HDF5 format.");
        }
    }

    static void loadWeights(Model m, Path p, boolean byName, boolean skipMismatch) throws IOException {
        if (isZip(p)) {
            if (byName) {
                throw new InvalidConfigException("loadWeights: by-name loading reads Keras 2's HDF5 layout; " + p.getFileName()
                        + " is a .keras archive, whose weights Keras 3 loads by the model's structure.");
            }
            Keras3Files.loadWeights(m, p, skipMismatch);
            return;
        }
        try (Hdf5File f = Hdf5File.open(p)) {
            if (f.hasAttribute("", "layer_names") || f.hasAttribute("", "layer_names0")) {
                WeightFiles.load(m, f, "", byName, skipMismatch);
            } else if (f.isGroup("model_weights")) {
                WeightFiles.load(m, f, "model_weights", byName, skipMismatch);
            } else if (f.isGroup("layers") || f.isGroup("vars")) {
                if (byName) {
                    throw new InvalidConfigException("loadWeights: " + f.name() + " is in Keras 3's layout, which has no "
                            + "layer names to match; load it without byName.");
                }
                Keras3Files.loadWeights(m, f, skipMismatch);
            } else {
                throw new FileFormatException(f.name() + " is an HDF5 file but not a Keras weights file: it has neither "
                        + "Keras 2's layer_names nor Keras 3's layers group. Its top level holds " + f.children("") + ".");
            }
        }
    }

    static Model load(Path p, CustomObjects custom, boolean compile) throws IOException {
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString(), null, "no such model file");
        }
        if (isZip(p)) {
            return Keras3Files.load(p, custom, compile);
        }
        return ModelFiles.loadH5(p, custom, compile);
    }

    static boolean isZip(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        }
    }
}
