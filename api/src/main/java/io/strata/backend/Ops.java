// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.Shape;
import java.util.List;

/**
 * The backend-neutral operations that layers, activations, losses, metrics, regularizers and
 * constraints are written against.
 *
 * <p>Every tensor is float32; comparisons return 0/1 floats and index results are floats holding
 * whole numbers, as Keras's backend functions do after their casts. Binary operations broadcast
 * as NumPy does. Axes may be negative (counted from the end). The interface is only as large as the
 * shipped layers need; a custom layer written against it runs on every backend.
 */
public interface Ops {
    // ---- constants and shapes -------------------------------------------------------------------

    /** A scalar constant. */
    Tensor constant(float value);

    /** A constant of the given shape from row-major values. */
    Tensor constant(float[] values, Shape shape);

    /** {@code x} reshaped; {@code shape} may hold one {@link Shape#UNKNOWN} dimension (inferred). */
    Tensor reshape(Tensor x, Shape shape);

    /** {@code x} with its axes permuted. */
    Tensor transpose(Tensor x, int... permutation);

    /** The tensors joined along {@code axis}. */
    Tensor concat(List<Tensor> xs, int axis);

    /** {@code x} with a new axis of size 1 at {@code axis}. */
    Tensor expandDims(Tensor x, int axis);

    /** {@code x} without the size-1 axis {@code axis}. */
    Tensor squeeze(Tensor x, int axis);

    /** {@code x} repeated {@code multiples[i]} times along each axis. */
    Tensor tile(Tensor x, int... multiples);

    /** Slices of {@code params} along {@code axis} at the whole-number {@code indices}. */
    Tensor gather(Tensor params, Tensor indices, int axis);

    /** One-hot vectors of length {@code depth} for whole-number {@code indices} (a new last axis). */
    Tensor oneHot(Tensor indices, int depth);

    /** A tensor of zeros shaped like {@code x} (batch dimension included). */
    Tensor zerosLike(Tensor x);

    /** A tensor of ones shaped like {@code x} (batch dimension included). */
    Tensor onesLike(Tensor x);

    /** {@code x} as a constant for differentiation: no gradient flows through it. */
    Tensor stopGradient(Tensor x);

    // ---- elementwise ----------------------------------------------------------------------------

    /** {@code a + b}. */
    Tensor add(Tensor a, Tensor b);

    /** {@code a - b}. */
    Tensor sub(Tensor a, Tensor b);

    /** {@code a * b}. */
    Tensor mul(Tensor a, Tensor b);

    /** {@code a / b}. */
    Tensor div(Tensor a, Tensor b);

    /** {@code a ^ b}. */
    Tensor pow(Tensor a, Tensor b);

    /** The larger of {@code a} and {@code b}. */
    Tensor maximum(Tensor a, Tensor b);

    /** The smaller of {@code a} and {@code b}. */
    Tensor minimum(Tensor a, Tensor b);

    /** 1 where {@code a == b}, else 0. */
    Tensor equal(Tensor a, Tensor b);

    /** 1 where {@code a > b}, else 0. */
    Tensor greater(Tensor a, Tensor b);

    /** 1 where {@code a >= b}, else 0. */
    Tensor greaterEqual(Tensor a, Tensor b);

    /** {@code a} where {@code condition} is non-zero, else {@code b}. */
    Tensor where(Tensor condition, Tensor a, Tensor b);

    /** {@code -x}. */
    Tensor neg(Tensor x);

    /** {@code |x|}. */
    Tensor abs(Tensor x);

    /** The sign of {@code x}: -1, 0 or 1. */
    Tensor sign(Tensor x);

    /** {@code x * x}. */
    Tensor square(Tensor x);

    /** The square root. */
    Tensor sqrt(Tensor x);

    /** {@code e^x}. */
    Tensor exp(Tensor x);

    /** The natural logarithm. */
    Tensor log(Tensor x);

    /** {@code log(1 + x)}. */
    Tensor log1p(Tensor x);

