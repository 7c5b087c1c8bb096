// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldNotContain
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.training.FitOptions
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** The progress bar without a terminal, in a notebook, and on a terminal; time comes from a fake clock. */
class ProgressDisplaySpec : FunSpec({
    val x = Array(320) { i -> FloatArray(4) { (i % 7 - 3) / 3f } }
    val y = IntArray(320) { it % 2 }

    /** Trains 2 epochs of 10 batches with a clock that advances [stepSeconds] per reading. */
    fun train(dynamic: Boolean, intervalSeconds: Double, stepSeconds: Double): String {
        val out = ByteArrayOutputStream()
        var now = 0L
        val logger = ProgbarLogger(1, PrintStream(out, true), dynamic, (intervalSeconds * 1e9).toLong()) {
            now += (stepSeconds * 1e9).toLong()
            now
        }
        val m = Sequential(listOf(Layers.dense(2).inputDim(4).activation("softmax"))).seed(1)
        m.compile("sgd", "sparse_categorical_crossentropy", listOf("accuracy"))
        m.fit(x, y, FitOptions.epochs(2).batchSize(32).verbose(0).callbacks(logger))
        m.close()
        return out.toString()
    }

    test("without a terminal, a slow epoch prints the bar as it stands every interval, then Keras's finished line") {
        val lines = train(dynamic = false, intervalSeconds = 10.0, stepSeconds = 3.0).lines().filter { it.isNotEmpty() }
        // 10 batches, the clock read once per batch: 3, 6, ... s; a line when 10 s have passed since the last.
        val epoch1 = lines.takeWhile { it != "Epoch 2/2" }
        epoch1.first() shouldBe "Epoch 1/2"
        val partial = epoch1.filter { "ETA:" in it }
        partial shouldHaveSize 2
        partial[0] shouldMatch Regex("""\d+/320 \[=*>\.*\] - ETA: \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4}""")
        epoch1.last() shouldContain "320/320 [==============================] - "
        epoch1.last() shouldNotContain "\r"
    }

    test("without a terminal and a fast epoch, only the finished line, exactly as Keras prints it") {
        val text = train(dynamic = false, intervalSeconds = 10.0, stepSeconds = 0.001)
        text.lines().filter { it.isNotEmpty() } shouldHaveSize 4
        text shouldNotContain "ETA"
    }

    test("interval 0 keeps Keras's non-dynamic display: finished lines only, however slow") {
        train(dynamic = false, intervalSeconds = 0.0, stepSeconds = 30.0) shouldNotContain "ETA"
    }

    test("on a terminal or in a notebook the bar is redrawn in place, throttled, and ends with the finished line") {
        val text = train(dynamic = true, intervalSeconds = 10.0, stepSeconds = 0.03)
        val epoch1 = text.substringAfter("Epoch 1/2\n").substringBefore("Epoch 2/2")
        val redraws = epoch1.split("\r").filter { it.isNotEmpty() }
        // 0.05 s between redraws with 0.03 s per clock reading: about every second batch, never every one.
        redraws.size shouldBeInRange 3..7
        redraws.last() shouldContain "320/320 [==============================] - "
        redraws.last() shouldEndWith "\n"
    }
})
