// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.InvalidConfigException;

/**
 * An optimizer: the hyperparameters of one of Keras 2's update rules. A value with fluent withers
 * ({@code new SGD().lr(0.1).momentum(0.9)} returns a new {@code SGD}); the backend turns it into
 * update operations that follow Keras 2.2's formulas exactly.
 *
 * <p>Every optimizer takes {@code lr}, {@code decay} (the learning rate at step {@code t} is
 * {@code lr / (1 + decay * t)}), {@code clipnorm} (all gradients are scaled down together when their
 * global L2 norm exceeds it) and {@code clipvalue} (each gradient element is clipped to
 * {@code [-clipvalue, clipvalue]}).
 *
 * @param <O> the concrete optimizer
 */
public abstract sealed class Optimizer<O extends Optimizer<O>> implements Cloneable
        permits SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax, Nadam {
    private double lr;
    private double decay;
    private double clipnorm;
    private double clipvalue;

    Optimizer(double lr) {
        this.lr = lr;
    }

    /** Keras's identifier ({@code sgd}, {@code rmsprop}, …). */
    public abstract String id();

    /** The learning rate. */
    public double lr() {
        return lr;
    }

    /** The learning-rate decay per step. */
    public double decay() {
        return decay;
    }

    /** The global gradient-norm clip, 0 for none. */
    public double clipnorm() {
        return clipnorm;
    }

    /** The elementwise gradient clip, 0 for none. */
    public double clipvalue() {
        return clipvalue;
    }

    /** Keras's {@code lr} (also {@code learning_rate}). */
    public O lr(double lr) {
        requireNonNegative("lr", lr);
        O c = copy();
        ((Optimizer<?>) c).lr = lr;
        return c;
    }

    /** Alias of {@link #lr(double)}, Keras 2.3's name. */
    public O learningRate(double lr) {
        return lr(lr);
    }

    /** Keras's {@code decay}: {@code lr_t = lr / (1 + decay * iterations)}. */
    public O decay(double decay) {
        requireNonNegative("decay", decay);
        O c = copy();
        ((Optimizer<?>) c).decay = decay;
        return c;
    }

    /** Keras's {@code clipnorm}. */
    public O clipnorm(double clipnorm) {
        requireNonNegative("clipnorm", clipnorm);
        O c = copy();
        ((Optimizer<?>) c).clipnorm = clipnorm;
        return c;
    }

    /** Keras's {@code clipvalue}. */
    public O clipvalue(double clipvalue) {
        requireNonNegative("clipvalue", clipvalue);
        O c = copy();
        ((Optimizer<?>) c).clipvalue = clipvalue;
        return c;
    }

    /** A copy, the basis of every wither. */
    @SuppressWarnings("unchecked")
    protected O copy() {
        try {
            return (O) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** Throws a clear error for a negative hyperparameter. */
    protected final void requireNonNegative(String argument, double value) {
        if (!(value >= 0)) {
            throw new InvalidConfigException(getClass().getSimpleName() + ": '" + argument + "' must be >= 0, got "
                    + value + ".");
        }
    }

    /** Throws a clear error for a value outside {@code [0, 1)}. */
    protected final void requireUnitInterval(String argument, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidConfigException(getClass().getSimpleName() + ": '" + argument + "' must be in [0, 1), got "
                    + value + ".");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + lr + ", decay=" + decay + ")";
    }
}
