// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
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
import io.strata.saving.Config;
import io.strata.saving.KerasObjects;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The shared part of Keras's recurrent layers ({@link SimpleRNN}, {@link LSTM}, {@link GRU}): the input
 * projection, the loop over time steps, masking, statefulness, dropout and the Keras 2.2 arguments.
 *
 * <p>Arguments: {@code units} (Keras 1 {@code output_dim}), {@code activation} (tanh),
 * {@code useBias}, {@code kernelInitializer} (glorot_uniform; Keras 1 {@code init}),
 * {@code recurrentInitializer} (orthogonal; Keras 1 {@code inner_init}), {@code biasInitializer}
 * (zeros), kernel / recurrent / bias regularizers and constraints, {@code dropout} and
 * {@code recurrentDropout} (Keras 1 {@code dropout_W}, {@code dropout_U}; one mask per sequence, as in
 * Keras), {@code returnSequences}, {@code goBackwards} (the sequence is read from its end; outputs come
 * in reading order), {@code stateful} (the last state of each sample is the first state of the same
 * sample in the next batch; needs a fixed batch size through {@code batchInputShape}).
 *
 * <p>The loop over time steps is the backend's {@link Ops#recurrence}: TensorFlow unrolls short
 * sequences and runs long or unknown-length ones as a loop with its own backpropagation through time.
 * Weights follow Keras's layout:
 * {@code kernel (input_dim, gates * units)}, {@code recurrent_kernel (units, gates * units)},
 * {@code bias (gates * units)}, so Keras weights load unchanged.
 *
 * <p>Input shape: {@code (batch, timesteps, input_dim)}. Output shape: {@code (batch, units)}, or
 * {@code (batch, timesteps, units)} with {@code returnSequences}.
 *
 * @param <L> the concrete layer
 */
public abstract class RNN<L extends RNN<L>> extends BaseLayer<L> {
    private final int units;
    private ActivationFunction activation = Activations.TANH;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer recurrentInitializer = Initializers.orthogonal();
    private Initializer biasInitializer = Initializers.zeros();
    private @Nullable Regularizer kernelRegularizer;
    private @Nullable Regularizer recurrentRegularizer;
    private @Nullable Regularizer biasRegularizer;
    private @Nullable Constraint kernelConstraint;
    private @Nullable Constraint recurrentConstraint;
    private @Nullable Constraint biasConstraint;
    private double dropout;
    private double recurrentDropout;
    private boolean returnSequences;
    private boolean goBackwards;
    private boolean stateful;

    RNN(int units) {
        requirePositive("units", units);
        this.units = units;
    }

    /** The number of gates whose pre-activations the kernels produce (1, 3 or 4). */
    abstract int gates();

    /** The number of state tensors (1, or 2 for LSTM's h and c). */
    int stateCount() {
        return 1;
    }

    /**
     * One step: the input projection {@code xw} (with bias), the states and the recurrent kernel in, the
     * new states out (the first is the output).
     */
    abstract List<Tensor> step(Ops ops, Tensor xw, List<Tensor> states, Tensor recurrentKernel,
            @Nullable Tensor recurrentBias, @Nullable Tensor recMask);

    /** The bias's shape: {@code (gates * units)}; GRU with {@code reset_after} overrides it. */
    Shape biasShape() {
        return Shape.of((long) gates() * units);
    }

    /** The part of the bias added to the input projection: all of it, unless a subclass splits it. */
    Tensor inputBias(Ops ops, Tensor bias) {
        return bias;
    }

    /** The part of the bias added to the recurrent projection inside each step, or null (no such part). */
    @Nullable Tensor recurrentBias(Ops ops, Tensor bias) {
        return null;
    }

    /** The bias's initial values (LSTM overrides for {@code unit_forget_bias}). */
    Initializer biasInitializerForGates() {
        return biasInitializer;
    }

    /** The number of output units. */
    public int units() {
        return units;
    }

    /** The activation. */
    public ActivationFunction activation() {
        return activation;
    }

    /** Whether the full sequence is returned. */
    public boolean returnSequences() {
        return returnSequences;
    }

    /** Whether the layer carries its state across batches. */
    public boolean stateful() {
        return stateful;
    }

    @Override
    protected Shape sampleShapeFromDims(@Nullable Integer dim, @Nullable Integer length) {
        return Shape.of(length == null ? Shape.UNKNOWN : length, dim == null ? Shape.UNKNOWN : dim);
    }

    /** Keras's {@code activation}. */
    public L activation(String activation) {
        return activation(Activations.named(activation));
    }

    /** Keras's {@code activation}. */
    public L activation(ActivationFunction activation) {
        L c = copy();
        ((RNN<?>) c).activation = activation;
        return c;
    }

    /** Keras's {@code use_bias}. */
    public L useBias(boolean useBias) {
        L c = copy();
        ((RNN<?>) c).useBias = useBias;
        return c;
    }

    /** Keras's {@code kernel_initializer} (Keras 1 {@code init}). */
    public L kernelInitializer(Initializer initializer) {
        L c = copy();
        ((RNN<?>) c).kernelInitializer = initializer;
        return c;
    }

