// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.layers.Layer
import io.strata.models.Sequential
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract

/**
 * Where layers are declared: one builder per Keras layer class ([dense], [dropout], …), each an
 * extension on this scope, so that libraries can add their own.
 */
public class SequentialScope @PublishedApi internal constructor(
    /** The Java model being built. */
    public val model: Sequential,
) : LayerVocabulary {
    /** Appends a layer built in Java (or by another library). */
    public fun add(layer: Layer) {
        model.add(layer)
    }
}

/**
 * Builds a Keras Sequential model; returns the Java [Sequential] itself.
 *
 * ```kotlin
 * val model = sequential(seed = 42) {
 *     dense(64, activation = relu, inputDim = 20)
 *     dropout(0.5)
 *     dense(10, activation = softmax)
 * }
 * ```
 *
 * @param name the model's name (default `sequential_N`)
 * @param seed seeds weight initialization, dropout and shuffling (reproducible runs on CPU)
 */
@OptIn(ExperimentalContracts::class)
public inline fun sequential(name: String? = null, seed: Long? = null, block: SequentialScope.() -> Unit): Sequential {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val model = if (name == null) Sequential() else Sequential(emptyList(), name)
    if (seed != null) model.seed(seed)
    SequentialScope(model).block()
    return model
}
