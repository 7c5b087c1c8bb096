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
 * Keras's {@code BatchNormalization}: normalizes each feature of {@code axis} by the batch's mean and
 * variance while training (and by their moving averages at inference), then scales by
 * {@code gamma} and shifts by {@code beta}.
 *
 * <p>Arguments (Keras 2.2 defaults): {@code axis} (-1), {@code momentum} (0.99), {@code epsilon} (1e-3),
 * {@code center}, {@code scale} (true), initializers (beta zeros, gamma ones, moving mean zeros, moving
 * variance ones), regularizers. The moving variance is updated with the batch variance times
 * {@code n / (n - (1 + epsilon))}, as Keras 2.2 does.
 *
 * <p>Weights: {@code gamma}, {@code beta} (trainable), {@code moving_mean}, {@code moving_variance}
 * (non-trainable). Input and output shape: the same.
 */
public final class BatchNormalization extends BaseLayer<BatchNormalization> {
    private int axis = -1;
    private double momentum = 0.99;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializers.zeros();
    private Initializer gammaInitializer = Initializers.ones();
    private Initializer movingMeanInitializer = Initializers.zeros();
    private Initializer movingVarianceInitializer = Initializers.ones();
    private @Nullable Regularizer betaRegularizer;
    private @Nullable Regularizer gammaRegularizer;
    private @Nullable Constraint betaConstraint;
    private @Nullable Constraint gammaConstraint;

    @Override
    public String className() {
        return "BatchNormalization";
    }

    /** Keras's {@code axis}: the feature axis (-1, or 1 for channels_first images). */
    public BatchNormalization axis(int axis) {
        BatchNormalization c = copy();
        c.axis = axis;
        return c;
    }

    /** Keras's {@code momentum} of the moving averages. */
    public BatchNormalization momentum(double momentum) {
        BatchNormalization c = copy();
        c.momentum = momentum;
        return c;
    }

    /** Keras's {@code epsilon}. */
    public BatchNormalization epsilon(double epsilon) {
        BatchNormalization c = copy();
        c.epsilon = epsilon;
        return c;
    }

    /** Keras's {@code center}: whether to add {@code beta}. */
    public BatchNormalization center(boolean center) {
        BatchNormalization c = copy();
        c.center = center;
        return c;
    }

    /** Keras's {@code scale}: whether to multiply by {@code gamma}. */
    public BatchNormalization scale(boolean scale) {
        BatchNormalization c = copy();
        c.scale = scale;
        return c;
    }

    /** Keras's {@code gamma_regularizer}. */
    public BatchNormalization gammaRegularizer(@Nullable Regularizer r) {
        BatchNormalization c = copy();
        c.gammaRegularizer = r;
        return c;
    }

    /** Keras's {@code beta_regularizer}. */
    public BatchNormalization betaRegularizer(@Nullable Regularizer r) {
        BatchNormalization c = copy();
        c.betaRegularizer = r;
        return c;
    }

    /** Keras's {@code beta_initializer}. */
    public BatchNormalization betaInitializer(Initializer i) {
        BatchNormalization c = copy();
        c.betaInitializer = i;
        return c;
    }

    /** Keras's {@code gamma_initializer}. */
    public BatchNormalization gammaInitializer(Initializer i) {
        BatchNormalization c = copy();
        c.gammaInitializer = i;
        return c;
    }

    /** Keras's {@code moving_mean_initializer}. */
    public BatchNormalization movingMeanInitializer(Initializer i) {
        BatchNormalization c = copy();
        c.movingMeanInitializer = i;
        return c;
    }

    /** Keras's {@code moving_variance_initializer}. */
    public BatchNormalization movingVarianceInitializer(Initializer i) {
        BatchNormalization c = copy();
        c.movingVarianceInitializer = i;
        return c;
    }

    /** Keras's {@code beta_constraint}. */
    public BatchNormalization betaConstraint(@Nullable Constraint k) {
        BatchNormalization c = copy();
        c.betaConstraint = k;
        return c;
    }

    /** Keras's {@code gamma_constraint}. */
    public BatchNormalization gammaConstraint(@Nullable Constraint k) {
        BatchNormalization c = copy();
        c.gammaConstraint = k;
        return c;
    }

