// SPDX-License-Identifier: Apache-2.0
package io.strata.metrics;

import io.strata.losses.Loss;

/**
 * A loss reported as a metric (Keras accepts any loss id in {@code metrics}: {@code ['mse']}).
 *
 * @param id the name in logs, as the user wrote it
 * @param loss the loss computed
 */
public record LossMetric(String id, Loss loss) implements Metric {}