    /** Rounds down. */
    Tensor floor(Tensor x);

    /** Rounds half to even. */
    Tensor round(Tensor x);

    /** {@code x} clipped to {@code [min, max]}. */
    Tensor clip(Tensor x, float min, float max);

    /** {@code max(x, 0)}. */
    Tensor relu(Tensor x);

    /** {@code 1 / (1 + e^-x)}. */
    Tensor sigmoid(Tensor x);

    /** The hyperbolic tangent. */
    Tensor tanh(Tensor x);

    /** {@code log(1 + e^x)}. */
    Tensor softplus(Tensor x);

    /** {@code x / (1 + |x|)}. */
    Tensor softsign(Tensor x);

    /** {@code x} for {@code x > 0}, else {@code e^x - 1}. */
    Tensor elu(Tensor x);

    /** The scaled ELU of Klambauer et al. (2017), with its fixed alpha and scale. */
    Tensor selu(Tensor x);

    /** The softmax along {@code axis}. */
    Tensor softmax(Tensor x, int axis);

    // ---- reductions and linear algebra ----------------------------------------------------------

    /** The sum over {@code axes} (all axes if none are given). */
    Tensor sum(Tensor x, boolean keepDims, int... axes);

    /** The mean over {@code axes} (all axes if none are given). */
    Tensor mean(Tensor x, boolean keepDims, int... axes);

    /** The maximum over {@code axes} (all axes if none are given). */
    Tensor max(Tensor x, boolean keepDims, int... axes);

    /** The index of the largest value along {@code axis}, as a float. */
    Tensor argmax(Tensor x, int axis);

    /** 1 where the target index is among the {@code k} largest predictions of its row, else 0. */
    Tensor inTopK(Tensor predictions, Tensor targetIndices, int k);

    /** The matrix product of two rank-2 tensors. */
    Tensor matmul(Tensor a, Tensor b);

    /** {@code x + bias} with a rank-1 {@code bias} added along the last axis (fusable with a preceding matmul). */
    Tensor biasAdd(Tensor x, Tensor bias);

    /**
     * The batched matrix product of two rank-3 tensors {@code (batch, n, k) x (batch, k, m)}, each
     * optionally transposed in its last two axes first ({@code adjointA}, {@code adjointB}).
     */
    Tensor batchMatmul(Tensor a, Tensor b, boolean adjointA, boolean adjointB);

    /**
     * Keras's {@code batch_dot(x, y, axes)} for tensors of rank 2 or 3: the dot product of each sample
     * of {@code x} with the same sample of {@code y}, along {@code axisX} of {@code x} and {@code axisY}
     * of {@code y} (both non-negative, not the batch axis). Two rank-2 inputs give {@code (batch, 1)}.
     */
    default Tensor batchDot(Tensor x, Tensor y, int axisX, int axisY) {
        int xRank = x.rank();
        int yRank = y.rank();
        Tensor a = x;
        Tensor b = y;
        // Keras: the lower-rank input gets trailing size-1 axes, squeezed from the result afterwards.
        for (int r = xRank; r < yRank; r++) {
            a = expandDims(a, -1);
        }
        for (int r = yRank; r < xRank; r++) {
            b = expandDims(b, -1);
        }
        int rank = Math.max(xRank, yRank);
        Tensor out;
        if (rank == 2) {
            out = sum(mul(a, b), true, axisX);
        } else {
            out = batchMatmul(a, b, axisX != rank - 1, axisY == rank - 1);
            int diff = Math.abs(xRank - yRank);
            if (diff > 0) {
                int at = xRank > yRank ? xRank + yRank - 3 : xRank - 1;
                for (int k = diff - 1; k >= 0; k--) {
                    out = squeeze(out, at + k);
                }
            }
        }
        if (out.rank() == 1) {
            out = expandDims(out, 1);
        }
        return out;
    }

