// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl.layers

import io.strata.activations.ActivationFunction
import io.strata.dsl.LayerBuilderScope
import io.strata.initializers.Initializer
import io.strata.layers.Conv1D
import io.strata.layers.Conv2D
import io.strata.regularizers.Regularizer
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract

/** The configuration block of [conv2d]. */
public class Conv2DScope @PublishedApi internal constructor(layer: Conv2D) : LayerScope<Conv2D>(layer)

/**
 * Keras's `Conv2D(filters, kernel_size)`: a 2-D convolution. Keras 1's `border_mode` and `subsample`
 * are accepted too.
 *
 * ```kotlin
 * conv2d(32, kernelSize = listOf(3, 3), activation = relu, inputShape = listOf(100, 100, 3))
 * ```
 */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.conv2d(
    filters: Int,
    kernelSize: List<Int>,
    strides: List<Int>? = null,
    padding: String? = null,
    dataFormat: String? = null,
    dilationRate: List<Int>? = null,
    activation: ActivationFunction? = null,
    useBias: Boolean? = null,
    kernelInitializer: Initializer? = null,
    kernelRegularizer: Regularizer? = null,
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    name: String? = null,
    border_mode: String? = null,
    subsample: List<Int>? = null,
    block: Conv2DScope.() -> Unit = {},
): Conv2D {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    var l = Conv2D(filters, *kernelSize.toIntArray()).common(name, null, inputShape, batchInputShape, null, null, null, null)
    (strides ?: subsample)?.let { l = l.strides(*it.toIntArray()) }
    (padding ?: border_mode)?.let { l = l.padding(it) }
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    if (dilationRate != null) l = l.dilationRate(*dilationRate.toIntArray())
    if (activation != null) l = l.activation(activation)
    if (useBias != null) l = l.useBias(useBias)
    if (kernelInitializer != null) l = l.kernelInitializer(kernelInitializer)
    if (kernelRegularizer != null) l = l.kernelRegularizer(kernelRegularizer)
    val scope = Conv2DScope(l)
    scope.block()
    return emit(scope.layer)
}

/** Keras 1's `Convolution2D(nb_filter, nb_row, nb_col)`. */
public fun LayerBuilderScope.convolution2d(
    nb_filter: Int,
    nb_row: Int,
    nb_col: Int,
    border_mode: String? = null,
    activation: ActivationFunction? = null,
    inputShape: List<Int>? = null,
    dataFormat: String? = null,
): Conv2D {
    return conv2d(nb_filter, listOf(nb_row, nb_col), border_mode = border_mode, activation = activation, inputShape = inputShape,
        dataFormat = dataFormat)
}

/** The configuration block of [conv1d]. */
public class Conv1DScope @PublishedApi internal constructor(layer: Conv1D) : LayerScope<Conv1D>(layer)

/**
 * Keras's `Conv1D(filters, kernel_size)`: a temporal convolution. Keras 1's `border_mode` and
 * `subsample_length` are accepted too.
 *
 * ```kotlin
 * conv1d(64, 3, activation = relu, inputShape = listOf(64, 100))
 * ```
 */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.conv1d(
    filters: Int,
    kernelSize: Int,
    strides: Int? = null,
    padding: String? = null,
    dilationRate: Int? = null,
    activation: ActivationFunction? = null,
    kernelInitializer: Initializer? = null,
    inputShape: List<Int>? = null,
    inputDim: Int? = null,
    inputLength: Int? = null,
    batchInputShape: List<Int?>? = null,
    name: String? = null,
    border_mode: String? = null,
    subsample_length: Int? = null,
    block: Conv1DScope.() -> Unit = {},
): Conv1D {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    var l = Conv1D(filters, kernelSize).common(name, inputDim, inputShape, batchInputShape, inputLength, null, null, null)
    (strides ?: subsample_length)?.let { l = l.strides(it) }
    (padding ?: border_mode)?.let { l = l.padding(it) }
    if (dilationRate != null) l = l.dilationRate(dilationRate)
    if (activation != null) l = l.activation(activation)
    if (kernelInitializer != null) l = l.kernelInitializer(kernelInitializer)
    val scope = Conv1DScope(l)
    scope.block()
    return emit(scope.layer)
}

/** Keras 1's `Convolution1D(nb_filter, filter_length)`. */
public fun LayerBuilderScope.convolution1d(
    nb_filter: Int,
    filter_length: Int,
    border_mode: String? = null,
    subsample_length: Int? = null,
    activation: ActivationFunction? = null,
    inputDim: Int? = null,
    inputLength: Int? = null,
): Conv1D {
    return conv1d(nb_filter, filter_length, border_mode = border_mode, subsample_length = subsample_length,
        activation = activation, inputDim = inputDim, inputLength = inputLength)
}
