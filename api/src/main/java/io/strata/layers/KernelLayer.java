// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.activations.ActivationFunction;
import io.strata.activations.Activations;
import io.strata.constraints.Constraint;
import io.strata.initializers.Initializer;
import io.strata.initializers.Initializers;
import io.strata.regularizers.Regularizer;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import io.strata.saving.KerasObjects;
import org.jspecify.annotations.Nullable;

/**
 * The shared arguments of layers with a kernel and a bias ({@link Dense}, {@link Conv1D},
 * {@link Conv2D}): {@code activation} (linear), {@code useBias} (true), {@code kernelInitializer}
 * (glorot_uniform), {@code biasInitializer} (zeros), kernel and bias regularizers and constraints,
 * and Keras 1's names for them ({@code init}, {@code bias}, {@code W_regularizer}, {@code b_regularizer}).
 *
 * @param <L> the concrete layer
 */
public abstract class KernelLayer<L extends KernelLayer<L>> extends BaseLayer<L> {
    private ActivationFunction activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private @Nullable Regularizer kernelRegularizer;
    private @Nullable Regularizer biasRegularizer;
    private @Nullable Constraint kernelConstraint;
    private @Nullable Constraint biasConstraint;

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
    public L activation(String activation) {
        return activation(Activations.named(activation));
    }

    /** Keras's {@code activation}. */
    public L activation(ActivationFunction activation) {
        L c = copy();
        ((KernelLayer<?>) c).activation = activation;
        return c;
    }

    /** Keras's {@code use_bias}. */
    public L useBias(boolean useBias) {
        L c = copy();
        ((KernelLayer<?>) c).useBias = useBias;
        return c;
    }

    /** Keras 1's {@code bias}: alias of {@link #useBias(boolean)}. */
    public L bias(boolean bias) {
        return useBias(bias);
    }

    /** Keras's {@code kernel_initializer}. */
    public L kernelInitializer(Initializer initializer) {
        L c = copy();
        ((KernelLayer<?>) c).kernelInitializer = initializer;
        return c;
    }

    /** Keras's {@code kernel_initializer}, by identifier. */
    public L kernelInitializer(String id) {
        return kernelInitializer(Initializers.named(id));
    }

    /** Keras 1's {@code init}: alias of {@link #kernelInitializer(String)}. */
    public L init(String id) {
        return kernelInitializer(id);
    }

    /** Keras's {@code bias_initializer}. */
    public L biasInitializer(Initializer initializer) {
        L c = copy();
        ((KernelLayer<?>) c).biasInitializer = initializer;
        return c;
    }

    /** Keras's {@code bias_initializer}, by identifier. */
    public L biasInitializer(String id) {
        return biasInitializer(Initializers.named(id));
    }

    /** Keras's {@code kernel_regularizer}. */
    public L kernelRegularizer(@Nullable Regularizer regularizer) {
        L c = copy();
        ((KernelLayer<?>) c).kernelRegularizer = regularizer;
        return c;
    }

    /** Keras 1's {@code W_regularizer}: alias of {@link #kernelRegularizer}. */
    public L wRegularizer(@Nullable Regularizer regularizer) {
        return kernelRegularizer(regularizer);
    }

    /** Keras's {@code bias_regularizer}. */
    public L biasRegularizer(@Nullable Regularizer regularizer) {
        L c = copy();
        ((KernelLayer<?>) c).biasRegularizer = regularizer;
        return c;
    }

    /** Keras 1's {@code b_regularizer}: alias of {@link #biasRegularizer}. */
    public L bRegularizer(@Nullable Regularizer regularizer) {
        return biasRegularizer(regularizer);
    }

    /** Keras's {@code kernel_constraint}. */
    public L kernelConstraint(@Nullable Constraint constraint) {
        L c = copy();
        ((KernelLayer<?>) c).kernelConstraint = constraint;
        return c;
    }

    /** Keras's {@code bias_constraint}. */
    public L biasConstraint(@Nullable Constraint constraint) {
        L c = copy();
        ((KernelLayer<?>) c).biasConstraint = constraint;
        return c;
    }

    /** Declares the kernel of {@code shape} with this layer's initializer, regularizer and constraint. */
    protected final Weight addKernel(BuildContext ctx, io.strata.Shape shape) {
        return ctx.addWeight("kernel", shape, kernelInitializer, kernelRegularizer, kernelConstraint, true);
    }

    /** Declares the bias of {@code size} values, or returns null without one. */
    protected final @Nullable Weight addBias(BuildContext ctx, long size) {
        return useBias
                ? ctx.addWeight("bias", io.strata.Shape.of(size), biasInitializer, biasRegularizer, biasConstraint, true)
                : null;
    }

    /**
     * Puts the kernel-and-bias arguments in Keras's order: {@code activation}, {@code use_bias},
     * initializers, regularizers ({@code activity_regularizer} among them) and constraints.
     */
    protected final Config putKernelConfig(Config c) {
        c.remove("activity_regularizer");
        return c.put("activation", KerasObjects.serializeActivation(activation)).put("use_bias", useBias)
                .put("kernel_initializer", KerasObjects.serialize(kernelInitializer, "kernel_initializer"))
                .put("bias_initializer", KerasObjects.serialize(biasInitializer, "bias_initializer"))
                .put("kernel_regularizer", KerasObjects.serialize(kernelRegularizer, "kernel_regularizer"))
                .put("bias_regularizer", KerasObjects.serialize(biasRegularizer, "bias_regularizer"))
                .put("activity_regularizer", KerasObjects.serialize(activityRegularizer(), "activity_regularizer"))
                .put("kernel_constraint", KerasObjects.serialize(kernelConstraint, "kernel_constraint"))
                .put("bias_constraint", KerasObjects.serialize(biasConstraint, "bias_constraint"));
    }

    /** Keras 1's names of the kernel arguments, as pairs (old, new) for {@link Config#rename}. */
    protected static final String[] KERAS1_KERNEL_NAMES = {"init", "kernel_initializer", "W_regularizer",
        "kernel_regularizer", "b_regularizer", "bias_regularizer", "W_constraint", "kernel_constraint",
        "b_constraint", "bias_constraint", "bias", "use_bias"};

    /** Reads the kernel-and-bias arguments and the base arguments of any Keras generation's config. */
    protected static <L extends KernelLayer<L>> L withKernelConfig(L layer, Config c, CustomObjects custom) {
        c.rename(KERAS1_KERNEL_NAMES);
        String where = c.description();
        L l = layer.activation(KerasObjects.activation(c.get("activation"), custom, where + " > activation"))
                .useBias(c.bool("use_bias", true))
                .kernelInitializer(KerasObjects.initializer(c.get("kernel_initializer"), custom,
                        where + " > kernel_initializer", Initializers.glorotUniform()))
                .biasInitializer(KerasObjects.initializer(c.get("bias_initializer"), custom,
                        where + " > bias_initializer", Initializers.zeros()))
                .kernelRegularizer(KerasObjects.regularizer(c.get("kernel_regularizer"), custom,
                        where + " > kernel_regularizer"))
                .biasRegularizer(KerasObjects.regularizer(c.get("bias_regularizer"), custom, where + " > bias_regularizer"))
                .kernelConstraint(KerasObjects.constraint(c.get("kernel_constraint"), custom,
                        where + " > kernel_constraint"))
                .biasConstraint(KerasObjects.constraint(c.get("bias_constraint"), custom, where + " > bias_constraint"));
        return withBaseConfig(l, c, custom);
    }
}