    private int featureAxis(Shape in) {
        return axis < 0 ? in.rank() + axis : axis;
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        int a = featureAxis(in);
        if (a <= 0 || a >= in.rank() || in.dim(a) == Shape.UNKNOWN) {
            throw new io.strata.ShapeMismatchException("BatchNormalization layer " + layerName + ": axis " + axis
                    + " of input " + in + " must be a known non-batch dimension.");
        }
        return in;
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        int a = featureAxis(in);
        long features = in.dim(a);
        Shape paramShape = Shape.of(features);
        Weight gamma = scale
                ? ctx.addWeight("gamma", paramShape, gammaInitializer, gammaRegularizer, gammaConstraint, true) : null;
        Weight beta = center
                ? ctx.addWeight("beta", paramShape, betaInitializer, betaRegularizer, betaConstraint, true) : null;
        Weight movingMean = ctx.addWeight("moving_mean", paramShape, movingMeanInitializer, null, null, false);
        Weight movingVariance = ctx.addWeight("moving_variance", paramShape, movingVarianceInitializer, null, null, false);
        int[] reduction = new int[in.rank() - 1];
        int k = 0;
        for (int i = 0; i < in.rank(); i++) {
            if (i != a) {
                reduction[k++] = i;
            }
        }
        long[] broadcast = new long[in.rank()];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[a] = features;
        Shape bShape = Shape.of(broadcast);
        return (c, x) -> {
            Ops ops = c.ops();
            Tensor mean;
            Tensor variance;
            if (c.training()) {
                mean = ops.mean(x, false, reduction);
                Tensor centered = ops.sub(x, ops.reshape(mean, bShape));
                variance = ops.mean(ops.square(centered), false, reduction);
                // Keras 2.2: the moving variance gets the batch variance times n / (n - (1 + eps)).
                Tensor n = ops.div(ops.sum(ops.onesLike(x), false), ops.constant((float) features));
                Tensor unbiased = ops.mul(variance, ops.div(n, ops.sub(n, ops.constant((float) (1 + epsilon)))));
                Tensor keep = ops.constant((float) momentum);
                Tensor update = ops.constant((float) (1 - momentum));
                c.assign(movingMean, ops.add(ops.mul(c.read(movingMean), keep), ops.mul(ops.stopGradient(mean), update)));
                c.assign(movingVariance, ops.add(ops.mul(c.read(movingVariance), keep),
                        ops.mul(ops.stopGradient(unbiased), update)));
            } else {
                mean = c.read(movingMean);
                variance = c.read(movingVariance);
            }
            Tensor inv = ops.div(ops.constant(1f), ops.sqrt(ops.add(variance, ops.constant((float) epsilon))));
            if (gamma != null) {
                inv = ops.mul(inv, c.read(gamma));
            }
            Tensor y = ops.mul(ops.sub(x, ops.reshape(mean, bShape)), ops.reshape(inv, bShape));
            if (beta != null) {
                y = ops.add(y, ops.reshape(c.read(beta), bShape));
            }
            return y;
        };
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("axis", axis).put("momentum", momentum).put("epsilon", epsilon)
                .put("center", center).put("scale", scale)
                .put("beta_initializer", KerasObjects.serialize(betaInitializer, "beta_initializer"))
                .put("gamma_initializer", KerasObjects.serialize(gammaInitializer, "gamma_initializer"))
                .put("moving_mean_initializer", KerasObjects.serialize(movingMeanInitializer, "moving_mean_initializer"))
                .put("moving_variance_initializer",
                        KerasObjects.serialize(movingVarianceInitializer, "moving_variance_initializer"))
                .put("beta_regularizer", KerasObjects.serialize(betaRegularizer, "beta_regularizer"))
                .put("gamma_regularizer", KerasObjects.serialize(gammaRegularizer, "gamma_regularizer"))
                .put("beta_constraint", KerasObjects.serialize(betaConstraint, "beta_constraint"))
                .put("gamma_constraint", KerasObjects.serialize(gammaConstraint, "gamma_constraint"));
    }

    /**
     * Keras's {@code BatchNormalization.from_config}, Keras 1's too ({@code beta_init}, {@code gamma_init};
     * only its feature-wise {@code mode=0}).
     */
    public static BatchNormalization fromConfig(Config c, CustomObjects custom) {
        c.rename("beta_init", "beta_initializer", "gamma_init", "gamma_initializer");
        String where = c.description();
        if (c.hasValue("mode") && c.integer("mode") != 0) {
            throw new io.strata.InvalidConfigException(where + ": Keras 1's BatchNormalization mode " + c.integer("mode")
                    + " (sample-wise) is not supported; only mode 0 (feature-wise) is, as in Keras 2.");
        }
        Object axis = c.get("axis");
        int a = axis instanceof java.util.List<?> l && l.size() == 1 ? c.intList("axis")[0] : c.integer("axis", -1);
        BatchNormalization b = new BatchNormalization().axis(a).momentum(c.number("momentum", 0.99))
                .epsilon(c.number("epsilon", 1e-3)).center(c.bool("center", true)).scale(c.bool("scale", true))
                .betaInitializer(KerasObjects.initializer(c.get("beta_initializer"), custom, where + " > beta_initializer",
                        Initializers.zeros()))
                .gammaInitializer(KerasObjects.initializer(c.get("gamma_initializer"), custom,
                        where + " > gamma_initializer", Initializers.ones()))
                .movingMeanInitializer(KerasObjects.initializer(c.get("moving_mean_initializer"), custom,
                        where + " > moving_mean_initializer", Initializers.zeros()))
                .movingVarianceInitializer(KerasObjects.initializer(c.get("moving_variance_initializer"), custom,
                        where + " > moving_variance_initializer", Initializers.ones()))
                .betaRegularizer(KerasObjects.regularizer(c.get("beta_regularizer"), custom, where + " > beta_regularizer"))
                .gammaRegularizer(KerasObjects.regularizer(c.get("gamma_regularizer"), custom,
                        where + " > gamma_regularizer"))
                .betaConstraint(KerasObjects.constraint(c.get("beta_constraint"), custom, where + " > beta_constraint"))
                .gammaConstraint(KerasObjects.constraint(c.get("gamma_constraint"), custom, where + " > gamma_constraint"));
        return withBaseConfig(b, c, custom);
    }
}