    /** Keras 1's {@code init}. */
    public L init(String id) {
        return kernelInitializer(Initializers.named(id));
    }

    /** Keras's {@code recurrent_initializer} (Keras 1 {@code inner_init}). */
    public L recurrentInitializer(Initializer initializer) {
        L c = copy();
        ((RNN<?>) c).recurrentInitializer = initializer;
        return c;
    }

    /** Keras 1's {@code inner_init}. */
    public L innerInit(String id) {
        return recurrentInitializer(Initializers.named(id));
    }

    /** Keras's {@code bias_initializer}. */
    public L biasInitializer(Initializer initializer) {
        L c = copy();
        ((RNN<?>) c).biasInitializer = initializer;
        return c;
    }

    /** Keras's {@code kernel_regularizer}. */
    public L kernelRegularizer(@Nullable Regularizer r) {
        L c = copy();
        ((RNN<?>) c).kernelRegularizer = r;
        return c;
    }

    /** Keras's {@code recurrent_regularizer}. */
    public L recurrentRegularizer(@Nullable Regularizer r) {
        L c = copy();
        ((RNN<?>) c).recurrentRegularizer = r;
        return c;
    }

    /** Keras's {@code bias_regularizer}. */
    public L biasRegularizer(@Nullable Regularizer r) {
        L c = copy();
        ((RNN<?>) c).biasRegularizer = r;
        return c;
    }

    /** Keras's {@code kernel_constraint}. */
    public L kernelConstraint(@Nullable Constraint k) {
        L c = copy();
        ((RNN<?>) c).kernelConstraint = k;
        return c;
    }

    /** Keras's {@code recurrent_constraint}. */
    public L recurrentConstraint(@Nullable Constraint k) {
        L c = copy();
        ((RNN<?>) c).recurrentConstraint = k;
        return c;
    }

    /** Keras's {@code bias_constraint}. */
    public L biasConstraint(@Nullable Constraint k) {
        L c = copy();
        ((RNN<?>) c).biasConstraint = k;
        return c;
    }

    /** Keras's {@code dropout}: the fraction of the inputs dropped (one mask per sequence). */
    public L dropout(double rate) {
        requireRate("dropout", rate);
        L c = copy();
        ((RNN<?>) c).dropout = rate;
        return c;
    }

    /** Keras's {@code recurrent_dropout}: the fraction of the recurrent state dropped. */
    public L recurrentDropout(double rate) {
        requireRate("recurrent_dropout", rate);
        L c = copy();
        ((RNN<?>) c).recurrentDropout = rate;
        return c;
    }

    /** Keras 1's {@code dropout_W}. */
    public L dropoutW(double rate) {
        return dropout(rate);
    }

    /** Keras 1's {@code dropout_U}. */
    public L dropoutU(double rate) {
        return recurrentDropout(rate);
    }

    /** Keras's {@code return_sequences}. */
    public L returnSequences(boolean returnSequences) {
        L c = copy();
        ((RNN<?>) c).returnSequences = returnSequences;
        return c;
    }

    /** Keras's {@code go_backwards}. */
    public L goBackwards(boolean goBackwards) {
        L c = copy();
        ((RNN<?>) c).goBackwards = goBackwards;
        return c;
    }

    /** Keras's {@code stateful}; give the first layer a {@code batchInputShape}. */
    public L stateful(boolean stateful) {
        L c = copy();
        ((RNN<?>) c).stateful = stateful;
        return c;
    }

