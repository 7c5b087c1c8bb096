// SPDX-License-Identifier: Apache-2.0
package io.strata.jupyter

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import org.tensorflow.ndarray.NdArrays
import org.tensorflow.ndarray.Shape
import io.strata.dsl.*
import io.strata.training.History

class RenderingSpec : FunSpec({
    test("a model renders as Keras's summary table in HTML") {
        val model = sequential(name = "mlp") {
            dense(256, activation = relu, inputShape = listOf(784))
            dropout(0.2)
            dense(10, activation = softmax)
        }
        val html = Rendering.summaryHtml(model)
        html shouldContain "<th>Layer (type)</th><th>Output Shape</th><th>Param #</th>"
        html shouldContain "<td>dense_1 (Dense)</td><td>(None, 256)</td><td style=\"text-align:right\">200960</td>"
        html shouldContain "Total params: 203,530"
    }

    test("a graph model renders with Keras's Connected to column") {
        val model = io.strata.dsl.model(name = "towers") {
            val a = input(4, name = "a")
            val b = input(4, name = "b")
            output(dense(1)(concatenate()(dense(2)(a), dense(2)(b))))
        }
        val html = Rendering.summaryHtml(model)
        html shouldContain "<th>Connected to</th>"
        html shouldContain "<td>concatenate_1 (Concatenate)</td><td>(None, 4)</td><td style=\"text-align:right\">0</td>" +
            "<td>dense_1[0][0]<br>dense_2[0][0]</td>"
        html shouldContain "<td colspan=\"4\">Total params: 25</td>"
    }

    test("a history renders as one panel per quantity, training and validation paired, whole epochs") {
        val history = History(mapOf())
        for (e in 0 until 4) {
            history.record(e, linkedMapOf("loss" to 13.0 - e, "accuracy" to 0.5 + e / 10.0, "val_loss" to 14.0 - e,
                "val_accuracy" to 0.45 + e / 10.0))
        }
        val svg = Rendering.historySvg(history)
        svg.trim() shouldStartWith "<svg"
        svg shouldContain "Training history"
        // Facet strips name the quantities, the legend the two splits; validation is not its own series.
        val texts = Regex("<text[^>]*>(.*?)</text>", RegexOption.DOT_MATCHES_ALL).findAll(svg)
            .map { it.groupValues[1].replace(Regex("<[^>]+>"), "").trim() }.toList()
        texts shouldContainAll listOf("loss", "accuracy", "training", "validation")
        texts shouldNotContain "val_loss"
        // The x-axis (shared by the panels): whole epochs 1 to 4, no 1.5; the loss panel has its own y-axis.
        texts.filter { it.matches(Regex("[0-9.]+")) } shouldContainAll listOf("1", "2", "3", "4", "13", "0.5")
        texts shouldNotContain "1.5"
        texts shouldNotContain "2.5"
    }

    test("epoch ticks are whole numbers, about ten of them") {
        Rendering.epochTicks(4) shouldBe listOf(1, 2, 3, 4)
        Rendering.epochTicks(30) shouldBe listOf(1, 5, 10, 15, 20, 25, 30)
        Rendering.epochTicks(200).size shouldBe 11
    }

    test("a prediction renders as its values, as numpy prints them") {
        val small = NdArrays.ofFloats(Shape.of(2, 3))
        small.set(NdArrays.vectorOf(0.1f, 0.25f, 1f), 0)
        small.set(NdArrays.vectorOf(0.5f, 0.75f, 0f), 1)
        ArrayRendering.repr(small) shouldBe "array([[0.1 , 0.25, 1.  ],\n       [0.5 , 0.75, 0.  ]], dtype=float32)"
        val html = ArrayRendering.html(small)
        html shouldContain "shape (2, 3)"
        html shouldContain "<td style=\"text-align:right\">0.25</td>"
    }

    test("a large prediction is summarised like numpy's repr: three first and last along each axis") {
        val big = NdArrays.ofFloats(Shape.of(2000, 1))
        for (i in 0L until 2000L) big.setFloat(i.toFloat(), i, 0L)
        // Values spanning more than three orders of magnitude: numpy switches to scientific notation.
        ArrayRendering.repr(big) shouldBe "array([[0.000e+00],\n       [1.000e+00],\n       [2.000e+00],\n       ...,\n" +
            "       [1.997e+03],\n       [1.998e+03],\n       [1.999e+03]], dtype=float32)"
        ArrayRendering.html(big) shouldContain "<td style=\"text-align:right\">…</td>"
    }
})
