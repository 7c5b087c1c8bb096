// SPDX-License-Identifier: Apache-2.0
package io.strata.models

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.strata.layers.Layers

class SummarySpec : FunSpec({

    fun guideMlp() = Sequential(
        listOf(
            Layers.dense(256).activation("relu").inputShape(784),
            Layers.dropout(0.2),
            Layers.dense(128).activation("relu"),
            Layers.dropout(0.2),
            Layers.dense(10).activation("softmax"),
        ),
    )

    test("the guide's MLP summary at 80 columns is Keras's table, character for character") {
        val expected = listOf(
            "_".repeat(80),
            "Layer (type)                        Output Shape                    Param #     ",
            "=".repeat(80),
            "dense_1 (Dense)                     (None, 256)                     200960      ",
            "_".repeat(80),
            "dropout_1 (Dropout)                 (None, 256)                     0           ",
            "_".repeat(80),
            "dense_2 (Dense)                     (None, 128)                     32896       ",
            "_".repeat(80),
            "dropout_2 (Dropout)                 (None, 128)                     0           ",
            "_".repeat(80),
            "dense_3 (Dense)                     (None, 10)                      1290        ",
            "=".repeat(80),
            "Total params: 235,146",
            "Trainable params: 235,146",
            "Non-trainable params: 0",
            "_".repeat(80),
            "",
        ).joinToString("\n")
        guideMlp().summaryString(80) shouldBe expected
    }

    test("the default width is Keras's 65 columns") {
        val lines = guideMlp().summaryString(65).lines()
        lines[0] shouldBe "_".repeat(65)
        lines[1] shouldBe "Layer (type)                 Output Shape              Param #   "
        lines[3] shouldBe "dense_1 (Dense)              (None, 256)               200960    "
    }

    test("frozen layers count as non-trainable") {
        val m = Sequential(listOf(Layers.dense(4).inputDim(3).trainable(false), Layers.dense(2)))
        val text = m.summaryString(65)
        text.lines().first { it.startsWith("Trainable") } shouldBe "Trainable params: 10"
        text.lines().first { it.startsWith("Non-trainable") } shouldBe "Non-trainable params: 16"
    }
})
