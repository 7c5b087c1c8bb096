// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.constraints.Constraint;
import io.strata.initializers.Initializer;
import io.strata.initializers.Initializers;
import io.strata.regularizers.Regularizer;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.KerasObjects;
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

    @Override
    protected boolean readsInputDim() {
        return false;
    }

    @Override
    public Config getConfig() {
        Config c = super.getConfig();
        c.remove("activity_regularizer");
        Shape declared = declaredBatchInputShape();
        long length = declared != null && declared.rank() == 2 ? declared.dim(1) : Shape.UNKNOWN;
        return c.put("input_dim", vocabulary).put("output_dim", outputDim)
                .put("embeddings_initializer", KerasObjects.serialize(embeddingsInitializer, "embeddings_initializer"))
                .put("embeddings_regularizer", KerasObjects.serialize(embeddingsRegularizer, "embeddings_regularizer"))
                .put("activity_regularizer", KerasObjects.serialize(activityRegularizer(), "activity_regularizer"))
                .put("embeddings_constraint", KerasObjects.serialize(embeddingsConstraint, "embeddings_constraint"))
                .put("mask_zero", maskZero).put("input_length", length == Shape.UNKNOWN ? null : length);
    }

    /** Keras's {@code Embedding.from_config} (Keras 1's {@code init}, {@code W_regularizer}, {@code W_constraint}). */
    public static Embedding fromConfig(Config c, CustomObjects custom) {
        c.rename("init", "embeddings_initializer", "W_regularizer", "embeddings_regularizer",
                "W_constraint", "embeddings_constraint");
        String where = c.description();
        Embedding e = new Embedding(c.integer("input_dim"), c.integer("output_dim"))
                .embeddingsInitializer(KerasObjects.initializer(c.get("embeddings_initializer"), custom,
                        where + " > embeddings_initializer", Initializers.uniform()))
                .embeddingsRegularizer(KerasObjects.regularizer(c.get("embeddings_regularizer"), custom,
                        where + " > embeddings_regularizer"))
                .embeddingsConstraint(KerasObjects.constraint(c.get("embeddings_constraint"), custom,
                        where + " > embeddings_constraint"))
                .maskZero(c.bool("mask_zero", false));
        if (c.hasValue("input_length") && !c.hasValue("batch_input_shape") && !c.hasValue("batch_shape")) {
            Object len = c.get("input_length");
            if (!(len instanceof java.util.List<?>)) {
                e = e.inputLength(c.integer("input_length"));
            }
        }
        return withBaseConfig(e, c, custom);
    }
}