    /** {@code x} divided by its L2 norm along {@code axis} (Keras's {@code l2_normalize}, epsilon 1e-12). */
    default Tensor l2Normalize(Tensor x, int axis) {
        Tensor squares = sum(square(x), true, axis);
        return div(x, sqrt(maximum(squares, constant(1e-12f))));
    }

    // ---- fused losses ---------------------------------------------------------------------------

    /**
     * If {@code probabilities} was produced by {@link #softmax} over its last axis, the logits it was
     * computed from; otherwise null. Losses use it to take the exact, fused logits path that
     * TensorFlow's Keras takes for softmax outputs.
     */
    @org.jspecify.annotations.Nullable Tensor softmaxLogits(Tensor probabilities);

    /** If {@code probabilities} was produced by {@link #sigmoid}, its input; otherwise null. */
    @org.jspecify.annotations.Nullable Tensor sigmoidLogits(Tensor probabilities);

    /**
     * Whether every row of {@code t} (along its last axis) is known to sum to 1, as the targets of a
     * batch are when the backend checked their data (one-hot or probability rows). A loss may then
     * take a cheaper form that is exact only for such targets. The default knows nothing.
     */
    default boolean isDistribution(Tensor t) {
        return false;
    }

    /**
     * {@code -sum(labels * log_softmax(logits), axis=-1)}, computed stably in one fused op. Its gradient
     * is right only where the rows of {@code labels} sum to 1 (see {@link #isDistribution}).
     */
    Tensor softmaxCrossEntropyWithLogits(Tensor labels, Tensor logits);

    /** {@code max(z, 0) - z * labels + log(1 + e^-|z|)} elementwise, the stable sigmoid cross-entropy. */
    Tensor sigmoidCrossEntropyWithLogits(Tensor labels, Tensor logits);

    // ---- convolution, pooling and sequences ----------------------------------------------------

