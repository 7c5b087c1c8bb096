// SPDX-License-Identifier: Apache-2.0
package io.strata.jupyter

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
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

    test("a history renders as an SVG chart with one series per log") {
        val history = History(mapOf())
        history.record(0, linkedMapOf("loss" to 0.9, "val_loss" to 1.0))
        history.record(1, linkedMapOf("loss" to 0.5, "val_loss" to 0.7))
        val svg = Rendering.historySvg(history)
        svg.trim() shouldStartWith "<svg"
        svg shouldContain "Training history"
        svg shouldContain "val_loss"
    }
})
