// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import io.strata.InvalidConfigException;
import io.strata.StrataException;
import io.strata.training.Logs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code ModelCheckpoint}: saves the model (or its weights) after epochs.
 *
 * <p>{@code filepath} is a Python format template filled from the epoch number (from 1) and the
 * epoch's logs: {@code weights.{epoch:02d}-{val_loss:.2f}.h5}. The file's extension chooses the
 * format as {@code model.save} and {@code saveWeights} do ({@code .h5}: Keras 2's HDF5,
 * {@code .keras}: Keras 3's archive, {@code .weights.h5}: Keras 3's weights). Every write is atomic:
 * a process killed while saving leaves the previous file whole.
 *
 * <p>Defaults (Keras 2.2's): {@code monitor = "val_loss"}, {@code verbose = 0},
 * {@code saveBestOnly = false}, {@code saveWeightsOnly = false}, {@code mode = "auto"} (accuracies
 * are maximized, the rest minimized), {@code period = 1}.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.epochs(20).validationSplit(0.1)
 *         .callbacks(new ModelCheckpoint("best.h5").monitor("val_acc").saveBestOnly(true)));
 * }</pre>
 */
public final class ModelCheckpoint extends Callback {
    private final String filepath;
    private String monitor = "val_loss";
    private int verbose;
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private String mode = "auto";
    private int period = 1;

    private boolean increasing;
    private double best;
    private int epochsSinceLastSave;
    private @Nullable Path lastSaved;

    /** A checkpoint to {@code filepath} (a Python format template) after every epoch. */
    public ModelCheckpoint(String filepath) {
        if (filepath == null || filepath.isBlank()) {
            throw new InvalidConfigException("ModelCheckpoint: 'filepath' must name a file, e.g. "
                    + "\"weights.{epoch:02d}-{val_loss:.2f}.h5\".");
        }
        this.filepath = filepath;
    }

    /** A checkpoint to {@code filepath}. */
    public ModelCheckpoint(Path filepath) {
        this(filepath.toString());
    }

    /** Keras's {@code monitor}: the log {@code saveBestOnly} compares. */
    public ModelCheckpoint monitor(String monitor) {
        this.monitor = monitor;
        return this;
    }

    /** Keras's {@code verbose}: 1 prints a line for every save (and every skipped one with saveBestOnly). */
    public ModelCheckpoint verbose(int verbose) {
        this.verbose = verbose;
        return this;
    }

    /** Keras's {@code save_best_only}: save only when {@code monitor} improved. */
    public ModelCheckpoint saveBestOnly(boolean saveBestOnly) {
        this.saveBestOnly = saveBestOnly;
        return this;
    }

    /** Keras's {@code save_weights_only}: {@code saveWeights} instead of {@code save}. */
    public ModelCheckpoint saveWeightsOnly(boolean saveWeightsOnly) {
        this.saveWeightsOnly = saveWeightsOnly;
        return this;
    }

    /** Keras's {@code mode}: {@code auto}, {@code min} or {@code max}. */
    public ModelCheckpoint mode(String mode) {
        Monitor.increasing(monitor, mode, "ModelCheckpoint");
        this.mode = mode;
        return this;
    }

    /** Keras's {@code period}: epochs between checkpoints. */
    public ModelCheckpoint period(int period) {
        if (period < 1) {
            throw new InvalidConfigException("ModelCheckpoint: 'period' must be >= 1, got " + period + ".");
        }
        this.period = period;
        return this;
    }

    /** The best monitored value so far (with {@code saveBestOnly}). */
    public double best() {
        return best;
    }

    /** The last file written, or null. */
    public @Nullable Path lastSaved() {
        return lastSaved;
    }

    @Override
    public void onTrainBegin() {
        increasing = Monitor.increasing(monitor, mode, "ModelCheckpoint");
        best = increasing ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        epochsSinceLastSave = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochsSinceLastSave++;
        if (epochsSinceLastSave < period) {
            return;
        }
        epochsSinceLastSave = 0;
        Map<String, Number> values = new LinkedHashMap<>(logs);
        values.put("epoch", epoch + 1);
        Path path = Path.of(PythonFormat.format(filepath, values, "ModelCheckpoint"));
        if (!saveBestOnly) {
            if (verbose > 0) {
                System.out.printf(Locale.ROOT, "%nEpoch %05d: saving model to %s%n", epoch + 1, path);
            }
            save(path);
            return;
        }
        Double current = Logs.get(logs, monitor);
        if (current == null) {
            System.err.println("WARNING: Can save best model only with " + monitor + " available, skipping. Available: "
                    + logs.keySet() + ".");
            return;
        }
        boolean improved = increasing ? current > best : current < best;
        if (improved) {
            if (verbose > 0) {
                System.out.printf(Locale.ROOT, "%nEpoch %05d: %s improved from %.5f to %.5f, saving model to %s%n",
                        epoch + 1, monitor, best, current, path);
            }
            best = current;
            save(path);
        } else if (verbose > 0) {
            System.out.printf(Locale.ROOT, "%nEpoch %05d: %s did not improve from %.5f%n", epoch + 1, monitor, best);
        }
    }

    private void save(Path path) {
        try {
            if (saveWeightsOnly) {
                model().saveWeights(path);
            } else {
                model().save(path);
            }
            lastSaved = path;
        } catch (IOException e) {
            throw new StrataException("ModelCheckpoint could not write " + path + " (" + e + "). The previous checkpoint, "
                    + "if any, is intact; check that the folder exists and is writable.", e);
        }
    }
}
