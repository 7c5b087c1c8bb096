// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.models.Model
import java.nio.file.Path

/**
 * Keras 2's `load_weights(filepath, by_name=False, skip_mismatch=False)` with its argument names:
 * `byName = true` loads into the layers of the same name, `skipMismatch = true` skips (with a warning)
 * layers whose weights do not fit instead of failing. A file that does not fit changes no weight.
 *
 * ```kotlin
 * model.loadWeights(Path.of("pretrained.h5"), byName = true, skipMismatch = true)
 * ```
 */
public fun Model.loadWeights(path: Path, byName: Boolean = false, skipMismatch: Boolean = false) {
    loadWeights(path, byName, skipMismatch)
}

/** [loadWeights] of a path string. */
public fun Model.loadWeights(path: String, byName: Boolean = false, skipMismatch: Boolean = false) {
    loadWeights(Path.of(path), byName, skipMismatch)
}

/**
 * Keras's `model.save(filepath, include_optimizer=True)`: `*.keras` is Keras 3's format, `*.h5` Keras 2's
 * whole-model file. The write is atomic.
 */
public fun Model.save(path: String, includeOptimizer: Boolean = true) {
    save(Path.of(path), includeOptimizer)
}
