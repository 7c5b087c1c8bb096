// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import io.strata.InvalidConfigException;

/** Keras's {@code mode} of monitoring callbacks: whether the monitored value should go down or up. */
final class Monitor {
    private Monitor() {}

    /** Whether larger is better for {@code monitor} under {@code mode} ({@code auto}: accuracies go up). */
    static boolean increasing(String monitor, String mode, String callback) {
        return switch (mode) {
            case "min" -> false;
            case "max" -> true;
            case "auto" -> monitor.contains("acc") || monitor.startsWith("fmeasure");
            default -> throw new InvalidConfigException(callback + ": 'mode' must be auto, min or max, got '" + mode + "'.");
        };
    }
}
