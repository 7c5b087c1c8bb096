// SPDX-License-Identifier: Apache-2.0
package io.strata.models

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import io.strata.ShapeMismatchException
import io.strata.layers.Input
import io.strata.layers.InputLayer
import io.strata.layers.Layers

/** The functional API's graph, names, order and summary, with no backend. */
class GraphModelSpec : FunSpec({

    fun twoTowers(): Model {
        val a = Input.of(784)
        val b = Input.of(784)
        val x = Layers.concatenate().apply(Layers.dense(32).apply(a), Layers.dense(32).apply(b))
        return Model(listOf(a, b), listOf(Layers.dense(10).activation("softmax").apply(x)))
    }

    test("Keras's layer order, names and shapes for a two-input model") {
        val m = twoTowers()
        m.layerNames() shouldBe listOf("input_1", "input_2", "dense_1", "dense_2", "concatenate_1", "dense_3")
        m.layers()[0] shouldBe m.inputs()[0].layer()
        m.inputNames() shouldBe listOf("input_1", "input_2")
        m.outputNames() shouldBe listOf("dense_3")
        m.outputShape().toString() shouldBe "(None, 10)"
        m.countParams() shouldBe 2L * (784 * 32 + 32) + 64 * 10 + 10
        m.layerSummaries().map { it.outputShapeText() } shouldBe
            listOf("(None, 784)", "(None, 784)", "(None, 32)", "(None, 32)", "(None, 64)", "(None, 10)")
    }

    test("a deeper branch comes first in Keras's order (decreasing depth, then depth-first order from the output)") {
        val a = Input.named("deep", 4)
        val b = Input.named("shallow", 3)
        val deep = Layers.dense(3).name("d2").apply(Layers.dense(5).name("d1").apply(a))
        val m = Model(listOf(a, b), listOf(Layers.add().name("sum").apply(deep, b)))
        m.layerNames() shouldBe listOf("deep", "d1", "d2", "shallow", "sum")
    }

    test("summary with Connected to matches Keras's table for a shared layer (100 columns)") {
        // The model and the expected table are a published Keras 2 summary of this exact model.
        val inputs = Input.named("A_input", 100)
        val x = Layers.dense(20).activation("relu").name("B_dense").apply(inputs)
        val shared = Layers.dense(20).activation("relu").name("C_dense_shared")
        val y = Layers.concatenate().name("D_concat").apply(shared.apply(x), shared.apply(x))
        val m = Model(inputs, y)
        val expected = listOf(
            "_".repeat(100),
            "Layer (type)                     Output Shape          Param #     Connected to",
            "=".repeat(100),
            "A_input (InputLayer)             (None, 100)           0",
            "_".repeat(100),
            "B_dense (Dense)                  (None, 20)            2020        A_input[0][0]",
            "_".repeat(100),
            "C_dense_shared (Dense)           (None, 20)            420         B_dense[0][0]",
            "                                                                   B_dense[0][0]",
            "_".repeat(100),
            "D_concat (Concatenate)           (None, 40)            0           C_dense_shared[0][0]",
            "                                                                   C_dense_shared[1][0]",
            "=".repeat(100),
            "Total params: 2,440",
            "Trainable params: 2,440",
            "Non-trainable params: 0",
            "_".repeat(100),
        )
        m.summaryString(100).lines().dropLast(1).map { it.trimEnd() } shouldBe expected
        // Keras 2.2's default width for graph models is 98, with columns at 32, 53 and 65.
        val lines = m.summaryString().lines()
        lines[0] shouldBe "_".repeat(98)
        lines[1] shouldBe "Layer (type)                    Output Shape         Param #     Connected to                     "
        lines[5] shouldBe "B_dense (Dense)                 (None, 20)           2020        A_input[0][0]                    "
    }

    test("a linear functional model prints Keras's short table, input layer included") {
        val x = Input.of(8)
        val m = Model(x, Layers.dense(2).apply(Layers.dense(4).apply(x)))
        val lines = m.summaryString().lines()
        lines[1] shouldBe "Layer (type)                 Output Shape              Param #   "
        lines[3] shouldBe "input_1 (InputLayer)         (None, 8)                 0         "
        lines[5] shouldBe "dense_1 (Dense)              (None, 4)                 36        "
    }

    test("a shared layer has one set of weights and a model used as a layer brings its own") {
        val encoder = Sequential(listOf(Layers.dense(16).activation("relu").inputDim(8), Layers.dense(4)))
        val a = Input.of(8)
        val b = Input.of(8)
        val distance = Layers.subtract().apply(encoder.apply(a), encoder.apply(b))
        val m = Model(listOf(a, b), listOf(Layers.dense(1).activation("sigmoid").apply(distance)))
        m.countParams() shouldBe encoder.countParams() + 5
        m.layerNames() shouldBe listOf("input_1", "input_2", encoder.name(), "subtract_1", "dense_1")
        val row = m.layerSummaries().first { it.name() == encoder.name() }
        row.className() shouldBe "Sequential"
        row.params() shouldBe encoder.countParams()
        row.connectedTo() shouldBe listOf("input_1[0][0]", "input_2[0][0]")
        // A model's first application is its node 1 (node 0 is its own graph), as in Keras.
        m.layerSummaries().first { it.name() == "subtract_1" }.connectedTo() shouldBe
            listOf(encoder.name() + "[1][0]", encoder.name() + "[2][0]")
    }

    test("merge layers: Keras's output shapes") {
        val a = Input.of(3, 4)
        val b = Input.of(3, 4)
        Layers.add().apply(a, b).shape().toString() shouldBe "(None, 3, 4)"
        Layers.multiply().apply(a, b, a).shape().toString() shouldBe "(None, 3, 4)"
        Layers.average().apply(a, Input.of(1, 4)).shape().toString() shouldBe "(None, 3, 4)"
        Layers.maximum().apply(a, Input.of(4)).shape().toString() shouldBe "(None, 3, 4)"
        Layers.concatenate(1).apply(a, Input.of(5, 4)).shape().toString() shouldBe "(None, 8, 4)"
        Layers.concatenate().apply(a, Input.of(3, 2)).shape().toString() shouldBe "(None, 3, 6)"
        Layers.dot(-1).apply(a, b).shape().toString() shouldBe "(None, 3, 3)"
        Layers.dot(1).apply(Input.of(6), Input.of(6)).shape().toString() shouldBe "(None, 1)"
        Layers.dot(2, 1).apply(a, Input.of(4, 7)).shape().toString() shouldBe "(None, 3, 7)"
        Layers.dot(2, 1).apply(a, Input.of(4)).shape().toString() shouldBe "(None, 3)"
    }

    test("merge layers: Keras's errors, naming the layer and the shapes") {
        shouldThrow<ShapeMismatchException> { Layers.add().apply(Input.of(32), Input.of(16)) }.message shouldContain
            "operands could not be broadcast together with shapes (32,) (16,)"
        shouldThrow<ShapeMismatchException> { Layers.concatenate().apply(Input.of(3, 4), Input.of(5, 6)) }.message shouldContain
            "requires inputs with matching shapes except for the concat axis. Got inputs shapes: [(None, 3, 4), (None, 5, 6)]"
        shouldThrow<ShapeMismatchException> { Layers.dot(1).apply(Input.of(32), Input.of(16)) }.message shouldContain
            "dimension incompatibility 32 != 16. Layer shapes: (None, 32), (None, 16)"
        shouldThrow<ShapeMismatchException> { Layers.subtract().apply(Input.of(2), Input.of(2), Input.of(2)) }.message shouldContain
            "exactly 2 inputs"
        shouldThrow<ShapeMismatchException> { Layers.add().apply(Input.of(2)) }.message shouldContain
            "a merge layer should be called on a list of at least 2 inputs"
        shouldThrow<ShapeMismatchException> { Layers.dense(3).apply(Input.of(2), Input.of(2)) }.message shouldContain
            "takes one input"
    }

    test("graph errors: inputs must come from Input, every tensor must be reachable from the inputs") {
        val a = Input.of(4)
        val h = Layers.dense(3).apply(a)
        shouldThrow<InvalidConfigException> { Model(h, Layers.dense(1).apply(h)) }.message shouldContain
            "must come from Input"
        val b = Input.of(4)
        val joined = Layers.concatenate().apply(h, Layers.dense(3).apply(b))
        shouldThrow<InvalidConfigException> { Model(a, joined) }.message shouldContain "Graph disconnected"
        shouldThrow<InvalidConfigException> { Model(listOf(a, a), listOf(h)) }.message shouldContain "redundant"
        shouldThrow<InvalidConfigException> {
            Model(a, Layers.dense(2).name("same").apply(Layers.dense(2).name("same").apply(a)))
        }.message shouldContain "The name \"same\" is used 2 times"
    }

    test("Keras 1 Merge: output shapes of every mode and Keras's names across branches") {
        fun branch(units: Int) = Sequential(listOf(Layers.dense(units).inputDim(784)))
        val left = branch(32)
        val right = branch(32)
        val model = Sequential(listOf(Merge(listOf(left, right), "concat"), Layers.dense(10).activation("softmax")))
        model.layerNames() shouldBe listOf("merge_1", "dense_3")
        left.layerNames() shouldBe listOf("dense_1")
        right.layerNames() shouldBe listOf("dense_2")
        model.inputNames() shouldBe listOf("dense_1_input", "dense_2_input")
        model.inputShapes().map { it.toString() } shouldBe listOf("(None, 784)", "(None, 784)")
        model.outputShape(0).toString() shouldBe "(None, 64)"
        model.countParams() shouldBe 2L * (784 * 32 + 32) + 650
        for ((mode, shape) in listOf("sum" to "(None, 32)", "mul" to "(None, 32)", "ave" to "(None, 32)",
                "max" to "(None, 32)", "dot" to "(None, 1)", "cos" to "(None, 1)")) {
            Sequential(listOf(Merge(listOf(branch(32), branch(32)), mode))).outputShape().toString() shouldBe shape
        }
        val seq3 = { Sequential(listOf(Layers.lstm(8).returnSequences(true).inputShape(5, 3))) }
        Sequential(listOf(Merge(listOf(seq3(), seq3()), "dot", 2))).outputShape().toString() shouldBe "(None, 5, 5)"
        Sequential(listOf(Merge(listOf(seq3(), seq3()), "concat", 1))).outputShape().toString() shouldBe "(None, 10, 8)"
        val fn = Merge(listOf(branch(32), branch(32)), { ops, x -> ops.sub(x[0], x[1]) }, io.strata.Shape.of(32))
        Sequential(listOf(fn)).outputShape().toString() shouldBe "(None, 32)"
    }

    test("Keras 1 Merge: incompatible branches fail at construction, naming both branches and shapes") {
        val a = Sequential(listOf(Layers.dense(32).inputDim(10)), "left")
        val b = Sequential(listOf(Layers.dense(16).inputDim(10)), "right")
        val sum = shouldThrow<ShapeMismatchException> { Merge(listOf(a, b)) }
        sum.message shouldContain "only layers of same output shape can be merged using sum mode"
        sum.message shouldContain "left (None, 32), right (None, 16)"
        shouldThrow<ShapeMismatchException> { Merge(listOf(a, b), "dot") }.message shouldContain
            "dimension incompatibility using dot mode: 32 != 16"
        val c = Sequential(listOf(Layers.lstm(4).returnSequences(true).inputShape(5, 3)), "seq")
        shouldThrow<ShapeMismatchException> { Merge(listOf(a, c), "concat") }.message shouldContain
            "\"concat\" mode can only merge layers with matching output shapes except for the concat axis"
        shouldThrow<InvalidConfigException> { Merge(listOf(a), "concat") }.message shouldContain "at least 2"
        shouldThrow<InvalidConfigException> { Merge(listOf(a, a), "avg") }.message shouldContain "Invalid merge mode: avg"
        shouldThrow<InvalidConfigException> {
            Sequential(listOf(Layers.dense(3).inputDim(3), Merge(listOf(a, Sequential(listOf(Layers.dense(32).inputDim(10)))))))
        }.message shouldContain "can only be the first layer"
    }

    test("Keras 1 Merge: a branch that starts with a Merge brings all its inputs (nesting)") {
        fun branch() = Sequential(listOf(Layers.dense(8).inputDim(4)))
        val inner = Sequential(listOf(Merge(listOf(branch(), branch()), "sum")))
        val outer = Sequential(listOf(Merge(listOf(inner, branch()), "concat"), Layers.dense(2)))
        outer.inputShapes().size shouldBe 3
        outer.layerNames() shouldBe listOf("merge_2", "dense_4")
        outer.inputNames() shouldBe listOf("dense_1_input", "dense_2_input", "dense_3_input")
        outer.outputShape(0).toString() shouldBe "(None, 16)"
        outer.countParams() shouldBe 3L * (4 * 8 + 8) + 16 * 2 + 2
        val graph = outer.summaryString().lines()
        graph[1] shouldBe "Layer (type)                    Output Shape         Param #     Connected to                     "
        graph.any { it.startsWith("merge_2 (Merge)") && it.contains("merge_1[0][0]") } shouldBe true
    }

    test("the image-caption model of the guide at full size: Keras's shapes and parameter counts") {
        val image = Sequential(listOf(
            Layers.convolution2d(32, 3, 3).borderMode("valid").dataFormat("channels_first").inputShape(3, 100, 100),
            Layers.activation("relu"),
            Layers.convolution2d(32, 3, 3).dataFormat("channels_first"),
            Layers.activation("relu"),
            Layers.maxPooling2d(2, 2).dataFormat("channels_first"),
            Layers.convolution2d(64, 3, 3).borderMode("valid").dataFormat("channels_first"),
            Layers.activation("relu"),
            Layers.convolution2d(64, 3, 3).dataFormat("channels_first"),
            Layers.activation("relu"),
            Layers.maxPooling2d(2, 2).dataFormat("channels_first"),
            Layers.flatten(),
            Layers.dense(128),
        ))
        val language = Sequential(listOf(
            Layers.embedding(10000, 256).inputLength(16),
            Layers.gru(128).returnSequences(true),
            Layers.timeDistributed(Layers.dense(128)),
        ))
        image.add(Layers.repeatVector(16))
        val model = Sequential(listOf(
            Merge(listOf(image, language), "concat", -1),
            Layers.gru(256),
            Layers.dense(10000),
            Layers.activation("softmax"),
        ))
        val rows = model.layerSummaries().associate { it.name() to (it.outputShapeText() to it.params()) }
        rows["conv2d_1"] shouldBe ("(None, 32, 98, 98)" to 896L)
        rows["conv2d_2"] shouldBe ("(None, 32, 96, 96)" to 9248L)
        rows["conv2d_3"] shouldBe ("(None, 64, 46, 46)" to 18496L)
        rows["conv2d_4"] shouldBe ("(None, 64, 44, 44)" to 36928L)
        rows["flatten_1"] shouldBe ("(None, 30976)" to 0L)
        rows["dense_1"] shouldBe ("(None, 128)" to 3965056L)
        rows["repeat_vector_1"] shouldBe ("(None, 16, 128)" to 0L)
        rows["embedding_1"] shouldBe ("(None, 16, 256)" to 2560000L)
        rows["gru_1"] shouldBe ("(None, 16, 128)" to 147840L)
        rows["time_distributed_1"] shouldBe ("(None, 16, 128)" to 16512L)
        rows["merge_1"] shouldBe ("(None, 16, 256)" to 0L)
        rows["gru_2"] shouldBe ("(None, 256)" to 393984L)
        rows["dense_2"] shouldBe ("(None, 10000)" to 2570000L)
        rows["activation_5"] shouldBe ("(None, 10000)" to 0L)
        model.countParams() shouldBe 896L + 9248 + 18496 + 36928 + 3965056 + 2560000 + 147840 + 16512 + 393984 + 2570000
        model.inputShapes().map { it.toString() } shouldBe listOf("(None, 3, 100, 100)", "(None, 16)")
    }

    test("one layer object added twice to a Sequential is two layers; an InputLayer object makes one input") {
        val hidden = Layers.dense(4)
        val m = Sequential(listOf(Layers.inputLayer().inputShape(4), hidden, hidden))
        m.layerNames() shouldBe listOf("dense_1", "dense_2")
        m.countParams() shouldBe 40L
        val il = InputLayer().inputShape(3)
        val x1 = Input.from(il)
        val x2 = Input.from(il)
        (x1.layer() === x2.layer()) shouldBe false
    }
})
