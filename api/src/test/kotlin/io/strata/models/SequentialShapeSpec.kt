// SPDX-License-Identifier: Apache-2.0
package io.strata.models

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import io.strata.Shape
import io.strata.ShapeMismatchException
import io.strata.layers.Layers
import io.strata.training.FitOptions

class SequentialShapeSpec : FunSpec({

    test("the guide's three ways of declaring the input build identical models") {
        val a = Sequential(listOf(Layers.dense(32).inputShape(784)))
        val b = Sequential(listOf(Layers.dense(32).batchInputShape(null, 784)))
        val c = Sequential(listOf(Layers.dense(32).inputDim(784)))
        for (m in listOf(a, b, c)) {
            m.inputShape() shouldBe Shape.of(Shape.UNKNOWN, 784)
            m.outputShape() shouldBe Shape.of(Shape.UNKNOWN, 32)
            m.countParams() shouldBe 25120L
        }
        a.summaryString(65) shouldBe b.summaryString(65)
        b.summaryString(65) shouldBe c.summaryString(65)
    }

    test("inputLength and inputDim give a temporal input shape") {
        val m = Sequential(listOf(Layers.dense(8).inputLength(10).inputDim(64)))
        m.inputShape() shouldBe Shape.of(Shape.UNKNOWN, 10, 64)
        m.outputShape() shouldBe Shape.of(Shape.UNKNOWN, 10, 8)
    }

    test("Dense acts on the last axis of any rank") {
        val m = Sequential(listOf(Layers.dense(16).inputShape(5, 3)))
        m.outputShape().toString() shouldBe "(None, 5, 16)"
        m.countParams() shouldBe (3L * 16 + 16)
    }

    test("layers are auto-named per class, as Keras does") {
        val m = Sequential()
        m.add(Layers.dense(4).inputDim(3))
        m.add(Layers.activation("relu"))
        m.add(Layers.dense(2))
        m.add(Layers.dropout(0.1))
        m.layerNames() shouldBe listOf("dense_1", "activation_1", "dense_2", "dropout_1")
    }

    test("a first layer without an input shape fails fast with Keras's advice") {
        val e = shouldThrow<InvalidConfigException> { Sequential(listOf(Layers.dense(3))) }
        e.message shouldContain "The first layer in a Sequential model must get an inputShape"
        e.message shouldContain "dense_1"
    }

    test("a later layer whose declared input disagrees fails fast naming both shapes") {
        val m = Sequential(listOf(Layers.dense(32).inputDim(784)))
        val e = shouldThrow<ShapeMismatchException> { m.add(Layers.dense(10).inputDim(100)) }
        e.message shouldContain "dense_2"
        e.message shouldContain "(None, 100)"
        e.message shouldContain "(None, 32)"
    }

    test("Flatten of an input with unknown dimensions is refused") {
        val e = shouldThrow<ShapeMismatchException> {
            Sequential(listOf(Layers.flatten().batchInputShape(null, null, 3)))
        }
        e.message shouldContain "not fully defined"
    }

    test("Reshape infers -1 and refuses a size change") {
        val m = Sequential(listOf(Layers.reshape(4, -1).inputShape(12)))
        m.outputShape() shouldBe Shape.of(Shape.UNKNOWN, 4, 3)
        val e = shouldThrow<ShapeMismatchException> { Sequential(listOf(Layers.reshape(5, 5).inputShape(12))) }
        e.message shouldContain "total size of new array must be unchanged"
    }

    test("an InputLayer declares the input and is not listed") {
        val m = Sequential(listOf(Layers.inputLayer().inputShape(20), Layers.dense(4)))
        m.layers().size shouldBe 1
        m.inputShape() shouldBe Shape.of(Shape.UNKNOWN, 20)
    }

    test("duplicate explicit names are refused") {
        shouldThrow<InvalidConfigException> {
            Sequential(listOf(Layers.dense(3).inputDim(2).name("a"), Layers.dense(3).name("a")))
        }.message shouldContain "unique names"
    }

    test("pop removes the last layer") {
        val m = Sequential(listOf(Layers.dense(3).inputDim(2), Layers.dense(4)))
        m.pop()
        m.outputShape() shouldBe Shape.of(Shape.UNKNOWN, 3)
    }

    test("layer withers return changed copies and leave the original alone") {
        val base = Layers.dense(3)
        val relu = base.activation("relu")
        base.activation().id() shouldBe "linear"
        relu.activation().id() shouldBe "relu"
    }

    test("bad layer arguments name the argument and the value") {
        shouldThrow<InvalidConfigException> { Layers.dropout(1.5) }.message shouldContain "'rate'"
        shouldThrow<InvalidConfigException> { Layers.dense(0) }.message shouldContain "'units'"
    }

    test("fit before compile gives Keras's message") {
        val m = Sequential(listOf(Layers.dense(1).inputDim(2)))
        shouldThrow<InvalidConfigException> { m.fit(arrayOf(floatArrayOf(1f, 2f)), floatArrayOf(1f), FitOptions.defaults()) }
            .message shouldContain "You must compile a model before training/testing"
    }
})
