// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.constraints.Constraint;
import io.strata.initializers.Initializer;
import io.strata.initializers.Initializers;
import io.strata.regularizers.Regularizer;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code Embedding}: turns integer indices into dense vectors of size {@code outputDim}.
 *
 * <p>Arguments: {@code inputDim} (the vocabulary size), {@code outputDim}, {@code embeddingsInitializer}
 * (Keras's {@code uniform}, U(-0.05, 0.05)), {@code embeddingsRegularizer}, {@code embeddingsConstraint},
 * {@code maskZero} (index 0 is padding: later recurrent layers skip those steps), {@code inputLength}.
 *
 * <p>Input shape: {@code (batch, sequenceLength)} of whole numbers. Output shape:
 * {@code (batch, sequenceLength, outputDim)}.
 */
public final class Embedding extends BaseLayer<Embedding> {
    private final int vocabulary;
    private final int outputDim;
    private Initializer embeddingsInitializer = Initializers.uniform();
    private @Nullable Regularizer embeddingsRegularizer;
    private @Nullable Constraint embeddingsConstraint;
    private boolean maskZero;

    /** An embedding of a vocabulary of {@code inputDim} indices into {@code outputDim} dimensions. */
    public Embedding(int inputDim, int outputDim) {
        requirePositive("input_dim", inputDim);
        requirePositive("output_dim", outputDim);
        this.vocabulary = inputDim;
        this.outputDim = outputDim;
    }

    @Override
    public String className() {
        return "Embedding";
    }

    /** Keras's {@code input_dim}: the size of the vocabulary (indices are in {@code [0, vocabularySize)}). */
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    protected Shape sampleShapeFromDims(@Nullable Integer dim, @Nullable Integer length) {
        // Keras: input_length gives (input_length,); input_dim is the vocabulary, not a shape.
        return Shape.of(length == null ? Shape.UNKNOWN : length);
    }

    @Override
    public @Nullable Shape declaredBatchInputShape() {
        Shape declared = super.declaredBatchInputShape();
        return declared != null ? declared : Shape.of(Shape.UNKNOWN, Shape.UNKNOWN);
    }

    /** Keras's {@code embeddings_initializer}. */
    public Embedding embeddingsInitializer(Initializer initializer) {
        Embedding c = copy();
        c.embeddingsInitializer = initializer;
        return c;
    }

    /** Keras's {@code embeddings_regularizer}. */
    public Embedding embeddingsRegularizer(@Nullable Regularizer regularizer) {
        Embedding c = copy();
        c.embeddingsRegularizer = regularizer;
        return c;
    }

    /** Keras's {@code embeddings_constraint}. */
    public Embedding embeddingsConstraint(@Nullable Constraint constraint) {
        Embedding c = copy();
        c.embeddingsConstraint = constraint;
        return c;
    }

    /** Keras's {@code mask_zero}. */
    public Embedding maskZero(boolean maskZero) {
        Embedding c = copy();
        c.maskZero = maskZero;
        return c;
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, 2, "(batch, sequence_length)");
        return Shape.of(in.dim(0), in.dim(1), outputDim);
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        Weight embeddings = ctx.addWeight("embeddings", Shape.of(vocabulary, outputDim), embeddingsInitializer,
                embeddingsRegularizer, embeddingsConstraint, true);
        return (c, x) -> {
            Ops ops = c.ops();
            // TF: gather from the read value (ResourceGather has no gradient).
            Tensor y = ops.gather(c.read(embeddings), x, 0);
            c.mask(maskZero ? ops.greater(x, ops.constant(0f)) : null);
            return y;
        };
    }
}
