// SPDX-License-Identifier: Apache-2.0
package io.strata.losses;

import io.strata.backend.Tensor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Keras 2's built-in losses, with Keras's formulas (including its clipping by {@code epsilon = 1e-7})
 * applied to probabilities, not logits, as Keras's losses are.
 */
public enum BuiltinLoss implements Loss {
    /** {@code mean(square(y_pred - y_true), axis=-1)}; also {@code mse}. */
    MEAN_SQUARED_ERROR("mean_squared_error", (ops, t, p) -> ops.mean(ops.square(ops.sub(p, t)), false, -1)),
    /** {@code mean(|y_pred - y_true|, axis=-1)}; also {@code mae}. */
    MEAN_ABSOLUTE_ERROR("mean_absolute_error", (ops, t, p) -> ops.mean(ops.abs(ops.sub(p, t)), false, -1)),
    /** {@code 100 * mean(|(y_true - y_pred) / clip(|y_true|, eps, inf)|, axis=-1)}; also {@code mape}. */
    MEAN_ABSOLUTE_PERCENTAGE_ERROR("mean_absolute_percentage_error", (ops, t, p) -> {
        Tensor diff = ops.abs(ops.div(ops.sub(t, p), ops.clip(ops.abs(t), Losses.EPSILON, Float.MAX_VALUE)));
        return ops.mul(ops.constant(100f), ops.mean(diff, false, -1));
    }),
    /** {@code mean(square(log(clip(y_pred) + 1) - log(clip(y_true) + 1)), axis=-1)}; also {@code msle}. */
    MEAN_SQUARED_LOGARITHMIC_ERROR("mean_squared_logarithmic_error", (ops, t, p) -> {
        Tensor first = ops.log1p(ops.clip(p, Losses.EPSILON, Float.MAX_VALUE));
        Tensor second = ops.log1p(ops.clip(t, Losses.EPSILON, Float.MAX_VALUE));
        return ops.mean(ops.square(ops.sub(first, second)), false, -1);
    }),
    /** {@code mean(max(1 - y_true * y_pred, 0)², axis=-1)}; targets are -1 or 1. */
    SQUARED_HINGE("squared_hinge", (ops, t, p) ->
            ops.mean(ops.square(ops.relu(ops.sub(ops.constant(1f), ops.mul(t, p)))), false, -1)),
    /** {@code mean(max(1 - y_true * y_pred, 0), axis=-1)}; targets are -1 or 1. */
    HINGE("hinge", (ops, t, p) -> ops.mean(ops.relu(ops.sub(ops.constant(1f), ops.mul(t, p))), false, -1)),
    /** {@code max(0, max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1)}. */
    CATEGORICAL_HINGE("categorical_hinge", (ops, t, p) -> {
        Tensor pos = ops.sum(ops.mul(t, p), false, -1);
        Tensor neg = ops.max(ops.mul(ops.sub(ops.constant(1f), t), p), false, -1);
        return ops.relu(ops.add(ops.sub(neg, pos), ops.constant(1f)));
    }),
    /** {@code mean(log(cosh(y_pred - y_true)), axis=-1)}, computed stably. */
    LOGCOSH("logcosh", (ops, t, p) -> {
        Tensor x = ops.sub(p, t);
        // log(cosh(x)) = x + softplus(-2x) - log(2), as Keras writes it for stability.
        Tensor v = ops.sub(ops.add(x, ops.softplus(ops.mul(ops.constant(-2f), x))), ops.constant((float) Math.log(2)));
        return ops.mean(v, false, -1);
    }),
    /**
     * Keras's categorical cross-entropy on probabilities: {@code -sum(y_true * log(clip(y_pred / sum(y_pred))))}.
     * When the predictions come straight from a softmax, the fused logits form is used, as TensorFlow's
     * Keras does: the same value without the clipping at {@code 1e-7}, and fewer ops.
     */
    CATEGORICAL_CROSSENTROPY("categorical_crossentropy", (ops, t, p) -> {
        Tensor logits = ops.softmaxLogits(p);
        if (logits != null) {
            if (ops.isDistribution(t)) {
                return ops.softmaxCrossEntropyWithLogits(t, logits);
            }
            // The fused op's gradient is softmax(z) - t, right only for targets that sum to 1, but Keras
            // takes any targets (the guide trains on np.random.random ones). With s = sum(t),
            // -sum(t * log softmax(z)) = s * CE(t / s, z), whose gradient s * softmax(z) - t is right.
            // Measured: the extra ops cost the guide's small MLP (W4) about 13 us of a 130 us step, so
            // the plain form is kept for targets whose rows the backend found to sum to 1.
            Tensor s = ops.sum(t, true, -1);
            Tensor scaled = ops.div(t, ops.maximum(s, ops.constant(1e-12f)));
            return ops.mul(ops.squeeze(s, -1), ops.softmaxCrossEntropyWithLogits(scaled, logits));
        }
        Tensor normalized = ops.div(p, ops.sum(p, true, -1));
        Tensor clipped = ops.clip(normalized, Losses.EPSILON, 1f - Losses.EPSILON);
        return ops.neg(ops.sum(ops.mul(t, ops.log(clipped)), false, -1));
    }),
    /**
     * Cross-entropy with integer targets: Keras's {@code sparse_softmax_cross_entropy(log(clip(y_pred)))},
     * which is {@code -log(clip(y_pred)[y] / sum(clip(y_pred)))}; from a softmax, the fused logits form.
     */
    SPARSE_CATEGORICAL_CROSSENTROPY("sparse_categorical_crossentropy", (ops, t, p) -> {
        int classes = Math.toIntExact(p.shape().dim(-1));
        Tensor labels = t.rank() == p.rank() ? ops.squeeze(t, -1) : t;
        Tensor logits = ops.softmaxLogits(p);
        if (logits != null) {
            return ops.softmaxCrossEntropyWithLogits(ops.oneHot(labels, classes), logits);
        }
        Tensor clipped = ops.clip(p, Losses.EPSILON, 1f - Losses.EPSILON);
        Tensor picked = ops.sum(ops.mul(ops.oneHot(labels, classes), clipped), false, -1);
        return ops.neg(ops.log(ops.div(picked, ops.sum(clipped, false, -1))));
    }),
    /**
     * Keras's binary cross-entropy on probabilities: the output is clipped, turned into logits and
     * passed to the numerically stable sigmoid cross-entropy; averaged over the last axis. A sigmoid
     * output's own logits are used directly (TensorFlow's Keras does the same).
     */
    BINARY_CROSSENTROPY("binary_crossentropy", (ops, t, p) -> {
        Tensor direct = ops.sigmoidLogits(p);
        if (direct != null) {
            return ops.mean(ops.sigmoidCrossEntropyWithLogits(t, direct), false, -1);
        }
        Tensor o = ops.clip(p, Losses.EPSILON, 1f - Losses.EPSILON);
        Tensor logits = ops.log(ops.div(o, ops.sub(ops.constant(1f), o)));
        // sigmoid_cross_entropy_with_logits: max(x, 0) - x * z + log(1 + exp(-|x|))
        return ops.mean(ops.sigmoidCrossEntropyWithLogits(t, logits), false, -1);
    }),
    /** {@code sum(y_true * log(y_true / y_pred), axis=-1)} with both clipped to {@code [eps, 1]}. */
    KULLBACK_LEIBLER_DIVERGENCE("kullback_leibler_divergence", (ops, t, p) -> {
        Tensor ct = ops.clip(t, Losses.EPSILON, 1f);
        Tensor cp = ops.clip(p, Losses.EPSILON, 1f);
        return ops.sum(ops.mul(ct, ops.log(ops.div(ct, cp))), false, -1);
    }),
    /** {@code mean(y_pred - y_true * log(y_pred + eps), axis=-1)}. */
    POISSON("poisson", (ops, t, p) ->
            ops.mean(ops.sub(p, ops.mul(t, ops.log(ops.add(p, ops.constant(Losses.EPSILON))))), false, -1)),
    /** {@code -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis=-1)}. */
    COSINE_PROXIMITY("cosine_proximity", (ops, t, p) ->
            ops.neg(ops.sum(ops.mul(Losses.l2Normalize(ops, t), Losses.l2Normalize(ops, p)), false, -1)));

    private final String id;
    private final LossFunction function;

    BuiltinLoss(String id, LossFunction function) {
        this.id = id;
        this.function = function;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public LossFunction function() {
        return function;
    }

    /** The loss for a Keras identifier or alias ({@code mse}, {@code kld}, …), or null if unknown. */
    static BuiltinLoss lookup(String id) {
        String canonical = switch (id) {
            case "mse", "MSE" -> "mean_squared_error";
            case "mae", "MAE" -> "mean_absolute_error";
            case "mape", "MAPE" -> "mean_absolute_percentage_error";
            case "msle", "MSLE" -> "mean_squared_logarithmic_error";
            case "kld", "KLD" -> "kullback_leibler_divergence";
            case "cosine" -> "cosine_proximity";
            default -> id;
        };
        for (BuiltinLoss l : values()) {
            if (l.id.equals(canonical)) {
                return l;
            }
        }
        return null;
    }

    /** The known identifiers, for error messages. */
    static String known() {
        return Arrays.stream(values()).map(BuiltinLoss::id).collect(Collectors.joining(", "))
                + " (aliases: mse, mae, mape, msle, kld, cosine)";
    }
}
