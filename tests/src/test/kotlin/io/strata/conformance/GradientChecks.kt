// SPDX-License-Identifier: Apache-2.0
package io.strata.conformance

import io.strata.models.Model
import org.tensorflow.ndarray.NdArrays
import org.tensorflow.ndarray.Shape
import org.tensorflow.ndarray.buffer.DataBuffers
import kotlin.math.abs
import kotlin.math.max

/**
 * The worst relative error between the backend's gradient and central finite differences, through
 * the public API: [model] must be compiled with plain SGD at lr = 1, so that one training step on
 * ([x], [y]) moves each weight by exactly -grad; the loss at perturbed weights comes from testOnBatch.
 * Up to six coordinates of every weight are checked.
 */
internal fun gradientError(model: Model, x: Any, y: Any, resetStates: Boolean = false): Double {
    fun flat() = model.getWeights().map { w -> FloatArray(w.size().toInt()).also { w.copyTo(DataBuffers.of(it, false, false)) } }
    fun reset() {
        if (resetStates) model.resetStates()
    }
    val start = flat()
    val shapes = model.getWeights().map { it.shape().asArray() }
    reset()
    model.trainOnBatch(x, y)
    val after = flat()
    fun lossAt(values: List<FloatArray>): Double {
        model.setWeights(values.mapIndexed { i, v -> NdArrays.wrap(Shape.of(*shapes[i]), DataBuffers.of(v, true, false)) })
        reset()
        return model.testOnBatch(x, y)[0]
    }
    val eps = 1e-2f
    var worst = 0.0
    for (k in start.indices) {
        val picks = (0 until minOf(6, start[k].size)).map { (it * 7919) % start[k].size }.distinct()
        for (i in picks) {
            val plus = start.map { it.clone() }.also { it[k][i] += eps }
            val minus = start.map { it.clone() }.also { it[k][i] -= eps }
            val numeric = (lossAt(plus) - lossAt(minus)) / (2 * eps)
            val analytic = (start[k][i] - after[k][i]).toDouble()
            worst = max(worst, abs(numeric - analytic) / max(1e-2, abs(numeric) + abs(analytic)))
        }
    }
    return worst
}
