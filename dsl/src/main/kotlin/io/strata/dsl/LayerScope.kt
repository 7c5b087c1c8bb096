// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.Shape
import io.strata.layers.BaseLayer
import io.strata.regularizers.Regularizer

/**
 * The configuration block of one layer: Keras's common keyword arguments as properties. The layer
 * is the Java value itself; each assignment replaces it with a changed copy, so defaults live only
 * in Java.
 */
public abstract class LayerScope<L : BaseLayer<L>> @PublishedApi internal constructor(
    @PublishedApi internal var layer: L,
) : LayerVocabulary {
    /** Keras's `name`. */
    public var name: String?
        get() = layer.name()
        set(value) {
            if (value != null) layer = layer.name(value)
        }

    /** Keras's `trainable`. */
    public var trainable: Boolean
        get() = layer.trainable()
        set(value) {
            layer = layer.trainable(value)
        }

    /** Keras's `activity_regularizer`. */
    public var activityRegularizer: Regularizer?
        get() = layer.activityRegularizer()
        set(value) {
            layer = layer.activityRegularizer(value)
        }

    /** Keras's `input_shape` (without the batch dimension): `inputShape(10, 64)`. */
    public fun inputShape(vararg dims: Int) {
        layer = layer.inputShape(*dims.map { it.toLong() }.toLongArray())
    }

    /** Keras's `input_shape` of `Long` dimensions. */
    public fun inputShape(vararg dims: Long) {
        layer = layer.inputShape(*dims)
    }

    /** Keras's `batch_input_shape`; `null` is an unknown dimension. */
    public fun batchInputShape(vararg dims: Int?) {
        layer = layer.batchInputShape(*dims)
    }

    /** Keras's `input_dim` (`inputDim = 20`); null until set in this block. */
    public var inputDim: Int? = null
        set(value) {
            field = value
            if (value != null) layer = layer.inputDim(value)
        }

    /** Keras's `input_length` (`inputLength = 10`); null until set in this block. */
    public var inputLength: Int? = null
        set(value) {
            field = value
            if (value != null) layer = layer.inputLength(value)
        }
}

/** Applies the common keyword arguments that were given (null means "Keras's default"). */
@PublishedApi
internal fun <L : BaseLayer<L>> L.common(
    name: String?,
    inputDim: Int?,
    inputShape: List<Int>?,
    batchInputShape: List<Int?>?,
    inputLength: Int?,
    batchSize: Int?,
    trainable: Boolean?,
    activityRegularizer: Regularizer?,
): L {
    var l = this
    if (name != null) l = l.name(name)
    if (inputShape != null) l = l.inputShape(Shape.of(*inputShape.map { it.toLong() }.toLongArray()))
    if (batchInputShape != null) l = l.batchInputShape(*batchInputShape.toTypedArray())
    if (inputDim != null) l = l.inputDim(inputDim)
    if (inputLength != null) l = l.inputLength(inputLength)
    if (batchSize != null) l = l.batchSize(batchSize)
    if (trainable != null) l = l.trainable(trainable)
    if (activityRegularizer != null) l = l.activityRegularizer(activityRegularizer)
    return l
}
