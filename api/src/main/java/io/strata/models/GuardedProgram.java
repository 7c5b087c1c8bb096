// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.backend.DataSlot;
import io.strata.backend.OptimizerState;
import io.strata.backend.Program;
import io.strata.data.DataArray;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A program whose calls take its holding's read-write lock: whatever changes variables (a step, an
 * upload, a weight or learning-rate write) for writing, whatever only reads them for reading. What the
 * training loop and the model's own calls use, so that predictions on other threads see the weights
 * of one completed step.
 */
final class GuardedProgram implements Program {
    private final Program program;
    private final ReadWriteLock lock;

    GuardedProgram(Program program, ReadWriteLock lock) {
        this.program = program;
        this.lock = lock;
    }

    private <T> T writing(Supplier<T> work) {
        lock.writeLock().lock();
        try {
            return work.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T reading(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void upload(DataSlot slot, List<DataArray> inputs, @Nullable List<DataArray> targets,
            @Nullable List<float @Nullable []> sampleWeights) {
        writing(() -> {
            program.upload(slot, inputs, targets, sampleWeights);
            return null;
        });
    }

    @Override
    public void release(DataSlot slot) {
        writing(() -> {
            program.release(slot);
            return null;
        });
    }

    @Override
    public float[][] trainSteps(int[][] indices) {
        return writing(() -> program.trainSteps(indices));
    }

    @Override
    public io.strata.backend.Gradients gradients(int[] indices) {
        return writing(() -> program.gradients(indices));
    }

    @Override
    public void applyGradients(int[] weights, List<float[]> values) {
        writing(() -> {
            program.applyGradients(weights, values);
            return null;
        });
    }

    @Override
    public float[][] testSteps(int[][] indices) {
        return writing(() -> program.testSteps(indices));
    }

    @Override
    public List<List<float[]>> predict(List<DataArray> inputs, int[] from, int[] to) {
        return reading(() -> program.predict(inputs, from, to));
    }

    @Override
    public List<float[]> readWeights(int[] indices) {
        return reading(() -> program.readWeights(indices));
    }

    @Override
    public void writeWeights(int[] indices, List<float[]> values) {
        writing(() -> {
            program.writeWeights(indices, values);
            return null;
        });
    }

    @Override
    public double learningRate() {
        return reading(program::learningRate);
    }

    @Override
    public void setLearningRate(double lr) {
        writing(() -> {
            program.setLearningRate(lr);
            return null;
        });
    }

    @Override
    public long iterations() {
        return reading(program::iterations);
    }

    @Override
    public OptimizerState optimizerState() {
        return reading(program::optimizerState);
    }

    @Override
    public void restoreOptimizerState(OptimizerState state) {
        writing(() -> {
            program.restoreOptimizerState(state);
            return null;
        });
    }

    /** Does nothing: the holding closes the program, after waiting for the calls in flight. */
    @Override
    public void close() {
        // The holding's run() closes the program under the write lock.
    }
}
