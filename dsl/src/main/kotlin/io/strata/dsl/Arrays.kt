// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.data.JavaArrays
import org.tensorflow.ndarray.FloatNdArray

/** A prediction's values, row-major, as a Kotlin list (any rank). */
public fun FloatNdArray.toList(): List<Float> = JavaArrays.toFlat(this).asList()

/** A `(samples, features)` prediction as one list per sample: `model.predict(x).toLists()[0]`. */
public fun FloatNdArray.toLists(): List<List<Float>> = JavaArrays.toFloats2d(this).map { it.asList() }

/** A `(samples, features)` prediction as `Array<FloatArray>`. */
public fun FloatNdArray.toFloatArrays(): Array<FloatArray> = JavaArrays.toFloats2d(this)

/** Keras's `np.argmax(p, axis=-1)`: the most likely class of each sample. */
public fun FloatNdArray.argmax(): IntArray = JavaArrays.argmax(this)
