// SPDX-License-Identifier: Apache-2.0
package io.strata.metrics;

import io.strata.InvalidConfigException;
import io.strata.losses.Loss;
import io.strata.losses.Losses;

/** Factories and lookup for metrics: {@code Metrics.accuracy()}, {@code Metrics.named("mae")}. */
public final class Metrics {
    private Metrics() {}

    /** {@code accuracy}, resolved against the loss at compile time. */
    public static Metric accuracy() {
        return BuiltinMetric.ACCURACY;
    }

    /** Binary accuracy. */
    public static Metric binaryAccuracy() {
        return BuiltinMetric.BINARY_ACCURACY;
    }

    /** Categorical accuracy. */
    public static Metric categoricalAccuracy() {
        return BuiltinMetric.CATEGORICAL_ACCURACY;
    }

    /** Sparse categorical accuracy. */
    public static Metric sparseCategoricalAccuracy() {
        return BuiltinMetric.SPARSE_CATEGORICAL_ACCURACY;
    }

    /** Top-5 categorical accuracy. */
    public static Metric topKCategoricalAccuracy() {
        return BuiltinMetric.TOP_K_CATEGORICAL_ACCURACY;
    }

    /** Top-{@code k} categorical accuracy, logged as {@code top_<k>_categorical_accuracy}. */
    public static Metric topKCategoricalAccuracy(int k) {
        return CustomMetric.of("top_" + k + "_categorical_accuracy", BuiltinMetric.topK(k, false));
    }

    /** A loss reported as a metric under its own identifier. */
    public static Metric fromLoss(Loss loss) {
        return new LossMetric(loss.id(), loss);
    }

    /** A custom single-valued metric. */
    public static Metric custom(String name, MetricFunction function) {
        return CustomMetric.of(name, function);
    }

    /**
     * The metric for a Keras identifier: {@code accuracy}/{@code acc}, the named accuracies, or any loss
     * identifier ({@code mse}, {@code mae}, {@code binary_crossentropy}, …). It is logged under the
     * identifier as written.
     */
    public static Metric named(String id) {
        switch (id) {
            case "accuracy", "acc":
                return BuiltinMetric.ACCURACY;
            default:
                for (BuiltinMetric m : BuiltinMetric.values()) {
                    if (m.id().equals(id)) {
                        return m;
                    }
                }
                if (id.equals("top_k_categorical_accuracy")) {
                    return BuiltinMetric.TOP_K_CATEGORICAL_ACCURACY;
                }
                try {
                    return new LossMetric(id, Losses.named(id));
                } catch (InvalidConfigException e) {
                    throw new InvalidConfigException("Unknown metric '" + id + "'. Use accuracy (acc), binary_accuracy, "
                            + "categorical_accuracy, sparse_categorical_accuracy, top_k_categorical_accuracy, "
                            + "sparse_top_k_categorical_accuracy, any loss identifier (mse, mae, ...), or "
                            + "CustomMetric.of(name, (ops, yTrue, yPred) -> ...).");
                }
        }
    }
}
