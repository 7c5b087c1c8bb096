// SPDX-License-Identifier: Apache-2.0
package io.strata.conformance

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.optimizers.Adadelta
import io.strata.optimizers.Adagrad
import io.strata.optimizers.Adam
import io.strata.optimizers.Adamax
import io.strata.optimizers.Nadam
import io.strata.optimizers.Optimizer
import io.strata.optimizers.RMSprop
import io.strata.optimizers.SGD
import kotlin.math.abs
import kotlin.math.max
import kotlin.math.pow
import kotlin.math.sqrt

/**
 * For every optimizer, the weights after 3 steps of a linear model under MSE equal Keras 2.2's update
 * rule computed independently here, in double precision, from the formulas in keras/optimizers.py.
 */
class OptimizerFixturesSpec : FunSpec({

    val x = arrayOf(
        floatArrayOf(0.5f, -1.0f, 2.0f),
        floatArrayOf(1.5f, 0.3f, -0.7f),
        floatArrayOf(-0.2f, 0.8f, 0.1f),
        floatArrayOf(1.0f, 1.0f, -1.0f),
    )
    val y = arrayOf(floatArrayOf(1f, 0f), floatArrayOf(0f, 1f), floatArrayOf(0.5f, 0.5f), floatArrayOf(-1f, 2f))
    val w0 = arrayOf(floatArrayOf(0.1f, -0.2f), floatArrayOf(0.3f, 0.05f), floatArrayOf(-0.4f, 0.25f))
    val b0 = floatArrayOf(0.01f, -0.02f)

    /** The gradient of mean((xW + b - y)²) for W (row-major) and b. */
    fun grads(w: DoubleArray, b: DoubleArray): List<DoubleArray> {
        val n = x.size
        val gw = DoubleArray(6)
        val gb = DoubleArray(2)
        for (s in 0 until n) {
            for (o in 0 until 2) {
                var p = b[o]
                for (i in 0 until 3) p += x[s][i] * w[i * 2 + o]
                val d = 2 * (p - y[s][o]) / (n * 2)
                for (i in 0 until 3) gw[i * 2 + o] += x[s][i] * d
                gb[o] += d
            }
        }
        return listOf(gw, gb)
    }

    /** Keras 2.2's rules; [state] holds per-parameter slots, [t] counts from 1. */
    fun reference(opt: Optimizer<*>, steps: Int): List<DoubleArray> {
        val params = listOf(w0.flatMap { r -> r.map { it.toDouble() } }.toDoubleArray(), b0.map { it.toDouble() }.toDoubleArray())
        val s1 = params.map { DoubleArray(it.size) }
        val s2 = params.map { DoubleArray(it.size) }
        val s3 = params.map { DoubleArray(it.size) }
        var mSchedule = 1.0
        for (step in 0 until steps) {
            var g = grads(params[0], params[1])
            if (opt.clipnorm() > 0) {
                val norm = sqrt(g.sumOf { a -> a.sumOf { it * it } })
                g = g.map { a -> DoubleArray(a.size) { a[it] * opt.clipnorm() / max(norm, opt.clipnorm()) } }
            }
            if (opt.clipvalue() > 0) g = g.map { a -> DoubleArray(a.size) { a[it].coerceIn(-opt.clipvalue(), opt.clipvalue()) } }
            val lr = opt.lr() / (1 + opt.decay() * step)
            val t = step + 1.0
            if (opt is Nadam) {
                val cacheT = opt.beta1() * (1 - 0.5 * 0.96.pow(t * opt.scheduleDecay()))
                val cacheT1 = opt.beta1() * (1 - 0.5 * 0.96.pow((t + 1) * opt.scheduleDecay()))
                val scheduleNew = mSchedule * cacheT
                val scheduleNext = mSchedule * cacheT * cacheT1
                mSchedule = scheduleNew
                for (k in params.indices) for (i in params[k].indices) {
                    val gi = g[k][i]
                    val gPrime = gi / (1 - scheduleNew)
                    s1[k][i] = opt.beta1() * s1[k][i] + (1 - opt.beta1()) * gi
                    val mPrime = s1[k][i] / (1 - scheduleNext)
                    s2[k][i] = opt.beta2() * s2[k][i] + (1 - opt.beta2()) * gi * gi
                    val vPrime = s2[k][i] / (1 - opt.beta2().pow(t))
                    val mBar = (1 - cacheT) * gPrime + cacheT1 * mPrime
                    params[k][i] -= lr * mBar / (sqrt(vPrime) + opt.epsilon())
                }
                continue
            }
            for (k in params.indices) for (i in params[k].indices) {
                val gi = g[k][i]
                when (opt) {
                    is SGD -> {
                        val v = opt.momentum() * s1[k][i] - lr * gi
                        s1[k][i] = v
                        params[k][i] += if (opt.nesterov()) opt.momentum() * v - lr * gi else v
                    }
                    is RMSprop -> {
                        s1[k][i] = opt.rho() * s1[k][i] + (1 - opt.rho()) * gi * gi
                        params[k][i] -= lr * gi / (sqrt(s1[k][i]) + opt.epsilon())
                    }
                    is Adagrad -> {
                        s1[k][i] += gi * gi
                        params[k][i] -= lr * gi / (sqrt(s1[k][i]) + opt.epsilon())
                    }
                    is Adadelta -> {
                        s1[k][i] = opt.rho() * s1[k][i] + (1 - opt.rho()) * gi * gi
                        val update = gi * sqrt(s2[k][i] + opt.epsilon()) / sqrt(s1[k][i] + opt.epsilon())
                        params[k][i] -= lr * update
                        s2[k][i] = opt.rho() * s2[k][i] + (1 - opt.rho()) * update * update
                    }
                    is Adam -> {
                        val lrT = lr * sqrt(1 - opt.beta2().pow(t)) / (1 - opt.beta1().pow(t))
                        s1[k][i] = opt.beta1() * s1[k][i] + (1 - opt.beta1()) * gi
                        s2[k][i] = opt.beta2() * s2[k][i] + (1 - opt.beta2()) * gi * gi
                        val v = if (opt.amsgrad()) max(s3[k][i], s2[k][i]).also { s3[k][i] = it } else s2[k][i]
                        params[k][i] -= lrT * s1[k][i] / (sqrt(v) + opt.epsilon())
                    }
                    is Adamax -> {
                        val lrT = lr / (1 - opt.beta1().pow(t))
                        s1[k][i] = opt.beta1() * s1[k][i] + (1 - opt.beta1()) * gi
                        s2[k][i] = max(opt.beta2() * s2[k][i], abs(gi))
                        params[k][i] -= lrT * s1[k][i] / (s2[k][i] + opt.epsilon())
                    }
                    else -> error("no reference for $opt")
                }
            }
        }
        return params
    }

    withData(
        nameFn = { it.first },
        "sgd" to SGD().lr(0.1),
        "sgd momentum decay" to SGD().lr(0.1).momentum(0.9).decay(0.1),
        "sgd nesterov decay" to SGD().lr(0.1).momentum(0.9).nesterov(true).decay(1e-2),
        "sgd clipnorm" to SGD().lr(0.1).clipnorm(0.5),
        "sgd clipvalue" to SGD().lr(0.1).clipvalue(0.05),
        "rmsprop" to RMSprop().lr(0.01),
        "rmsprop decay" to RMSprop().lr(0.01).decay(0.05),
        "adagrad" to Adagrad().lr(0.1),
        "adadelta" to Adadelta(),
        "adam" to Adam().lr(0.01),
        "adam decay" to Adam().lr(0.01).decay(0.1),
        "adam amsgrad" to Adam().lr(0.01).amsgrad(true),
        "adamax" to Adamax().lr(0.01),
        "nadam" to Nadam().lr(0.01),
    ) { (_, opt) ->
        val model = Sequential(listOf(Layers.dense(2).inputDim(3))).seed(1)
        model.compile(opt, "mse")
        model.setWeights(listOf(w0, b0))
        repeat(3) { model.trainOnBatch(x, y) }
        model.iterations() shouldBe 3L
        val expected = reference(opt, 3)
        val actual = model.getWeights()
        val w = FloatArray(6).also { actual[0].copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(it, false, false)) }
        val b = FloatArray(2).also { actual[1].copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(it, false, false)) }
        for (i in 0 until 6) w[i].toDouble() shouldBe (expected[0][i] plusOrMinus 2e-5)
        for (i in 0 until 2) b[i].toDouble() shouldBe (expected[1][i] plusOrMinus 2e-5)
        model.close()
    }
})
