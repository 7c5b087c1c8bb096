// SPDX-License-Identifier: Apache-2.0
package io.strata.training;

import io.strata.InvalidConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The keyword arguments of Keras's {@code fit}, as an immutable value with withers:
 * {@code FitOptions.epochs(10).batchSize(32).validationSplit(0.2)}.
 *
 * <p>Defaults are Keras's: 1 epoch, batch size 32, verbose 1, shuffle, no validation.
 */
public final class FitOptions implements Cloneable {
    private int epochs = 1;
    private int batchSize = 32;
    private int verbose = 1;
    private List<TrainingListener> callbacks = List.of();
    private double validationSplit;
    private @Nullable Object validationX;
    private @Nullable Object validationY;
    private Shuffle shuffle = Shuffle.TRUE;
    private @Nullable Map<?, ?> classWeight;
    private @Nullable Object sampleWeight;
    private int initialEpoch;
    private boolean checkFinite = true;
    private @Nullable Object validationGenerator;
    private int validationSteps;
    private int workers = 1;
    private int maxQueueSize = 10;

    private FitOptions() {}

    /** Keras's defaults. */
    public static FitOptions defaults() {
        return new FitOptions();
    }

    /** The defaults with {@code epochs} epochs: the usual starting point. */
    public static FitOptions epochs(int epochs) {
        return new FitOptions().withEpochs(epochs);
    }

    private FitOptions copy() {
        try {
            return (FitOptions) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** Keras's {@code epochs}: the index of the last epoch (training runs from {@code initialEpoch}). */
    public FitOptions withEpochs(int epochs) {
        if (epochs < 0) {
            throw new InvalidConfigException("fit: 'epochs' must be >= 0, got " + epochs + ".");
        }
        FitOptions c = copy();
        c.epochs = epochs;
        return c;
    }

    /** Keras 1's {@code nb_epoch}: alias of {@link #withEpochs(int)}. */
    public FitOptions nbEpoch(int epochs) {
        return withEpochs(epochs);
    }

    /** Keras's {@code batch_size}. */
    public FitOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new InvalidConfigException("fit: 'batch_size' must be a positive integer, got " + batchSize + ".");
        }
        FitOptions c = copy();
        c.batchSize = batchSize;
        return c;
    }