    private void requireRate(String argument, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new InvalidConfigException(className() + ": '" + argument + "' must be in [0, 1), got " + rate + ".");
        }
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        ConvUtils.requireRank(layerName, className(), in, 3, "(batch, timesteps, input_dim)");
        if (in.dim(2) == Shape.UNKNOWN) {
            throw new ShapeMismatchException("The last dimension of the input to " + layerName + " (" + className()
                    + ") should be defined, found " + in + ". Declare it with inputDim or inputShape.");
        }
        if (stateful && in.dim(0) == Shape.UNKNOWN) {
            throw new ShapeMismatchException("Layer " + layerName + " is stateful, so it needs to know its batch size: "
                    + "give the first layer of the model batchInputShape(batchSize, timesteps, features) "
                    + "(input shape so far: " + in + ").");
        }
        return returnSequences ? Shape.of(in.dim(0), in.dim(1), units) : Shape.of(in.dim(0), units);
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        long inputDim = in.dim(2);
        String layerName = ctx.layerName();
        int g = gates();
        Weight kernel = ctx.addWeight("kernel", Shape.of(inputDim, (long) g * units), kernelInitializer,
                kernelRegularizer, kernelConstraint, true);
        Weight recurrent = ctx.addWeight("recurrent_kernel", Shape.of(units, (long) g * units), recurrentInitializer,
                recurrentRegularizer, recurrentConstraint, true);
        Weight bias = useBias
                ? ctx.addWeight("bias", biasShape(), biasInitializerForGates(), biasRegularizer, biasConstraint, true)
                : null;
        List<Weight> states = new ArrayList<>();
        if (stateful) {
            for (int i = 0; i < stateCount(); i++) {
                states.add(ctx.addState("state_" + i, Shape.of(in.dim(0), units)));
            }
        }
        return (c, x) -> {
            Ops ops = c.ops();
            Tensor input = x;
            if (c.training() && dropout > 0) {
                input = ops.dropout(input, (float) dropout, Shape.of(Shape.UNKNOWN, 1, inputDim), c.nextSeed());
            }
            // Time-major, then the input projection of all steps at once: (t, batch, d) x (d, g * units).
            Tensor xw = ops.matmulLastAxis(ops.transpose(input, 1, 0, 2), c.read(kernel));
            if (bias != null) {
                xw = ops.biasAdd(xw, inputBias(ops, c.read(bias)));
            }
            Tensor mask = c.mask();
            Tensor stepMask = mask == null ? null : ops.transpose(ops.expandDims(mask, -1), 1, 0, 2);
            if (goBackwards) {
                xw = ops.reverse(xw, 0);
                stepMask = stepMask == null ? null : ops.reverse(stepMask, 0);
            }
            List<Tensor> initial = new ArrayList<>();
            if (stateful) {
                for (Weight s : states) {
                    initial.add(c.read(s));
                }
            } else {
                Tensor first = ops.gather(xw, ops.constant(0f), 0);
                Tensor zeros = ops.zerosLike(g == 1 ? first : ops.split(first, 1, g).get(0));
                for (int i = 0; i < stateCount(); i++) {
                    initial.add(zeros);
                }
            }
            List<Tensor> constants = new ArrayList<>();
            constants.add(c.read(recurrent));
            Tensor recBias = bias == null ? null : recurrentBias(ops, c.read(bias));
            int biasAt = -1;
            int maskAt = -1;
            if (recBias != null) {
                biasAt = constants.size();
                constants.add(recBias);
            }
            if (c.training() && recurrentDropout > 0) {
                maskAt = constants.size();
                constants.add(ops.dropout(ops.onesLike(initial.get(0)), (float) recurrentDropout, null, c.nextSeed()));
            }
            int b = biasAt;
            int m = maskAt;
            Ops.Recurrence result = ops.recurrence(xw, stepMask, initial, constants,
                    (o, xt, prev, k) -> step(o, xt, prev, k.get(0), b < 0 ? null : k.get(b), m < 0 ? null : k.get(m)),
                    returnSequences);
            if (stateful) {
                for (int k = 0; k < states.size(); k++) {
                    c.assign(states.get(k), result.finalStates().get(k));
                }
            }
            if (!returnSequences) {
                c.mask(null);
                return result.finalStates().get(0);
            }
            return ops.transpose(java.util.Objects.requireNonNull(result.outputs()), 1, 0, 2);
        };
    }

    /** Whether the sequence is read from its end. */
    public boolean goBackwards() {
        return goBackwards;
    }

    /**
     * Puts the recurrent arguments in Keras 2.2's order: the RNN wrapper's ({@code return_sequences},
     * {@code return_state}, {@code go_backwards}, {@code stateful}, {@code unroll}), then {@code units},
     * {@code activation}, the subclass's {@code recurrent_activation} (if any), {@code use_bias},
     * initializers ({@code unit_forget_bias} after them for LSTM), regularizers, constraints and
     * dropouts.
     */
    protected final Config putRecurrentConfig(Config c, @Nullable ActivationFunction recurrentActivation,
            @Nullable Boolean unitForgetBias) {
        c.remove("activity_regularizer");
        c.put("return_sequences", returnSequences).put("return_state", false).put("go_backwards", goBackwards)
                .put("stateful", stateful).put("unroll", false).put("units", units)
                .put("activation", KerasObjects.serializeActivation(activation));
        if (recurrentActivation != null) {
            c.put("recurrent_activation", KerasObjects.serializeActivation(recurrentActivation));
        }
        c.put("use_bias", useBias)
                .put("kernel_initializer", KerasObjects.serialize(kernelInitializer, "kernel_initializer"))
                .put("recurrent_initializer", KerasObjects.serialize(recurrentInitializer, "recurrent_initializer"))
                .put("bias_initializer", KerasObjects.serialize(biasInitializer, "bias_initializer"));
        if (unitForgetBias != null) {
            c.put("unit_forget_bias", unitForgetBias);
        }
        return c.put("kernel_regularizer", KerasObjects.serialize(kernelRegularizer, "kernel_regularizer"))
                .put("recurrent_regularizer", KerasObjects.serialize(recurrentRegularizer, "recurrent_regularizer"))
                .put("bias_regularizer", KerasObjects.serialize(biasRegularizer, "bias_regularizer"))
                .put("activity_regularizer", KerasObjects.serialize(activityRegularizer(), "activity_regularizer"))
                .put("kernel_constraint", KerasObjects.serialize(kernelConstraint, "kernel_constraint"))
                .put("recurrent_constraint", KerasObjects.serialize(recurrentConstraint, "recurrent_constraint"))
                .put("bias_constraint", KerasObjects.serialize(biasConstraint, "bias_constraint"))
                .put("dropout", dropout).put("recurrent_dropout", recurrentDropout);
    }
}
