// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.activations.ActivationFunction;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;

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
public final class Dense extends KernelLayer<Dense> {
    private final int units;

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
        Weight kernel = addKernel(ctx, Shape.of(inputDim, units));
        Weight bias = addBias(ctx, units);
        ActivationFunction activation = activation();
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

    @Override
    public Config getConfig() {
        Config c = super.getConfig().put("units", units);
        return putKernelConfig(c);
    }

    /** Keras's {@code Dense.from_config}; Keras 1's {@code output_dim}, {@code init}, {@code W_regularizer}, … too. */
    public static Dense fromConfig(Config c, CustomObjects custom) {
        c.rename("output_dim", "units");
        return withKernelConfig(new Dense(c.integer("units")), c, custom);
    }
}