    /** Keras's {@code verbose}: 0 silent, 1 progress bar, 2 one line per epoch. */
    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new InvalidConfigException("fit: 'verbose' must be 0, 1 or 2, got " + verbose + ".");
        }
        FitOptions c = copy();
        c.verbose = verbose;
        return c;
    }

    /** Keras's {@code callbacks} (any {@link TrainingListener}, {@link io.strata.callbacks.Callback}s included). */
    public FitOptions callbacks(List<? extends TrainingListener> callbacks) {
        FitOptions c = copy();
        c.callbacks = List.copyOf(callbacks);
        return c;
    }

    /** Keras's {@code callbacks}. */
    public FitOptions callbacks(TrainingListener... callbacks) {
        return callbacks(List.of(callbacks));
    }

    /** Adds one listener to the callbacks. */
    public FitOptions listener(TrainingListener listener) {
        List<TrainingListener> all = new ArrayList<>(callbacks);
        all.add(listener);
        return callbacks(all);
    }

    /** Keras's {@code validation_split}: the last fraction of the data (before shuffling) is held out. */
    public FitOptions validationSplit(double split) {
        if (!(split >= 0 && split < 1)) {
            throw new InvalidConfigException("fit: 'validation_split' must be in [0, 1), got " + split + ".");
        }
        FitOptions c = copy();
        c.validationSplit = split;
        return c;
    }

    /** Keras's {@code validation_data}: arrays in the same forms {@code fit} accepts. */
    public FitOptions validationData(Object x, Object y) {
        FitOptions c = copy();
        c.validationX = x;
        c.validationY = y;
        return c;
    }

    /**
     * Keras's {@code validation_data} as a generator: an {@code io.strata.data.Sequence}, or an
     * {@code Iterator<Batch>} with {@link #validationSteps}.
     */
    public FitOptions validationData(Object generator) {
        if (!(generator instanceof io.strata.data.Sequence) && !(generator instanceof java.util.Iterator<?>)) {
            throw new InvalidConfigException("fit: validation_data as one object must be a Sequence or an Iterator of "
                    + "Batch, got " + (generator == null ? "null" : generator.getClass().getName())
                    + "; for arrays use validationData(x, y).");
        }
        FitOptions c = copy();
        c.validationGenerator = generator;
        return c;
    }

    /** Keras's {@code validation_steps}: batches drawn from a validation iterator at each epoch's end. */
    public FitOptions validationSteps(int steps) {
        if (steps <= 0) {
            throw new InvalidConfigException("fit: 'validation_steps' must be positive, got " + steps + ".");
        }
        FitOptions c = copy();
        c.validationSteps = steps;
        return c;
    }

    /**
     * Keras's {@code workers}: threads preparing a {@code Sequence}'s batches while the model trains (1,
     * Keras's default; an iterator is always read by one thread).
     */
    public FitOptions workers(int workers) {
        if (workers <= 0) {
            throw new InvalidConfigException("fit: 'workers' must be positive, got " + workers + ".");
        }
        FitOptions c = copy();
        c.workers = workers;
        return c;
    }

    /** Keras's {@code max_queue_size}: batches prepared ahead of the step that uses them (10). */
    public FitOptions maxQueueSize(int size) {
        if (size <= 0) {
            throw new InvalidConfigException("fit: 'max_queue_size' must be positive, got " + size + ".");
        }
        FitOptions c = copy();
        c.maxQueueSize = size;
        return c;
    }

    /** The validation generator, if any. */
    public @Nullable Object validationGenerator() {
        return validationGenerator;
    }

    /** {@code validation_steps}, 0 if not set. */
    public int validationStepsValue() {
        return validationSteps;
    }

    /** {@code workers}. */
    public int workersValue() {
        return workers;
    }

    /** {@code max_queue_size}. */
    public int maxQueueSizeValue() {
        return maxQueueSize;
    }

    /** Keras's {@code shuffle}. */
    public FitOptions shuffle(Shuffle shuffle) {
        FitOptions c = copy();
        c.shuffle = shuffle;
        return c;
    }

    /** Keras's {@code shuffle=True/False}. */
    public FitOptions shuffle(boolean shuffle) {
        return shuffle(shuffle ? Shuffle.TRUE : Shuffle.FALSE);
    }

    /** Keras's {@code class_weight}: a loss weight per class index. */
    public FitOptions classWeight(Map<Integer, Double> classWeight) {
        FitOptions c = copy();
        c.classWeight = Collections.unmodifiableMap(new LinkedHashMap<>(classWeight));
        return c;
    }

    /** Keras's {@code class_weight} of a model with several outputs: class weights by output name. */
    public FitOptions classWeightByOutput(Map<String, Map<Integer, Double>> classWeights) {
        Map<String, Map<Integer, Double>> copy = new LinkedHashMap<>();
        classWeights.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        FitOptions c = copy();
        c.classWeight = Collections.unmodifiableMap(copy);
        return c;
    }

    /** Keras's {@code sample_weight}: a loss weight per training sample. */
    public FitOptions sampleWeight(float[] sampleWeight) {
        FitOptions c = copy();
        c.sampleWeight = sampleWeight.clone();
        return c;
    }

    /** Keras's {@code sample_weight} of a model with several outputs: one array per output (null for none). */
    public FitOptions sampleWeight(List<float[]> sampleWeights) {
        List<float[]> copy = new ArrayList<>();
        sampleWeights.forEach(w -> copy.add(w == null ? null : w.clone()));
        FitOptions c = copy();
        c.sampleWeight = Collections.unmodifiableList(copy);
        return c;
    }

    /** Keras's {@code sample_weight} of a model with several outputs: arrays by output name. */
    public FitOptions sampleWeight(Map<String, float[]> sampleWeights) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        sampleWeights.forEach((k, v) -> copy.put(k, v.clone()));
        FitOptions c = copy();
        c.sampleWeight = Collections.unmodifiableMap(copy);
        return c;
    }

    /** Keras's {@code initial_epoch}: the epoch to resume at (for logs and schedules). */
    public FitOptions initialEpoch(int initialEpoch) {
        if (initialEpoch < 0) {
            throw new InvalidConfigException("fit: 'initial_epoch' must be >= 0, got " + initialEpoch + ".");
        }
        FitOptions c = copy();
        c.initialEpoch = initialEpoch;
        return c;
    }

    /**
     * Whether {@code fit} checks its arrays (inputs, targets, sample weights, validation data) for NaN and
     * infinities before training, once, naming the first bad value (default true; a NaN turns every
     * weight into NaN at the first step). Pass false for large trusted data.
     */
    public FitOptions checkFinite(boolean check) {
        FitOptions c = copy();
        c.checkFinite = check;
        return c;
    }

    /** Whether the arrays are checked for NaN and infinities. */
    public boolean checkFiniteValue() {
        return checkFinite;
    }

    /** The number of the last epoch. */
    public int epochCount() {
        return epochs;
    }

    /** The batch size. */
    public int batchSizeValue() {
        return batchSize;
    }

    /** The verbosity. */
    public int verboseValue() {
        return verbose;
    }

    /** The callbacks. */
    public List<TrainingListener> callbackList() {
        return callbacks;
    }

    /** The validation split. */
    public double validationSplitValue() {
        return validationSplit;
    }

    /** The validation inputs, or null. */
    public @Nullable Object validationX() {
        return validationX;
    }

    /** The validation targets, or null. */
    public @Nullable Object validationY() {
        return validationY;
    }

    /** The shuffle mode. */
    public Shuffle shuffleValue() {
        return shuffle;
    }

    /** The class weights (by class index, or by output name then class index), or null. */
    public @Nullable Map<?, ?> classWeightValue() {
        return classWeight;
    }

    /** The sample weights: a {@code float[]}, a {@code List} or a {@code Map} by output name of them; or null. */
    public @Nullable Object sampleWeightValue() {
        return sampleWeight instanceof float[] w ? w.clone() : sampleWeight;
    }

    /** The initial epoch. */
    public int initialEpochValue() {
        return initialEpoch;
    }
}
