// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.initializers.Initializer
import io.strata.layers.BatchNormalization
import io.strata.layers.Embedding
import io.strata.layers.Layer
import io.strata.layers.Permute
import io.strata.layers.RepeatVector
import io.strata.layers.TimeDistributed

/** Keras's `Embedding(input_dim, output_dim)`. */
public fun LayerBuilderScope.embedding(
    inputDim: Int,
    outputDim: Int,
    inputLength: Int? = null,
    maskZero: Boolean? = null,
    embeddingsInitializer: Initializer? = null,
    name: String? = null,
): Embedding {
    var l = Embedding(inputDim, outputDim)
    if (inputLength != null) l = l.inputLength(inputLength)
    if (maskZero != null) l = l.maskZero(maskZero)
    if (embeddingsInitializer != null) l = l.embeddingsInitializer(embeddingsInitializer)
    if (name != null) l = l.name(name)
    return emit(l)
}

/** Keras's `BatchNormalization()`, with Keras 2.2's defaults. */
public fun LayerBuilderScope.batchNormalization(
    axis: Int? = null,
    momentum: Double? = null,
    epsilon: Double? = null,
    center: Boolean? = null,
    scale: Boolean? = null,
    inputShape: List<Int>? = null,
    name: String? = null,
): BatchNormalization {
    var l = BatchNormalization().common(name, null, inputShape, null, null, null, null, null)
    if (axis != null) l = l.axis(axis)
    if (momentum != null) l = l.momentum(momentum)
    if (epsilon != null) l = l.epsilon(epsilon)
    if (center != null) l = l.center(center)
    if (scale != null) l = l.scale(scale)
    return emit(l)
}

/** Keras's `RepeatVector(n)`. */
public fun LayerBuilderScope.repeatVector(n: Int): RepeatVector {
    return emit(RepeatVector(n))
}

/** Keras's `Permute(dims)` (1-based). */
public fun LayerBuilderScope.permute(vararg dims: Int): Permute {
    return emit(Permute(*dims))
}

/**
 * Keras's `TimeDistributed(layer)`: the layer is built with the DSL's words or given as a Java layer.
 *
 * ```kotlin
 * timeDistributed(Layers.dense(128))
 * ```
 */
public fun LayerBuilderScope.timeDistributed(layer: Layer, inputShape: List<Int>? = null): TimeDistributed {
    return emit(TimeDistributed(layer).common(null, null, inputShape, null, null, null, null, null))
}
