// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.activations.ActivationFunction;
import io.strata.activations.Activations;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.constraints.Constraint;
import io.strata.initializers.Initializer;
import io.strata.initializers.Initializers;
import io.strata.regularizers.Regularizer;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code Dense}: a densely connected layer, {@code output = activation(dot(input, kernel) + bias)}.
 *
 * <p>On inputs of rank greater than 2 it acts on the last axis, as Keras does: {@code Dense(16)} on
 * {@code (None, 5, 3)} gives {@code (None, 5, 16)} with a {@code (3, 16)} kernel shared across the
 * other axes.
 *
 * <p>Arguments (Keras 2 names; Keras 1 aliases in parentheses): {@code units} ({@code output_dim}),
 * {@code activation} (linear), {@code useBias} ({@code bias}; true), {@code kernelInitializer}
 * ({@code init}; glorot_uniform), {@code biasInitializer} (zeros), {@code kernelRegularizer}
 * ({@code W_regularizer}), {@code biasRegularizer} ({@code b_regularizer}), {@code kernelConstraint},
 * {@code biasConstraint}.
 *
 * <p>Input shape: {@code (batch, ..., input_dim)}. Output shape: {@code (batch, ..., units)}.
 *
 * <pre>{@code
 * Layers.dense(32).inputDim(784).activation("relu")
 * }</pre>
 */
public final class Dense extends BaseLayer<Dense> {
    private final int units;
    private ActivationFunction activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private @Nullable Regularizer kernelRegularizer;
    private @Nullable Regularizer biasRegularizer;
    private @Nullable Constraint kernelConstraint;
    private @Nullable Constraint biasConstraint;

    /** A Dense layer of {@code units} outputs (Keras 1: {@code output_dim}). */
    public Dense(int units) {
        requirePositive("units", units);
        this.units = units;
    }

    @Override
    public String className() {
        return "Dense";
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    /** The activation applied to the output. */
    public ActivationFunction activation() {
        return activation;
    }

    /** Whether the layer adds a bias vector. */
    public boolean useBias() {
        return useBias;
    }

    /** The kernel initializer. */
    public Initializer kernelInitializer() {
        return kernelInitializer;
    }

    /** The bias initializer. */
    public Initializer biasInitializer() {
        return biasInitializer;
    }

    /** The kernel regularizer, or null. */
    public @Nullable Regularizer kernelRegularizer() {
        return kernelRegularizer;
    }

    /** The bias regularizer, or null. */
    public @Nullable Regularizer biasRegularizer() {
        return biasRegularizer;
    }

    /** The kernel constraint, or null. */
    public @Nullable Constraint kernelConstraint() {
        return kernelConstraint;
    }

    /** The bias constraint, or null. */
    public @Nullable Constraint biasConstraint() {
        return biasConstraint;
    }

    /** Keras's {@code activation}, by identifier ({@code "relu"}). */
    public Dense activation(String activation) {
        return activation(Activations.named(activation));
    }

    /** Keras's {@code activation}. */
    public Dense activation(ActivationFunction activation) {
        Dense c = copy();
        c.activation = activation;
        return c;
    }

    /** Keras's {@code use_bias}. */
    public Dense useBias(boolean useBias) {
        Dense c = copy();
        c.useBias = useBias;
        return c;
    }

    /** Keras 1's {@code bias}: alias of {@link #useBias(boolean)}. */
    public Dense bias(boolean bias) {
        return useBias(bias);
    }

    /** Keras's {@code kernel_initializer}. */
    public Dense kernelInitializer(Initializer initializer) {
        Dense c = copy();
        c.kernelInitializer = initializer;
        return c;
    }

    /** Keras's {@code kernel_initializer}, by identifier. */
    public Dense kernelInitializer(String id) {
        return kernelInitializer(Initializers.named(id));
    }

    /** Keras 1's {@code init}: alias of {@link #kernelInitializer(String)}. */
    public Dense init(String id) {
        return kernelInitializer(id);
    }

    /** Keras's {@code bias_initializer}. */
    public Dense biasInitializer(Initializer initializer) {
        Dense c = copy();
        c.biasInitializer = initializer;
        return c;
    }

    /** Keras's {@code bias_initializer}, by identifier. */
    public Dense biasInitializer(String id) {
        return biasInitializer(Initializers.named(id));
    }

    /** Keras's {@code kernel_regularizer}. */
    public Dense kernelRegularizer(@Nullable Regularizer regularizer) {
        Dense c = copy();
        c.kernelRegularizer = regularizer;
        return c;
    }

    /** Keras 1's {@code W_regularizer}: alias of {@link #kernelRegularizer}. */
    public Dense wRegularizer(@Nullable Regularizer regularizer) {
        return kernelRegularizer(regularizer);
    }

    /** Keras's {@code bias_regularizer}. */
    public Dense biasRegularizer(@Nullable Regularizer regularizer) {
        Dense c = copy();
        c.biasRegularizer = regularizer;
        return c;
    }

    /** Keras 1's {@code b_regularizer}: alias of {@link #biasRegularizer}. */
    public Dense bRegularizer(@Nullable Regularizer regularizer) {
        return biasRegularizer(regularizer);
    }

    /** Keras's {@code kernel_constraint}. */
    public Dense kernelConstraint(@Nullable Constraint constraint) {
        Dense c = copy();
        c.kernelConstraint = constraint;
        return c;
    }

    /** Keras's {@code bias_constraint}. */
    public Dense biasConstraint(@Nullable Constraint constraint) {
        Dense c = copy();
        c.biasConstraint = constraint;
        return c;
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape inputShape) {
        if (inputShape.rank() < 2) {
            throw new ShapeMismatchException("Input 0 is incompatible with layer " + layerName
                    + ": expected min_ndim=2, found ndim=" + inputShape.rank() + " (input shape " + inputShape
                    + "). Give Dense a (batch, features) input, e.g. inputShape(" + Math.max(1, inputShape.size())
                    + ").");
        }
        if (inputShape.dim(-1) == Shape.UNKNOWN) {
            throw new ShapeMismatchException("The last dimension of the input to Dense layer " + layerName
                    + " should be defined, found " + inputShape + ". Declare the input size with inputShape or inputDim.");
        }
        return inputShape.withLast(units);
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape inputShape) {
        long inputDim = inputShape.dim(-1);
        Weight kernel = ctx.addWeight("kernel", Shape.of(inputDim, units), kernelInitializer, kernelRegularizer,
                kernelConstraint, true);
        Weight bias = useBias
                ? ctx.addWeight("bias", Shape.of(units), biasInitializer, biasRegularizer, biasConstraint, true)
                : null;
        return (c, x) -> {
            Ops ops = c.ops();
            Tensor y;
            if (x.rank() == 2) {
                y = ops.matmul(x, c.read(kernel));
            } else {
                Shape outer = x.shape().withLast(units);
                Tensor flat = ops.reshape(x, Shape.of(Shape.UNKNOWN, inputDim));
                y = ops.reshape(ops.matmul(flat, c.read(kernel)), outer);
            }
            if (bias != null) {
                y = ops.biasAdd(y, c.read(bias));
            }
            return activation.apply(ops, y);
        };
    }
}
