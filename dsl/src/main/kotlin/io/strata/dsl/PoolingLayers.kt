// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.layers.ZeroPadding
import io.strata.layers.UpSampling
import io.strata.layers.GlobalPooling
import io.strata.layers.AveragePooling1D
import io.strata.layers.AveragePooling2D
import io.strata.layers.Layers
import io.strata.layers.MaxPooling1D
import io.strata.layers.MaxPooling2D

/**
 * Keras's `MaxPooling2D(pool_size=(2, 2))`; the overloads take one int (`maxPooling2d(2)`) or a pair (`2 to 2`)
 * for the pool size and strides, as Keras takes an int or a tuple.
 */
public fun LayerBuilderScope.maxPooling2d(
    poolSize: List<Int> = listOf(2, 2),
    strides: List<Int>? = null,
    padding: String? = null,
    dataFormat: String? = null,
    name: String? = null,
): MaxPooling2D {
    var l = MaxPooling2D(*square(poolSize.toIntArray()))
    if (strides != null) l = l.strides(*square(strides.toIntArray()))
    if (padding != null) l = l.padding(padding)
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    if (name != null) l = l.name(name)
    return emit(l)
}

/** [maxPooling2d] with one int for both axes. */
public fun LayerBuilderScope.maxPooling2d(
    poolSize: Int,
    strides: Int? = null,
    padding: String? = null,
    dataFormat: String? = null,
    name: String? = null,
): MaxPooling2D = maxPooling2d(listOf(poolSize), strides?.let { listOf(it) }, padding, dataFormat, name)

/** [maxPooling2d] with pairs, as Keras's tuples. */
public fun LayerBuilderScope.maxPooling2d(
    poolSize: Pair<Int, Int>,
    strides: Pair<Int, Int>? = null,
    padding: String? = null,
    dataFormat: String? = null,
    name: String? = null,
): MaxPooling2D = maxPooling2d(poolSize.ints(), strides?.ints(), padding, dataFormat, name)

/**
 * Keras's `AveragePooling2D(pool_size=(2, 2))`; the overloads take one int (`averagePooling2d(2)`) or a pair (`2 to 2`)
 * for the pool size and strides, as Keras takes an int or a tuple.
 */
public fun LayerBuilderScope.averagePooling2d(
    poolSize: List<Int> = listOf(2, 2),
    strides: List<Int>? = null,
    padding: String? = null,
    dataFormat: String? = null,
    name: String? = null,
): AveragePooling2D {
    var l = AveragePooling2D(*square(poolSize.toIntArray()))
    if (strides != null) l = l.strides(*square(strides.toIntArray()))
    if (padding != null) l = l.padding(padding)
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    if (name != null) l = l.name(name)
    return emit(l)
}

/** [averagePooling2d] with one int for both axes. */
public fun LayerBuilderScope.averagePooling2d(
    poolSize: Int,
    strides: Int? = null,
    padding: String? = null,
    dataFormat: String? = null,
    name: String? = null,
): AveragePooling2D = averagePooling2d(listOf(poolSize), strides?.let { listOf(it) }, padding, dataFormat, name)

/** [averagePooling2d] with pairs, as Keras's tuples. */
public fun LayerBuilderScope.averagePooling2d(
    poolSize: Pair<Int, Int>,
    strides: Pair<Int, Int>? = null,
    padding: String? = null,
    dataFormat: String? = null,
    name: String? = null,
): AveragePooling2D = averagePooling2d(poolSize.ints(), strides?.ints(), padding, dataFormat, name)

/** Keras's `MaxPooling1D(pool_size=2)` (Keras 1 `pool_length`). */
public fun LayerBuilderScope.maxPooling1d(poolSize: Int = 2, strides: Int? = null, padding: String? = null, name: String? = null): MaxPooling1D {
    var l = MaxPooling1D(poolSize)
    if (strides != null) l = l.strides(strides)
    if (padding != null) l = l.padding(padding)
    if (name != null) l = l.name(name)
    return emit(l)
}

