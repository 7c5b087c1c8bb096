// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.callbacks.ModelCheckpoint

/**
 * Keras's `ModelCheckpoint(filepath, monitor, verbose, save_best_only, save_weights_only, mode, period)`
 * with Keras's defaults; `filepath` is a Python format template (`"weights.{epoch:02d}-{val_loss:.2f}.h5"`)
 * and its extension picks the format (`.h5`, `.keras`, `.weights.h5`). Every save is atomic.
 *
 * ```kotlin
 * model.fit(x, y, epochs = 20, validationSplit = 0.1,
 *     callbacks = listOf(modelCheckpoint("best.h5", monitor = "val_acc", saveBestOnly = true)))
 * ```
 */
public fun modelCheckpoint(
    filepath: String,
    monitor: String = "val_loss",
    verbose: Int = 0,
    saveBestOnly: Boolean = false,
    saveWeightsOnly: Boolean = false,
    mode: String = "auto",
    period: Int = 1,
): ModelCheckpoint = ModelCheckpoint(filepath).monitor(monitor).verbose(verbose).saveBestOnly(saveBestOnly)
    .saveWeightsOnly(saveWeightsOnly).mode(mode).period(period)
