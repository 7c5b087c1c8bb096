// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow

import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.shouldBe
import org.tensorflow.Graph
import org.tensorflow.Session
import org.tensorflow.ndarray.Shape
import org.tensorflow.ndarray.buffer.DataBuffers
import org.tensorflow.proto.DataType
import org.tensorflow.types.TFloat32

/**
 * The dropout mask is built from float ops (`sign(relu(u - r))`, r the float below the rate) instead
 * of `u >= rate`: it must keep exactly the units the comparison keeps, at the rate itself and at its
 * neighbours, for rates that are and are not multiples of the uniform noise's 2^-23 step.
 */
class DropoutMaskSpec : StringSpec({
    val rates = floatArrayOf(0.2f, 0.5f, 0.25f, 0.1f, 0.001f, 0.9f, 0.3f, 0.75f)

    fun noiseAround(rate: Float): FloatArray {
        val values = mutableListOf(0f, Math.nextDown(1f), rate, Math.nextDown(rate), Math.nextUp(rate))
        // The uniform noise of TF's CPU kernels is k / 2^23: every such value within 40 steps of the rate.
        val k = (rate * (1 shl 23)).toInt()
        for (d in -40..40) {
            values.add((k + d).toFloat() / (1 shl 23))
        }
        val random = java.util.Random(7)
        repeat(2000) { values.add(random.nextInt(1 shl 23).toFloat() / (1 shl 23)) }
        return values.toFloatArray()
    }

    "the float-op mask keeps exactly the noise values at or above the rate" {
        Graph().use { graph ->
            val g = TfGraphBuilder(graph)
            val tfRandom = TfRandom(g, 42L)
            val u = g.placeholder(DataType.DT_FLOAT, -1)
            val masks = rates.map { tfRandom.scaledMask(u, it) }
            Session(graph).use { session ->
                for ((i, rate) in rates.withIndex()) {
                    val noise = noiseAround(rate)
                    TFloat32.tensorOf(Shape.of(noise.size.toLong()), DataBuffers.of(noise, true, false)).use { t ->
                        session.runner().feed(u, t).fetch(masks[i]).run().use { r ->
                            val got = FloatArray(noise.size)
                            r.get(0).asRawTensor().data().asFloats().read(got)
                            val scale = 1f / (1f - rate)
                            val expected = FloatArray(noise.size) { if (noise[it] >= rate) scale else 0f }
                            got.toList() shouldBe expected.toList()
                        }
                    }
                }
            }
        }
    }

    "dropout in a training step draws the mask of StatelessRandomUniform compared with the rate, wide or narrow" {
        // 300 values per sample take the float ops, 20 the comparison (FLOAT_MASK_MIN): the same masks.
        for (width in intArrayOf(300, 20)) {
            Graph().use { graph ->
                val g = TfGraphBuilder(graph)
                val tfRandom = TfRandom(g, 42L)
                val ones = g.placeholder(DataType.DT_FLOAT, -1, width.toLong())
                val counter = g.tf.constant(5L).asOutput()
                val (dropped, noise) = tfRandom.withCounter(counter, false) {
                    Pair(tfRandom.dropout(ones, 0.2f, null, 3L), tfRandom.uniform(g.apply("Shape", ones), 3L))
                }
                val values = FloatArray(64 * width) { 1f }
                Session(graph).use { session ->
                    TFloat32.tensorOf(Shape.of(64, width.toLong()), DataBuffers.of(values, true, false)).use { t ->
                        session.runner().feed(ones, t).fetch(dropped).fetch(noise).run().use { r ->
                            val got = FloatArray(64 * width)
                            val u = FloatArray(64 * width)
                            r.get(0).asRawTensor().data().asFloats().read(got)
                            r.get(1).asRawTensor().data().asFloats().read(u)
                            got.toList() shouldBe u.map { if (it >= 0.2f) 1.25f else 0f }
                        }
                    }
                }
            }
        }
    }
})
