// SPDX-License-Identifier: Apache-2.0
package io.strata.samples

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.strata.layers.Layer
import io.strata.layers.Layers
import io.strata.models.Sequential
import org.tensorflow.ndarray.FloatNdArray
import org.tensorflow.ndarray.buffer.DataBuffers
import kotlin.random.Random

/**
 * The TensorFlow backend runs long or unknown-length recurrences as one loop with its own
 * backpropagation through time (`-Dstrata.rnn.unroll`, default: unrolled up to 32 steps). Both
 * ways must compute the same predictions, losses and weight updates.
 */
class RecurrentLoopSpec : FunSpec({
    fun values(a: FloatNdArray) = FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }

    /** Builds (and compiles) a model with the recurrence forced one way. */
    fun <T> unrolled(mode: String, build: () -> T): T {
        val saved = System.getProperty("strata.rnn.unroll")
        System.setProperty("strata.rnn.unroll", mode)
        try {
            return build()
        } finally {
            if (saved == null) System.clearProperty("strata.rnn.unroll") else System.setProperty("strata.rnn.unroll", saved)
        }
    }

    val r = Random(21)
    val x = Array(6) { Array(7) { FloatArray(3) { r.nextFloat() * 2 - 1 } } }
    val y = Array(6) { FloatArray(2) { r.nextFloat() } }

    fun head(rnn: Layer): List<Layer> = listOf(rnn, Layers.flatten(), Layers.dense(2))

    withData(
        nameFn = { it.first },
        "SimpleRNN" to { listOf<Layer>(Layers.simpleRnn(4).inputShape(7, 3), Layers.dense(2)) },
        "LSTM" to { listOf<Layer>(Layers.lstm(4).inputShape(7, 3), Layers.dense(2)) },
        "LSTM sequences, hard_sigmoid" to { head(Layers.lstm(4).recurrentActivation("hard_sigmoid").returnSequences(true).inputShape(7, 3)) },
        "GRU sequences backwards" to { head(Layers.gru(4).returnSequences(true).goBackwards(true).inputShape(7, 3)) },
        "stacked LSTM" to { listOf<Layer>(Layers.lstm(4).returnSequences(true).inputShape(7, 3), Layers.lstm(3), Layers.dense(2)) },
        "stateful GRU" to { listOf<Layer>(Layers.gru(4).stateful(true).batchInputShape(6, 7, 3), Layers.dense(2)) },
    ) { (_, layers) ->
        val models = listOf("always", "never").map { mode ->
            unrolled(mode) { Sequential(layers()).seed(5).also { it.compile("rmsprop", "mse") } }
        }
        models[1].setWeights(models[0].getWeights())
        values(models[1].predict(x, 6)).zip(values(models[0].predict(x, 6))).forEach { (a, b) -> a shouldBe (b plusOrMinus 1e-5f) }
        repeat(3) {
            val losses = models.map { it.trainOnBatch(x, y)[0] }
            losses[1].toFloat() shouldBe (losses[0].toFloat() plusOrMinus 1e-5f)
        }
        models[1].getWeights().zip(models[0].getWeights()).forEach { (a, b) ->
            values(a).zip(values(b)).forEach { (p, q) -> p shouldBe (q plusOrMinus 1e-5f) }
        }
        models.forEach(Sequential::close)
    }

    test("masked steps are skipped in the loop as when unrolled") {
        val ids = arrayOf(intArrayOf(0, 0, 3, 4, 5), intArrayOf(1, 2, 0, 4, 7))
        val targets = arrayOf(floatArrayOf(0.3f), floatArrayOf(0.8f))
        val models = listOf("always", "never").map { mode ->
            unrolled(mode) {
                Sequential(listOf(Layers.embedding(8, 4).maskZero(true).inputLength(5), Layers.lstm(3), Layers.dense(1)))
                    .seed(2).also { it.compile("sgd", "mse") }
            }
        }
        models[1].setWeights(models[0].getWeights())
        repeat(3) {
            val losses = models.map { it.trainOnBatch(ids, targets)[0] }
            losses[1].toFloat() shouldBe (losses[0].toFloat() plusOrMinus 1e-6f)
        }
        models.forEach(Sequential::close)
    }

    test("sequences of any length: Embedding without inputLength, then LSTM") {
        val model = Sequential(listOf(Layers.embedding(20, 4), Layers.lstm(3), Layers.dense(1).activation("sigmoid"))).seed(4)
        model.compile("adam", "binary_crossentropy")
        val rnd = Random(3)
        for (length in listOf(5, 40, 9)) {
            val ids = Array(8) { IntArray(length) { rnd.nextInt(20) } }
            val labels = Array(8) { floatArrayOf((it % 2).toFloat()) }
            model.trainOnBatch(ids, labels)[0].isFinite() shouldBe true
            model.predict(ids, 8).shape().asArray().toList() shouldBe listOf(8L, 1L)
        }
        model.close()
    }

    test("an LSTM over 400 steps (a loop by default) learns") {
        val model = Sequential(listOf(Layers.embedding(50, 8).inputLength(400), Layers.lstm(8), Layers.dense(1).activation("sigmoid"))).seed(1)
        model.compile("adam", "binary_crossentropy")
        val ids = Array(4) { i -> IntArray(400) { (it * 7 + i) % 50 } }
        val labels = Array(4) { floatArrayOf((it % 2).toFloat()) }
        val first = model.trainOnBatch(ids, labels)[0]
        repeat(20) { model.trainOnBatch(ids, labels) }
        model.trainOnBatch(ids, labels)[0] shouldBeLessThan first
        model.close()
    }
})
