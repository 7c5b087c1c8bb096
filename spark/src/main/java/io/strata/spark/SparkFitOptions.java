// SPDX-License-Identifier: Apache-2.0
package io.strata.spark;

import io.strata.InvalidConfigException;
import java.io.Serializable;

/**
 * The arguments of {@link StrataSpark#fit}: Keras's {@code epochs}, {@code batch_size} (the global
 * batch, split evenly over the workers) and {@code shuffle}, the number of workers (barrier tasks, one
 * partition each), and how long a task waits for a peer before failing the stage.
 */
public final class SparkFitOptions implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int epochs;
    private final int batchSize;
    private final int workers;
    private final boolean shuffle;
    private final int timeoutMs;
    private final int averageEvery;
    private transient org.apache.spark.sql.@org.jspecify.annotations.Nullable Dataset<org.apache.spark.sql.Row> validation;
    private transient java.util.List<io.strata.training.TrainingListener> callbacks = java.util.List.of();

    private SparkFitOptions(int epochs, int batchSize, int workers, boolean shuffle, int timeoutMs, int averageEvery) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.workers = workers;
        this.shuffle = shuffle;
        this.timeoutMs = timeoutMs;
        this.averageEvery = averageEvery;
    }

    private SparkFitOptions carry(SparkFitOptions c) {
        c.validation = validation;
        c.callbacks = callbacks;
        return c;
    }

    /**
     * Keras's {@code callbacks}, run on the driver: training begin and end, and each epoch's begin and
     * end, with the driver's model holding that epoch's weights (ModelCheckpoint, EarlyStopping,
     * LearningRateScheduler, ReduceLROnPlateau, CSVLogger work as in {@code fit}). Batch hooks do not
     * run: the batches are the executors'.
     */
    public SparkFitOptions callbacks(io.strata.training.TrainingListener... listeners) {
        SparkFitOptions c = carry(new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs, averageEvery));
        c.callbacks = java.util.List.of(listeners);
        return c;
    }

    java.util.List<io.strata.training.TrainingListener> callbackList() {
        return callbacks == null ? java.util.List.of() : callbacks;
    }

    /** One epoch, a global batch of 32, 2 workers, shuffled, 60 s timeout. */
    public static SparkFitOptions defaults() {
        return new SparkFitOptions(1, 32, 2, true, 60_000, 0);
    }

    /** Keras's {@code epochs}. */
    public SparkFitOptions epochs(int epochs) {
        if (epochs < 0) {
            throw new InvalidConfigException("StrataSpark.fit: 'epochs' must be >= 0, got " + epochs + ".");
        }
        return carry(new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs, averageEvery));
    }

    /** The global batch: each step trains on {@code batchSize / workers} samples of every worker. */
    public SparkFitOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new InvalidConfigException("StrataSpark.fit: 'batch_size' must be positive, got " + batchSize + ".");
        }
        return carry(new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs, averageEvery));
    }

    /** How many barrier tasks train (the data is repartitioned to as many partitions). */
    public SparkFitOptions workers(int workers) {
        if (workers <= 0) {
            throw new InvalidConfigException("StrataSpark.fit: 'workers' must be positive, got " + workers + ".");
        }
        return carry(new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs, averageEvery));
    }

    /** Keras's {@code shuffle}: each worker shuffles its samples every epoch (seeded by the epoch and its rank). */
    public SparkFitOptions shuffle(boolean shuffle) {
        return carry(new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs, averageEvery));
    }

    /** How long a task waits for a peer (to connect, or for its part of an exchange) before failing the stage. */
    public SparkFitOptions timeoutMs(int timeoutMs) {
        if (timeoutMs <= 0) {
            throw new InvalidConfigException("StrataSpark.fit: 'timeout' must be positive, got " + timeoutMs + " ms.");
        }
        return carry(new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs, averageEvery));
    }

    /**
     * DL4J's parameter averaging instead of exchanging gradients every step: each worker takes its own
     * optimizer steps on its share of every batch, and every {@code k} steps (and at each epoch's end)
     * the workers' weights are replaced by their average. Cheaper on slow networks, no longer exact.
     * 0 (the default) exchanges gradients every step.
     */
    public SparkFitOptions averageWeightsEvery(int k) {
        if (k < 0) {
            throw new InvalidConfigException("StrataSpark.fit: 'averageWeightsEvery' must be >= 0, got " + k + ".");
        }
        return carry(new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs, k));
    }

    /**
     * Keras's {@code validation_data}: a DataFrame with the same input and target columns, evaluated on
     * the driver after every epoch with that epoch's weights ({@code val_loss}, {@code val_<metric>}).
     */
    public SparkFitOptions validationData(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> data) {
        SparkFitOptions c = carry(new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs, averageEvery));
        c.validation = data;
        return c;
    }

    org.apache.spark.sql.@org.jspecify.annotations.Nullable Dataset<org.apache.spark.sql.Row> validationValue() {
        return validation;
    }

    int averageEveryValue() {
        return averageEvery;
    }

    int epochsValue() {
        return epochs;
    }

    int batchSizeValue() {
        return batchSize;
    }

    int workersValue() {
        return workers;
    }

    boolean shuffleValue() {
        return shuffle;
    }

    int timeoutValue() {
        return timeoutMs;
    }
}
