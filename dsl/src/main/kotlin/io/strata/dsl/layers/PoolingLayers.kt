// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl.layers

import io.strata.dsl.SequentialScope
import io.strata.layers.AveragePooling1D
import io.strata.layers.AveragePooling2D
import io.strata.layers.Layers
import io.strata.layers.MaxPooling1D
import io.strata.layers.MaxPooling2D

/** Keras's `MaxPooling2D(pool_size=(2, 2))`. */
public fun SequentialScope.maxPooling2d(
    poolSize: List<Int> = listOf(2, 2),
    strides: List<Int>? = null,
    padding: String? = null,
    dataFormat: String? = null,
    name: String? = null,
) {
    var l = MaxPooling2D(*poolSize.toIntArray())
    if (strides != null) l = l.strides(*strides.toIntArray())
    if (padding != null) l = l.padding(padding)
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    if (name != null) l = l.name(name)
    add(l)
}

/** Keras's `AveragePooling2D(pool_size=(2, 2))`. */
public fun SequentialScope.averagePooling2d(
    poolSize: List<Int> = listOf(2, 2),
    strides: List<Int>? = null,
    padding: String? = null,
    dataFormat: String? = null,
    name: String? = null,
) {
    var l = AveragePooling2D(*poolSize.toIntArray())
    if (strides != null) l = l.strides(*strides.toIntArray())
    if (padding != null) l = l.padding(padding)
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    if (name != null) l = l.name(name)
    add(l)
}

/** Keras's `MaxPooling1D(pool_size=2)` (Keras 1 `pool_length`). */
public fun SequentialScope.maxPooling1d(poolSize: Int = 2, strides: Int? = null, padding: String? = null, name: String? = null) {
    var l = MaxPooling1D(poolSize)
    if (strides != null) l = l.strides(strides)
    if (padding != null) l = l.padding(padding)
    if (name != null) l = l.name(name)
    add(l)
}

/** Keras's `AveragePooling1D(pool_size=2)`. */
public fun SequentialScope.averagePooling1d(poolSize: Int = 2, strides: Int? = null, padding: String? = null, name: String? = null) {
    var l = AveragePooling1D(poolSize)
    if (strides != null) l = l.strides(strides)
    if (padding != null) l = l.padding(padding)
    if (name != null) l = l.name(name)
    add(l)
}

/** Keras's `GlobalAveragePooling1D`. */
public fun SequentialScope.globalAveragePooling1d() {
    add(Layers.globalAveragePooling1d())
}

/** Keras's `GlobalMaxPooling1D`. */
public fun SequentialScope.globalMaxPooling1d() {
    add(Layers.globalMaxPooling1d())
}

/** Keras's `GlobalAveragePooling2D`. */
public fun SequentialScope.globalAveragePooling2d(dataFormat: String? = null) {
    add(Layers.globalAveragePooling2d().let { if (dataFormat != null) it.dataFormat(dataFormat) else it })
}

/** Keras's `GlobalMaxPooling2D`. */
public fun SequentialScope.globalMaxPooling2d(dataFormat: String? = null) {
    add(Layers.globalMaxPooling2d().let { if (dataFormat != null) it.dataFormat(dataFormat) else it })
}

/** Keras's `ZeroPadding1D(padding=1)`. */
public fun SequentialScope.zeroPadding1d(padding: Int = 1, inputShape: List<Int>? = null) {
    add(Layers.zeroPadding1d(padding).common(null, null, inputShape, null, null, null, null, null))
}

/** Keras's `ZeroPadding2D(padding=(1, 1))`. */
public fun SequentialScope.zeroPadding2d(padding: List<Int> = listOf(1, 1), dataFormat: String? = null, inputShape: List<Int>? = null) {
    var l = Layers.zeroPadding2d(*padding.toIntArray()).common(null, null, inputShape, null, null, null, null, null)
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    add(l)
}

/** Keras's `UpSampling1D(size=2)`. */
public fun SequentialScope.upSampling1d(size: Int = 2) {
    add(Layers.upSampling1d(size))
}

/** Keras's `UpSampling2D(size=(2, 2))`. */
public fun SequentialScope.upSampling2d(size: List<Int> = listOf(2, 2), dataFormat: String? = null) {
    var l = Layers.upSampling2d(*size.toIntArray())
    if (dataFormat != null) l = l.dataFormat(dataFormat)
    add(l)
}
