// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.Shape;
import io.strata.layers.Weight;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A model as a backend sees it at compile time: its inputs and outputs, its weights with their
 * initial values, its forward pass and (once compiled) its training objective.
 *
 * @param inputShapes the batch shapes of the model's inputs, in order
 * @param outputShapes the batch shapes of its outputs, in order
 * @param weights every weight, in Keras's {@code get_weights} order (layer state included)
 * @param initialValues the initial value of each weight, row-major
 * @param forward the forward pass
 * @param training the compiled objective, or null for an inference-only program
 * @param seed the seed from which operation seeds derive
 * @param computeDtypes the compute dtypes of its layers' policies ({@code float32}, {@code bfloat16})
 */
public record ModelDefinition(
        List<Shape> inputShapes,
        List<Shape> outputShapes,
        List<Weight> weights,
        List<float[]> initialValues,
        ForwardFunction forward,
        @Nullable TrainingDefinition training,
        long seed,
        java.util.Set<String> computeDtypes) {

    /** A float32 model. */
    public ModelDefinition(List<Shape> inputShapes, List<Shape> outputShapes, List<Weight> weights,
            List<float[]> initialValues, ForwardFunction forward, @Nullable TrainingDefinition training, long seed) {
        this(inputShapes, outputShapes, weights, initialValues, forward, training, seed, java.util.Set.of("float32"));
    }

    /** Copies the lists. */
    public ModelDefinition {
        computeDtypes = java.util.Set.copyOf(computeDtypes);
        inputShapes = List.copyOf(inputShapes);
        outputShapes = List.copyOf(outputShapes);
        weights = List.copyOf(weights);
        initialValues = List.copyOf(initialValues);
    }
}
