// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.data.DataArray;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A compiled model on a backend: native state (graph, session, variables) and the steps that the
 * training loop in {@code api} drives. A backend supplies steps only, never its own epoch loop.
 *
 * <p>Data sets are uploaded once per {@code fit} or {@code evaluate} ({@link #upload}) and steps name
 * their batch by sample indices, so the backend decides how batches reach the device. {@link #predict}
 * may be called from several threads at once; everything else is called by one thread at a time
 * (the model enforces this).
 */
public interface Program extends AutoCloseable {
    /**
     * Makes a data set available to the steps of {@code slot}, replacing what was there.
     *
     * @param inputs one array per model input
     * @param targets one array per model output (null for inference-only uploads)
     * @param sampleWeights one weight per sample for each output (null entries are ones), or null for
     *     all ones
     */
    void upload(DataSlot slot, List<DataArray> inputs, @Nullable List<DataArray> targets,
            @Nullable List<float @Nullable []> sampleWeights);

    /** Frees the memory of the data set in {@code slot}. */
    void release(DataSlot slot);

    /** One optimizer step on the {@link DataSlot#TRAIN} samples at {@code indices}: {@code [loss, logs...]}. */
    default float[] trainStep(int[] indices) {
        return trainSteps(new int[][] {indices})[0];
    }

    /**
     * {@code indices.length} optimizer steps in one native call (Keras's {@code steps_per_execution}),
     * step {@code k} on the {@link DataSlot#TRAIN} samples at {@code indices[k]}; the results equal those
     * of as many {@link #trainStep} calls. Returns {@code [loss, logs...]} of each step.
     */
    float[][] trainSteps(int[][] indices);

    /**
     * The loss, logs and gradients on the {@link DataSlot#TRAIN} samples at {@code indices}, without
     * changing any weight or optimizer state (a data-parallel replica's half of a step; stateful
     * layers' own state does advance).
     */
    Gradients gradients(int[] indices);

    /**
     * One optimizer step with the given gradients instead of computed ones ({@code iterations += 1},
     * constraints applied): the other half of a data-parallel step. {@code weights} must be those
     * {@link #gradients} names.
     */
    void applyGradients(int[] weights, List<float[]> values);

    /** The loss and logs on the {@link DataSlot#EVAL} samples at {@code indices}, without training. */
    default float[] testStep(int[] indices) {
        return testSteps(new int[][] {indices})[0];
    }

    /** {@code indices.length} test steps in one native call: {@code [loss, logs...]} of each. */
    float[][] testSteps(int[][] indices);

    /** The model's outputs for samples {@code [from, to)} of {@code inputs}, each row-major. */
    default List<float[]> predict(List<DataArray> inputs, int from, int to) {
        return predict(inputs, new int[] {from}, new int[] {to}).get(0);
    }

    /**
     * The outputs for {@code from.length} batches, batch {@code k} being samples
     * {@code [from[k], to[k])}, in one native call: per batch, one row-major array per output.
     */
    List<List<float[]>> predict(List<DataArray> inputs, int[] from, int[] to);

    /** The current values of the weights at {@code indices} (positions in the definition's list). */
    List<float[]> readWeights(int[] indices);

    /** Replaces the values of the weights at {@code indices}. */
    void writeWeights(int[] indices, List<float[]> values);

    /** The optimizer's base learning rate. */
    double learningRate();

    /** Changes the optimizer's base learning rate (for schedulers). */
    void setLearningRate(double lr);

    /** The number of training steps taken (Keras's {@code iterations}). */
    long iterations();

    /** The optimizer's state: iterations, learning rate and every slot (the program must train). */
    OptimizerState optimizerState();

    /**
     * Restores an optimizer state taken from an earlier program of the same model: iterations and the
     * learning rate at once, each slot when the training step that owns it exists (now or when it is
     * built). Slots of weights the state does not name keep their initial values.
     */
    void restoreOptimizerState(OptimizerState state);

    /** Releases all native memory. Idempotent. */
    @Override
    void close();
}
