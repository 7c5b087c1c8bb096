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

    private SparkFitOptions(int epochs, int batchSize, int workers, boolean shuffle, int timeoutMs) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.workers = workers;
        this.shuffle = shuffle;
        this.timeoutMs = timeoutMs;
    }

    /** One epoch, a global batch of 32, 2 workers, shuffled, 60 s timeout. */
    public static SparkFitOptions defaults() {
        return new SparkFitOptions(1, 32, 2, true, 60_000);
    }

    /** Keras's {@code epochs}. */
    public SparkFitOptions epochs(int epochs) {
        if (epochs < 0) {
            throw new InvalidConfigException("StrataSpark.fit: 'epochs' must be >= 0, got " + epochs + ".");
        }
        return new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs);
    }

    /** The global batch: each step trains on {@code batchSize / workers} samples of every worker. */
    public SparkFitOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new InvalidConfigException("StrataSpark.fit: 'batch_size' must be positive, got " + batchSize + ".");
        }
        return new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs);
    }

    /** How many barrier tasks train (the data is repartitioned to as many partitions). */
    public SparkFitOptions workers(int workers) {
        if (workers <= 0) {
            throw new InvalidConfigException("StrataSpark.fit: 'workers' must be positive, got " + workers + ".");
        }
        return new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs);
    }

    /** Keras's {@code shuffle}: each worker shuffles its samples every epoch (seeded by the epoch and its rank). */
    public SparkFitOptions shuffle(boolean shuffle) {
        return new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs);
    }

    /** How long a task waits for a peer (to connect, or for its part of an exchange) before failing the stage. */
    public SparkFitOptions timeoutMs(int timeoutMs) {
        if (timeoutMs <= 0) {
            throw new InvalidConfigException("StrataSpark.fit: 'timeout' must be positive, got " + timeoutMs + " ms.");
        }
        return new SparkFitOptions(epochs, batchSize, workers, shuffle, timeoutMs);
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
