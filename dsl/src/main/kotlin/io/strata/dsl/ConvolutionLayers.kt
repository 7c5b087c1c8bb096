// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.activations.ActivationFunction
import io.strata.initializers.Initializer
import io.strata.layers.Conv1D
import io.strata.layers.Conv2D
import io.strata.regularizers.Regularizer
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract

/** The configuration block of [conv2d]: Keras's tuple arguments as one int or several. */
public class Conv2DScope @PublishedApi internal constructor(layer: Conv2D) : LayerScope<Conv2D>(layer) {
    /** Keras's `strides`: `strides(2)` or `strides(2, 1)`. */
    public fun strides(vararg s: Int) {
        layer = layer.strides(*square(s))
    }

    /** Keras's `dilation_rate`: `dilationRate(2)` or `dilationRate(2, 1)`. */
    public fun dilationRate(vararg d: Int) {
        layer = layer.dilationRate(*square(d))
    }

    /** Keras's `padding`: `"valid"` or `"same"`. */
    public fun padding(value: String) {
        layer = layer.padding(value)
    }
}

/** One int for both axes, as Keras takes `kernel_size=3` for `(3, 3)`. */
@PublishedApi
internal fun square(v: IntArray): IntArray = if (v.size == 1) intArrayOf(v[0], v[0]) else v

@PublishedApi
internal fun Pair<Int, Int>.ints(): List<Int> = listOf(first, second)

/**
 * Keras's `Conv2D(filters, kernel_size)`: a 2-D convolution. The kernel size is a list, a pair or one
 * int for both axes, as in Keras (`kernelSize = 3`, `3 to 3`, `listOf(3, 3)`); so are `strides` and
 * `dilationRate` in the overloads for pairs and ints.
 *
 * ```kotlin
 * conv2d(32, 3, activation = relu, inputShape = listOf(100, 100, 3))
 * conv2d(64, kernelSize = 3 to 3, strides = 2 to 2, padding = "same")
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
    block: Conv2DScope.() -> Unit = {},
): Conv2D {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    var l = Conv2D(filters, *square(kernelSize.toIntArray())).common(name, null, inputShape, batchInputShape, null, null,
        null, null)
    if (strides != null) l = l.strides(*square(strides.toIntArray()))
    if (padding != null) l = l.padding(padding)
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    if (dilationRate != null) l = l.dilationRate(*square(dilationRate.toIntArray()))
    if (activation != null) l = l.activation(activation)
    if (useBias != null) l = l.useBias(useBias)
    if (kernelInitializer != null) l = l.kernelInitializer(kernelInitializer)
    if (kernelRegularizer != null) l = l.kernelRegularizer(kernelRegularizer)
    val scope = Conv2DScope(l)
    scope.block()
    return emit(scope.layer)
}

/** [conv2d] with a square kernel (`conv2d(32, 3)`), and `strides`/`dilationRate` as one int. */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.conv2d(
    filters: Int,
    kernelSize: Int,
    strides: Int? = null,
    padding: String? = null,
    dataFormat: String? = null,
    dilationRate: Int? = null,
    activation: ActivationFunction? = null,
    useBias: Boolean? = null,
    kernelInitializer: Initializer? = null,
    kernelRegularizer: Regularizer? = null,
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    name: String? = null,
    block: Conv2DScope.() -> Unit = {},
): Conv2D {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    return conv2d(filters, listOf(kernelSize), strides?.let { listOf(it) }, padding, dataFormat, dilationRate?.let { listOf(it) },
        activation, useBias, kernelInitializer, kernelRegularizer, inputShape, batchInputShape, name, block)
}

/** [conv2d] with pairs, as Keras's tuples (`conv2d(32, 3 to 3, strides = 2 to 2)`). */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.conv2d(
    filters: Int,
    kernelSize: Pair<Int, Int>,
    strides: Pair<Int, Int>? = null,
    padding: String? = null,
    dataFormat: String? = null,
    dilationRate: Pair<Int, Int>? = null,
    activation: ActivationFunction? = null,
    useBias: Boolean? = null,
    kernelInitializer: Initializer? = null,
    kernelRegularizer: Regularizer? = null,
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    name: String? = null,
    block: Conv2DScope.() -> Unit = {},
): Conv2D {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    return conv2d(filters, kernelSize.ints(), strides?.ints(), padding, dataFormat, dilationRate?.ints(), activation, useBias,
        kernelInitializer, kernelRegularizer, inputShape, batchInputShape, name, block)
}

/** [conv2d] with Keras 1's `border_mode` and `subsample`. */
@Deprecated("Keras 1's names: use padding and strides")
public fun LayerBuilderScope.conv2d(
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
): Conv2D = conv2d(filters, kernelSize, strides ?: subsample, padding ?: border_mode, dataFormat, dilationRate, activation,
    useBias, kernelInitializer, kernelRegularizer, inputShape, batchInputShape, name)

/** Keras 1's `Convolution2D(nb_filter, nb_row, nb_col)`. */
@Deprecated("Keras 1's layer: use conv2d", ReplaceWith("conv2d(nb_filter, nb_row to nb_col, padding = border_mode)"))
public fun LayerBuilderScope.convolution2d(
    nb_filter: Int,
    nb_row: Int,
    nb_col: Int,
    border_mode: String? = null,
    activation: ActivationFunction? = null,
    inputShape: List<Int>? = null,
    dataFormat: String? = null,
): Conv2D {
    return conv2d(nb_filter, listOf(nb_row, nb_col), padding = border_mode, activation = activation, inputShape = inputShape,
        dataFormat = dataFormat)
}

/** The configuration block of [conv1d]. */
public class Conv1DScope @PublishedApi internal constructor(layer: Conv1D) : LayerScope<Conv1D>(layer)

/**
 * Keras's `Conv1D(filters, kernel_size)`: a temporal convolution.
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
    block: Conv1DScope.() -> Unit = {},
): Conv1D {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    var l = Conv1D(filters, kernelSize).common(name, inputDim, inputShape, batchInputShape, inputLength, null, null, null)
    if (strides != null) l = l.strides(strides)
    if (padding != null) l = l.padding(padding)
    if (dilationRate != null) l = l.dilationRate(dilationRate)
    if (activation != null) l = l.activation(activation)
    if (kernelInitializer != null) l = l.kernelInitializer(kernelInitializer)
    val scope = Conv1DScope(l)
    scope.block()
    return emit(scope.layer)
}

/** [conv1d] with Keras 1's `border_mode` and `subsample_length`. */
@Deprecated("Keras 1's names: use padding and strides")
public fun LayerBuilderScope.conv1d(
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
): Conv1D = conv1d(filters, kernelSize, strides ?: subsample_length, padding ?: border_mode, dilationRate, activation,
    kernelInitializer, inputShape, inputDim, inputLength, batchInputShape, name)

/** Keras 1's `Convolution1D(nb_filter, filter_length)`. */
@Deprecated("Keras 1's layer: use conv1d", ReplaceWith("conv1d(nb_filter, filter_length, padding = border_mode)"))
public fun LayerBuilderScope.convolution1d(
    nb_filter: Int,
    filter_length: Int,
    border_mode: String? = null,
    subsample_length: Int? = null,
    activation: ActivationFunction? = null,
    inputDim: Int? = null,
    inputLength: Int? = null,
): Conv1D {
    return conv1d(nb_filter, filter_length, subsample_length, border_mode, activation = activation, inputDim = inputDim,
        inputLength = inputLength)
}
