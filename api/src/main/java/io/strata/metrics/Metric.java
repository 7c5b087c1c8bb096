// SPDX-License-Identifier: Apache-2.0
package io.strata.metrics;

/**
 * A value reported during training and evaluation: a built-in ({@link BuiltinMetric}), a loss used as
 * a metric, or a {@link CustomMetric}. Obtain them from {@link Metrics}.
 */
public sealed interface Metric permits BuiltinMetric, LossMetric, CustomMetric {
    /** The name in logs and {@code History} ({@code accuracy}; {@code val_accuracy} for validation). */
    String id();
}
