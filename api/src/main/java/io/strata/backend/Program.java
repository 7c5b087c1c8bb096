// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.data.DataArray;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A compiled model on a backend: native state (graph, session, variables) and the steps that the
 * training loop in {@code api} drives. A backend supplies steps only, never its own epoch loop.
 *
 * <p>Data sets are uploaded once ({@link #upload}) and batches are gathered by index on the backend,
 * so a training step moves only an index vector. {@link #predict} may be called from several threads
 * at once; everything else is called by one thread at a time (the model enforces this).
 */
public interface Program extends AutoCloseable {
    /**
     * Uploads a data set into {@code slot}, replacing what was there.
     *
     * @param targets null for {@link DataSlot#EVAL} uploads used only for prediction
     * @param sampleWeights one weight per sample, or null for ones
     */
    void upload(DataSlot slot, List<DataArray> inputs, @Nullable DataArray targets, float @Nullable [] sampleWeights);

    /** Frees the memory of the data set in {@code slot}. */
    void release(DataSlot slot);

    /** One optimizer step on the {@link DataSlot#TRAIN} samples at {@code indices}: {@code [loss, metrics...]}. */
    float[] trainStep(int[] indices);

    /** The loss and metrics on the {@link DataSlot#EVAL} samples at {@code indices}, without training. */
    float[] testStep(int[] indices);

    /** The model's outputs for samples {@code [from, to)} of {@code inputs}, row-major. */
    float[] predict(List<DataArray> inputs, int from, int to);

    /** The current weight values, in the definition's order. */
    List<float[]> readWeights();

    /** Replaces the weight values, in the definition's order. */
    void writeWeights(List<float[]> values);

    /** The optimizer's base learning rate. */
    double learningRate();

    /** Changes the optimizer's base learning rate (for schedulers). */
    void setLearningRate(double lr);

    /** The number of training steps taken (Keras's {@code iterations}). */
    long iterations();

    /** Sets stateful layers' states to zero. */
    void resetStates();

    /** Releases all native memory. Idempotent. */
    @Override
    void close();
}