    /**
     * A 2-D convolution of a channels-last input {@code (batch, rows, cols, in)} with a kernel
     * {@code (kRows, kCols, in, out)}.
     *
     * @param padding {@code valid} or {@code same}
     */
    Tensor conv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation);

    /** 2-D max pooling of a channels-last input; {@code padding} is {@code valid} or {@code same}. */
    Tensor maxPool2d(Tensor x, int[] poolSize, int[] strides, String padding);

    /** 2-D average pooling of a channels-last input; {@code padding} is {@code valid} or {@code same}. */
    Tensor avgPool2d(Tensor x, int[] poolSize, int[] strides, String padding);

    /** Zero padding: {@code paddings[i] = {before, after}} for every axis. */
    Tensor pad(Tensor x, int[][] paddings);

    /** {@code x} split into {@code parts} equal pieces along {@code axis}. */
    List<Tensor> split(Tensor x, int axis, int parts);

    /** The slices of {@code x} along {@code axis}, each without that axis. */
    List<Tensor> unstack(Tensor x, int axis);

    /** The tensors joined along a new axis {@code axis}. */
    Tensor stack(List<Tensor> xs, int axis);

    /**
     * {@code x} multiplied by {@code kernel (d, n)} along its last axis: {@code (..., d)} gives
     * {@code (..., n)}; leading dimensions may be unknown.
     */
    Tensor matmulLastAxis(Tensor x, Tensor kernel);

    /** One step of a {@link #recurrence}. */
    @FunctionalInterface
    interface RecurrentStep {
        /**
         * The new states (the first is the step's output) from one time step of the input, the previous
         * states and the loop's constants. It may be called more than once and on another {@code Ops}
         * (a loop body), so it must only build operations from its arguments.
         */
        List<Tensor> apply(Ops ops, Tensor input, List<Tensor> states, List<Tensor> constants);

        /**
         * Keras's masked step: where {@code mask (batch, 1)} is 0 the previous states are kept (and the
         * previous output repeated); {@code mask} null means no masking.
         */
        static List<Tensor> masked(RecurrentStep step, Ops ops, Tensor input, @org.jspecify.annotations.Nullable Tensor mask,
                List<Tensor> states, List<Tensor> constants) {
            List<Tensor> next = step.apply(ops, input, states, constants);
            if (next.size() != states.size()) {
                throw new IllegalStateException("A recurrent step returned " + next.size() + " states for "
                        + states.size() + " previous states.");
            }
            if (mask == null) {
                return next;
            }
            List<Tensor> kept = new java.util.ArrayList<>(next.size());
            for (int k = 0; k < next.size(); k++) {
                kept.add(ops.where(mask, next.get(k), states.get(k)));
            }
            return kept;
        }
    }

    /**
     * What {@link #recurrence} returns.
     *
     * @param outputs the first state after every step, time-major {@code (timesteps, batch, units)};
     *     null unless the sequence was asked for
     * @param finalStates the states after the last step
     */
    record Recurrence(@org.jspecify.annotations.Nullable Tensor outputs, List<Tensor> finalStates) {}

    /**
     * Runs {@code step} over the time steps of {@code inputs}, a time-major tensor
     * {@code (timesteps, batch, features)}, from {@code initialStates}. Gradients flow to the inputs,
     * the initial states and the {@code constants} (weights the step reads, such as a recurrent
     * kernel).
     *
     * <p>This default unrolls the loop, so the number of time steps must be known. A backend may run
     * it as a loop instead (TensorFlow does for long or unknown sequences).
     *
     * @param mask time-major {@code (timesteps, batch, 1)}, 1 for steps to take and 0 for steps to
     *     skip; null for none
     */
    default Recurrence recurrence(Tensor inputs, @org.jspecify.annotations.Nullable Tensor mask, List<Tensor> initialStates,
            List<Tensor> constants, RecurrentStep step, boolean returnSequences) {
        long steps = inputs.shape().dim(0);
        if (steps == Shape.UNKNOWN) {
            throw new io.strata.ShapeMismatchException("This backend unrolls recurrent layers, so it needs a known "
                    + "number of timesteps, got input " + inputs.shape() + " (time-major).");
        }
        List<Tensor> xs = unstack(inputs, 0);
        List<Tensor> ms = mask == null ? null : unstack(mask, 0);
        List<Tensor> current = initialStates;
        List<Tensor> outputs = new java.util.ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            current = RecurrentStep.masked(step, this, xs.get(i), ms == null ? null : ms.get(i), current, constants);
            outputs.add(current.get(0));
        }
        return new Recurrence(returnSequences ? stack(outputs, 0) : null, current);
    }

    /** {@code x} reversed along {@code axis}. */
    Tensor reverse(Tensor x, int axis);

    /** Nearest-neighbour upsampling: each element repeated {@code size} times along {@code axis}. */
    Tensor repeatElements(Tensor x, int size, int axis);

    // ---- randomness -----------------------------------------------------------------------------

    /**
     * Inverted dropout: during training each element of {@code x} is zeroed with probability
     * {@code rate} and the rest are scaled by {@code 1 / (1 - rate)}.
     *
     * @param noiseShape the shape of the keep mask, broadcast over {@code x}; null for {@code x}'s own
     *     shape. Unknown dimensions take {@code x}'s run-time size.
     * @param seed the operation seed, so that seeded models are reproducible
     */
    Tensor dropout(Tensor x, float rate, @org.jspecify.annotations.Nullable Shape noiseShape, long seed);

    /** Uniform noise in {@code [0, 1)} shaped like {@code like}. */
    Tensor randomUniformLike(Tensor like, long seed);

    /**
     * Builds {@code body} (one layer's call) with its matrix products and convolutions computed in
     * {@code computeDtype} ({@code "bfloat16"} for Keras's {@code mixed_bfloat16} policy): their
     * inputs are cast to it and their results back to float32, so that every other op, the variables
     * and the loss stay float32. A backend without bfloat16 kernels may compute in float32.
     */
    default <T> T computeIn(String computeDtype, java.util.function.Supplier<T> body) {
        return body.get();
    }
}
