// SPDX-License-Identifier: Apache-2.0
package io.strata.samples

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.strata.layers.Layer
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.training.FitOptions
import org.tensorflow.ndarray.buffer.DataBuffers
import kotlin.random.Random

class StatefulSpec : FunSpec({
    val r = Random(9)
    val full = Array(4) { Array(8) { FloatArray(3) { r.nextFloat() } } }
    val first = Array(4) { i -> full[i].copyOfRange(0, 4) }
    val second = Array(4) { i -> full[i].copyOfRange(4, 8) }

    fun values(a: org.tensorflow.ndarray.FloatNdArray) = FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }

    withData(
        nameFn = { it.first },
        "SimpleRNN" to { t: Int, s: Boolean -> Layers.simpleRnn(5).stateful(s).batchInputShape(4, t, 3) as Layer },
        "LSTM" to { t: Int, s: Boolean -> Layers.lstm(5).stateful(s).batchInputShape(4, t, 3) as Layer },
        "GRU" to { t: Int, s: Boolean -> Layers.gru(5).stateful(s).batchInputShape(4, t, 3) as Layer },
    ) { (_, layer) ->
        val whole = Sequential(listOf(layer(8, false))).seed(3)
        val halves = Sequential(listOf(layer(4, true))).seed(3)
        halves.setWeights(whole.getWeights())
        val expected = values(whole.predict(full, 4))
        halves.predict(first, 4)
        val continued = values(halves.predict(second, 4))
        continued.zip(expected).forEach { (a, b) -> a shouldBe (b plusOrMinus 1e-5f) }
        // resetStates() starts over: the second half alone no longer matches the full sequence.
        halves.resetStates()
        values(halves.predict(second, 4)).toList() shouldNotBe expected.toList()
        halves.resetStates()
        halves.predict(first, 4)
        values(halves.predict(second, 4)).zip(expected).forEach { (a, b) -> a shouldBe (b plusOrMinus 1e-5f) }
        listOf(whole, halves).forEach(Sequential::close)
    }

    test("masked steps (Embedding maskZero) leave an LSTM's output as if they were absent") {
        val padded = arrayOf(intArrayOf(0, 0, 3, 4, 5))
        val plain = arrayOf(intArrayOf(3, 4, 5))
        val masked = Sequential(listOf(Layers.embedding(8, 4).maskZero(true).inputLength(5), Layers.lstm(3))).seed(2)
        val short = Sequential(listOf(Layers.embedding(8, 4).inputLength(3), Layers.lstm(3))).seed(2)
        short.setWeights(masked.getWeights())
        values(masked.predict(padded, 1)).zip(values(short.predict(plain, 1))).forEach { (a, b) -> a shouldBe (b plusOrMinus 1e-6f) }
    }

    test("BatchNormalization normalizes with batch statistics while training and moving averages after") {
        val x = Array(64) { FloatArray(3) { 5f + 2f * r.nextFloat() } }
        val m = Sequential(listOf(Layers.batchNormalization().inputShape(3))).seed(1)
        m.compile("sgd", "mse")
        val before = m.getWeights().map { values(it) }
        before[2].toList() shouldBe listOf(0f, 0f, 0f)
        m.fit(x, Array(64) { FloatArray(3) }, FitOptions.epochs(1).batchSize(64).verbose(0).shuffle(false))
        val after = m.getWeights().map { values(it) }
        // moving_mean = 0.99 * 0 + 0.01 * batch mean.
        for (j in 0 until 3) {
            after[2][j].toDouble() shouldBe (0.01 * x.map { it[j].toDouble() }.average() plusOrMinus 1e-4)
        }
    }
})
