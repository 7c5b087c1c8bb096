// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.layers.Layer
import io.strata.models.Sequential

/**
 * Builds a [Sequential] model from layers, Keras's `Sequential([...])` in Kotlin.
 *
 * ```kotlin
 * val model = sequentialOf(Layers.dense(32).inputDim(784), Layers.activation("relu"))
 * ```
 * The full builder DSL (`sequential { dense(32) }`) is tracked in issue 3.
 */
public fun sequentialOf(vararg layers: Layer): Sequential = Sequential(layers.toList())