/** Keras's `AveragePooling1D(pool_size=2)`. */
public fun LayerBuilderScope.averagePooling1d(poolSize: Int = 2, strides: Int? = null, padding: String? = null, name: String? = null): AveragePooling1D {
    var l = AveragePooling1D(poolSize)
    if (strides != null) l = l.strides(strides)
    if (padding != null) l = l.padding(padding)
    if (name != null) l = l.name(name)
    return emit(l)
}

/** Keras's `GlobalAveragePooling1D`. */
public fun LayerBuilderScope.globalAveragePooling1d(): GlobalPooling {
    return emit(Layers.globalAveragePooling1d())
}

/** Keras's `GlobalMaxPooling1D`. */
public fun LayerBuilderScope.globalMaxPooling1d(): GlobalPooling {
    return emit(Layers.globalMaxPooling1d())
}

/** Keras's `GlobalAveragePooling2D`. */
public fun LayerBuilderScope.globalAveragePooling2d(dataFormat: String? = null): GlobalPooling {
    return emit(Layers.globalAveragePooling2d().let { if (dataFormat != null) it.dataFormat(dataFormat) else it })
}

/** Keras's `GlobalMaxPooling2D`. */
public fun LayerBuilderScope.globalMaxPooling2d(dataFormat: String? = null): GlobalPooling {
    return emit(Layers.globalMaxPooling2d().let { if (dataFormat != null) it.dataFormat(dataFormat) else it })
}

/** Keras's `ZeroPadding1D(padding=1)`. */
public fun LayerBuilderScope.zeroPadding1d(padding: Int = 1, inputShape: List<Int>? = null): ZeroPadding {
    return emit(Layers.zeroPadding1d(padding).common(null, null, inputShape, null, null, null, null, null))
}

/** Keras's `ZeroPadding2D(padding=(1, 1))`. */
public fun LayerBuilderScope.zeroPadding2d(padding: List<Int> = listOf(1, 1), dataFormat: String? = null, inputShape: List<Int>? = null): ZeroPadding {
    var l = Layers.zeroPadding2d(*padding.toIntArray()).common(null, null, inputShape, null, null, null, null, null)
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    return emit(l)
}

/** Keras's `UpSampling1D(size=2)`. */
public fun LayerBuilderScope.upSampling1d(size: Int = 2): UpSampling {
    return emit(Layers.upSampling1d(size))
}

/** Keras's `UpSampling2D(size=(2, 2))`; `upSampling2d(2)` or `2 to 2` as in Keras. */
public fun LayerBuilderScope.upSampling2d(size: List<Int> = listOf(2, 2), dataFormat: String? = null): UpSampling {
    var l = Layers.upSampling2d(*square(size.toIntArray()))
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    return emit(l)
}

/** [upSampling2d] with one int for both axes. */
public fun LayerBuilderScope.upSampling2d(size: Int, dataFormat: String? = null): UpSampling = upSampling2d(listOf(size), dataFormat)

/** [upSampling2d] with a pair. */
public fun LayerBuilderScope.upSampling2d(size: Pair<Int, Int>, dataFormat: String? = null): UpSampling =
    upSampling2d(size.ints(), dataFormat)

/** [zeroPadding2d] with one int for every side (`zeroPadding2d(1)`), as Keras takes `padding=1`. */
public fun LayerBuilderScope.zeroPadding2d(padding: Int, dataFormat: String? = null, inputShape: List<Int>? = null): ZeroPadding =
    zeroPadding2d(listOf(padding, padding), dataFormat, inputShape)

/** [zeroPadding2d] with a pair (rows, columns). */
public fun LayerBuilderScope.zeroPadding2d(padding: Pair<Int, Int>, dataFormat: String? = null, inputShape: List<Int>? = null): ZeroPadding =
    zeroPadding2d(padding.ints(), dataFormat, inputShape)
