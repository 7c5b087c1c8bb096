// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.InvalidConfigException;
import io.strata.saving.Config;

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

    /**
     * Keras 2.2's {@code get_config()}: {@code clipnorm} and {@code clipvalue} when set, then
     * {@code lr} and the optimizer's own arguments, in Keras's order. Keras's {@code class_name} is
     * the simple class name ({@code SGD}, {@code RMSprop}).
     */
    public abstract Config getConfig();

    /** {@code clipnorm}, {@code clipvalue} (when set) and {@code lr}: how every config starts. */
    protected final Config baseConfig() {
        Config c = Config.create();
        if (clipnorm > 0) {
            c.put("clipnorm", clipnorm);
        }
        if (clipvalue > 0) {
            c.put("clipvalue", clipvalue);
        }
        return c.put("lr", lr);
    }

    /**
     * Reads the arguments every optimizer takes from a config of any Keras generation: {@code lr}
     * (Keras 2.2) or {@code learning_rate} (tf.keras, Keras 3; a number, or an {@code InverseTimeDecay}
     * schedule with {@code decay_steps = 1}, which is Keras 2.2's {@code decay}), {@code decay},
     * {@code clipnorm}, {@code clipvalue}, and tf.keras's {@code global_clipnorm} (Keras 2.2's
     * {@code clipnorm} is already global). Arguments Strata does not implement are refused when they
     * are set.
     */
    protected static <O extends Optimizer<O>> O readBase(O optimizer, Config c) {
        String name = optimizer.getClass().getSimpleName();
        boolean modern = c.has("learning_rate") || c.has("name");
        O o = optimizer;
        Object lr = c.has("learning_rate") ? c.get("learning_rate") : c.get("lr");
        if (lr instanceof Config schedule) {
            o = readSchedule(o, schedule.describing(c.description() + " > learning_rate"));
        } else if (lr != null) {
            o = o.lr(c.number(c.has("learning_rate") ? "learning_rate" : "lr"));
        }
        if (c.hasValue("decay")) {
            o = o.decay(c.number("decay"));
        }
        if (c.hasValue("clipnorm") && c.number("clipnorm") > 0) {
            if (modern) {
                throw new InvalidConfigException(c.description() + ": 'clipnorm' = " + c.number("clipnorm") + " clips each "
                        + "gradient by its own norm in tf.keras and Keras 3, but " + name + " implements Keras 2.2's "
                        + "clipnorm, which clips by the global norm of all gradients. Use global_clipnorm in the saved "
                        + "model, or drop clipnorm.");
            }
            o = o.clipnorm(c.number("clipnorm"));
        }
        if (c.hasValue("global_clipnorm")) {
            o = o.clipnorm(c.number("global_clipnorm"));
        }
        if (c.hasValue("clipvalue") && c.number("clipvalue") > 0) {
            o = o.clipvalue(c.number("clipvalue"));
        }
        if (c.hasValue("weight_decay") && c.number("weight_decay") != 0) {
            throw unsupported(c, "weight_decay", c.get("weight_decay"));
        }
        if (c.bool("use_ema", false)) {
            throw unsupported(c, "use_ema", true);
        }
        if (c.hasValue("gradient_accumulation_steps")) {
            throw unsupported(c, "gradient_accumulation_steps", c.get("gradient_accumulation_steps"));
        }
        return o;
    }

    private static <O extends Optimizer<O>> O readSchedule(O o, Config schedule) {
        String cls = schedule.string("class_name", "");
        Config sc = schedule.config("config");
        if (cls.equals("InverseTimeDecay") && sc != null && sc.number("decay_steps", 1) == 1
                && !sc.bool("staircase", false)) {
            return o.lr(sc.number("initial_learning_rate")).decay(sc.number("decay_rate"));
        }
        throw new InvalidConfigException(schedule.description() + ": the learning-rate schedule " + cls + " is not "
                + "supported. Strata's optimizers take a number, Keras 2.2's decay (InverseTimeDecay with "
                + "decay_steps = 1), or a LearningRateScheduler callback.");
    }

    /** An error for an argument that Strata's optimizer does not implement. */
    protected static InvalidConfigException unsupported(Config c, String key, Object value) {
        return new InvalidConfigException(c.description() + ": '" + key + "' = " + value + " is not supported by "
                + "Strata's optimizers (they follow Keras 2.2). Remove it from the training config, or compile the "
                + "loaded model with an optimizer of your own (Models.load(path, custom, false)).");
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
