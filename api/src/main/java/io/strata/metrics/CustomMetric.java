// SPDX-License-Identifier: Apache-2.0
package io.strata.metrics;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A user-defined metric: one named value ({@link #of}) or several ({@link #multi}).
 *
 * <pre>{@code
 * Metric meanPred = CustomMetric.of("mean_pred", (ops, yTrue, yPred) -> ops.mean(yPred, false));
 * }</pre>
 *
 * @param name the metric's name (for a multi-valued metric, the name of the group)
 * @param function the single-valued computation, or null for a multi-valued metric
 * @param multiFunction the multi-valued computation, or null
 * @param valueNames for a multi-valued metric, the names of its values in order
 */
public record CustomMetric(
        String name,
        @Nullable MetricFunction function,
        @Nullable MultiMetricFunction multiFunction,
        List<String> valueNames) implements Metric {

    /** Checks that exactly one computation is given. */
    public CustomMetric {
        if ((function == null) == (multiFunction == null)) {
            throw new io.strata.InvalidConfigException("CustomMetric '" + name
                    + "' needs exactly one of a single-valued or a multi-valued function.");
        }
        valueNames = List.copyOf(valueNames);
    }

    @Override
    public String id() {
        return name;
    }

    /** A single-valued metric. */
    public static CustomMetric of(String name, MetricFunction function) {
        return new CustomMetric(name, function, null, List.of(name));
    }

    /**
     * A metric returning several named values; {@code valueNames} fixes their order in the logs and must
     * match the keys the function returns.
     */
    public static CustomMetric multi(String name, List<String> valueNames, MultiMetricFunction function) {
        return new CustomMetric(name, null, function, valueNames);
    }
}
