// SPDX-License-Identifier: Apache-2.0
package io.strata.samples

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.strata.DataException
import io.strata.InvalidConfigException
import io.strata.dsl.*
import io.strata.layers.Input
import io.strata.layers.Layers
import io.strata.models.Model
import io.strata.training.FitOptions
import org.tensorflow.ndarray.FloatNdArray
import org.tensorflow.ndarray.buffer.DataBuffers
import kotlin.random.Random

/** Keras 2's functional API: graphs of layers, several inputs and outputs, shared layers, nested models. */
class FunctionalSpec : FunSpec({
    val r = Random(99)
    fun random(n: Int, d: Int) = Array(n) { FloatArray(d) { r.nextFloat() } }
    fun values(a: FloatNdArray) = FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }

    // Keras's multi-input and multi-output example ("Getting started with the functional API"), smaller.
    fun newsModel(): Model = model(name = "news", seed = 7) {
        val mainInput = input(12, name = "main_input")
        val x = lstm(8)(embedding(50, 6, inputLength = 12)(mainInput))
        val auxiliaryOutput = dense(1, activation = sigmoid, name = "aux_output")(x)
        val auxiliaryInput = input(5, name = "aux_input")
        var y = concatenate()(x, auxiliaryInput)
        y = dense(16, activation = relu)(y)
        val mainOutput = dense(1, activation = sigmoid, name = "main_output")(y)
        inputs(mainInput, auxiliaryInput)
        outputs(mainOutput, auxiliaryOutput)
    }
    val headlines = Array(64) { IntArray(12) { r.nextInt(50) } }
    val extra = random(64, 5)
    val labels = Array(64) { i -> floatArrayOf(if (headlines[i].take(3).sum() > 75) 1f else 0f) }

    test("the DSL's model { } builder: dense(32)(x), trains with the loss going down") {
        val m = model(seed = 1) {
            val a = input(20)
            val h = dense(32, activation = relu)(a)
            output(dense(3, activation = softmax)(dense(16, activation = relu)(h)))
        }
        m.compile {
            optimizer = adam()
            loss = categoricalCrossentropy
            metrics(accuracy)
        }
        val x = random(200, 20)
        val y = Array(200) { i -> FloatArray(3).also { it[(0 until 3).maxBy { c -> x[i][c] }] = 1f } }
        val h = m.fit(x, y, epochs = 10, batchSize = 32, verbose = 0)
        h.metric("loss").last() shouldBeLessThan h.metric("loss").first()
        m.layerNames() shouldBe listOf("input_1", "dense_1", "dense_2", "dense_3")
        m.close()
    }

    test("several outputs: a loss per output by name, loss weights, metrics per output and Keras's history keys") {
        val m = newsModel()
        m.compile {
            optimizer = rmsprop()
            loss = mapOf("main_output" to binaryCrossentropy, "aux_output" to binaryCrossentropy)
            lossWeights = mapOf("main_output" to 1.0, "aux_output" to 0.2)
            metrics(accuracy)
        }
        m.metricsNames() shouldBe listOf("loss", "main_output_loss", "aux_output_loss", "main_output_accuracy",
            "aux_output_accuracy")
        val h = m.fit(mapOf("main_input" to headlines, "aux_input" to extra), mapOf("main_output" to labels, "aux_output" to labels),
            epochs = 3, batchSize = 16, verbose = 0, validationSplit = 0.25)
        h.metricNames() shouldBe listOf("loss", "main_output_loss", "aux_output_loss", "main_output_accuracy",
            "aux_output_accuracy", "val_loss", "val_main_output_loss", "val_aux_output_loss", "val_main_output_accuracy",
            "val_aux_output_accuracy")
        h.metric("loss").last() shouldBeLessThan h.metric("loss").first()
        // The total loss is the weighted sum of the outputs' losses (no regularization here).
        val score = m.evaluate(listOf(headlines, extra), listOf(labels, labels), 64)
        score.size shouldBe 5
        score[0] shouldBe ((score[1] + 0.2 * score[2]) plusOrMinus 1e-5)
        val predictions = m.predictOutputs(listOf(headlines, extra))
        predictions.map { it.shape().asArray().toList() } shouldBe listOf(listOf(64L, 1L), listOf(64L, 1L))
        shouldThrow<InvalidConfigException> { m.predict(listOf(headlines, extra)) }.message shouldContain "predictOutputs"
        m.close()
    }

    test("several outputs: one loss for all, a list of losses, a list of loss weights; sample weights by output") {
        val m = newsModel()
        m.compile("rmsprop", listOf("binary_crossentropy", "mse"), listOf("accuracy"), listOf(1.0, 0.5))
        m.metricsNames() shouldBe listOf("loss", "main_output_loss", "aux_output_loss", "main_output_accuracy",
            "aux_output_accuracy")
        val sw = FloatArray(64) { if (it % 2 == 0) 1f else 0f }
        val options = FitOptions.epochs(1).verbose(0).sampleWeight(mapOf("aux_output" to sw))
        m.fit(listOf(headlines, extra), listOf(labels, labels), options).epochs() shouldBe 1
        shouldThrow<DataException> { m.fit(listOf(headlines, extra), listOf(labels, labels), FitOptions.epochs(1).sampleWeight(sw)) }
            .message shouldContain "should be a list or a map by output name"
        shouldThrow<InvalidConfigException> { m.compile("sgd", listOf("mse")) }.message shouldContain
            "one entry per model output"
        shouldThrow<InvalidConfigException> { m.compile("sgd", mapOf("main" to "mse")) }.message shouldContain
            "Only expected the following keys: [main_output, aux_output]"
        m.compile("sgd", "mse")
        m.metricsNames() shouldBe listOf("loss", "main_output_loss", "aux_output_loss")
        m.close()
    }

    test("several inputs: a List in the model's order or a Map by input name; Keras's messages otherwise") {
        val m = newsModel()
        m.compile("rmsprop", "binary_crossentropy")
        val byList = m.evaluate(listOf(headlines, extra), listOf(labels, labels), 32)
        val byMap = m.evaluate(mapOf("aux_input" to extra, "main_input" to headlines), listOf(labels, labels), 32)
        byMap shouldBe byList
        shouldThrow<DataException> { m.fit(headlines, listOf(labels, labels), FitOptions.defaults()) }.message shouldContain
            "Expected to see 2 array(s), but instead got 1"
        shouldThrow<DataException> { m.fit(listOf(headlines, random(63, 5)), listOf(labels, labels), FitOptions.defaults()) }
            .message shouldContain "should have the same number of samples"
        shouldThrow<DataException> { m.fit(listOf(headlines, random(64, 4)), listOf(labels, labels), FitOptions.defaults()) }
            .message shouldContain "expected aux_input to have shape (None, 5) but got array with shape (64, 4)"
        shouldThrow<DataException> { m.predictOutputs(mapOf("main_input" to headlines), 32) }.message shouldContain
            "No data provided for \"aux_input\""
        shouldThrow<DataException> { m.fit(listOf(headlines, extra), labels, FitOptions.defaults()) }.message shouldContain
            "model target"
        m.trainOnBatch(listOf(headlines, extra), listOf(labels, labels)).size shouldBe 3
        m.testOnBatch(listOf(headlines, extra), listOf(labels, labels)).size shouldBe 3
        m.close()
    }

    test("a shared layer has one set of weights, trained by both of its applications") {
        val shared = Layers.dense(4).activation("tanh")
        val a = Input.of(6)
        val b = Input.of(6)
        val m = Model(listOf(a, b), listOf(Layers.dense(1).apply(Layers.add().apply(shared.apply(a), shared.apply(b)))))
        m.seed(2).compile("sgd", "mse")
        m.getWeights().size shouldBe 4
        val before = values(m.getWeights()[0])
        m.fit(listOf(random(32, 6), random(32, 6)), random(32, 1), FitOptions.epochs(1).verbose(0))
        values(m.getWeights()[0]).toList() shouldNotBe before.toList()
        m.close()
    }

    test("a model used as a layer computes with, and trains, its own weights") {
        val encoder = sequential(seed = 3) {
            dense(8, inputDim = 6, activation = relu)
            batchNormalization()
            dense(4)
        }
        val x = random(16, 6)
        val before = values(encoder.predict(x))
        val classifier = model(seed = 4) {
            val a = input(6)
            output(dense(1, activation = sigmoid)(encoder(a)))
        }
        // Keras's order: a nested model gives its trainable weights first, then the non-trainable ones.
        classifier.getWeights().map { it.shape().asArray().toList() } shouldBe listOf(
            listOf(6L, 8L), listOf(8L), listOf(8L), listOf(8L), listOf(8L, 4L), listOf(4L), listOf(8L), listOf(8L),
            listOf(4L, 1L), listOf(1L),
        )
        encoder.getWeights().map { it.shape().asArray().toList() } shouldBe listOf(
            listOf(6L, 8L), listOf(8L), listOf(8L), listOf(8L), listOf(8L), listOf(8L), listOf(8L, 4L), listOf(4L),
        )
        classifier.compile {
            optimizer = sgd(lr = 0.1)
            loss = binaryCrossentropy
        }
        classifier.fit(x, Array(16) { floatArrayOf((it % 2).toFloat()) }, epochs = 2, verbose = 0)
        values(encoder.predict(x)).toList() shouldNotBe before.toList()
        encoder.close()
        classifier.close()
    }

    test("getWeights follows Keras's model.layers order, which is not the order the layers were applied in") {
        val a = Input.of(3)
        val b = Input.of(2)
        val late = Layers.dense(5).name("late")
        val early = Layers.dense(7).name("early")
        val bBranch = early.apply(b)
        val aBranch = Layers.dense(4).name("deep").apply(late.apply(a))
        val m = Model(listOf(a, b), listOf(Layers.concatenate().name("join").apply(aBranch, bBranch)))
        m.layerNames() shouldBe listOf("input_1", "late", "input_2", "deep", "early", "join")
        m.getWeights().map { it.shape().asArray().toList() } shouldBe listOf(
            listOf(3L, 5L), listOf(5L), listOf(5L, 4L), listOf(4L), listOf(2L, 7L), listOf(7L),
        )
    }

    test("the README's Merge and functional snippets run as written") {
        val x1 = random(64, 784)
        val x2 = random(64, 784)
        val y = io.strata.data.Utils.toCategorical(IntArray(64) { it % 10 }, 10)
        val xa = x1
        val xb = x2
        val yClass = y
        val yScore = random(64, 1)
        // From the README's Kotlin section:
        val left = sequential { dense(32, inputDim = 784) }
        val right = sequential { dense(32, inputDim = 784) }
        val merged = sequential {
            merge(left, right, mode = "concat")          // the model's inputs are the branches' inputs
            dense(10, activation = softmax)
        }
        merged.compile { optimizer = rmsprop(); loss = categoricalCrossentropy; metrics(accuracy) }
        merged.fit(listOf(x1, x2), y, epochs = 10, verbose = 0)     // one array per model input

        val towers = model {
            val a = input(784, name = "a")
            val b = input(784, name = "b")
            val shared = dense(64, activation = relu)
            val joined = concatenate()(shared(a), shared(b))
            outputs(dense(10, activation = softmax, name = "klass")(joined), dense(1, name = "score")(joined))
        }
        towers.compile {
            optimizer = adam()
            loss = mapOf("klass" to categoricalCrossentropy, "score" to meanSquaredError)
            lossWeights = mapOf("klass" to 1.0, "score" to 0.5)
            metrics(accuracy)
        }
        val h = towers.fit(mapOf("a" to xa, "b" to xb), listOf(yClass, yScore), epochs = 5, verbose = 0)
        h.metricNames().take(3) shouldBe listOf("loss", "klass_loss", "score_loss")
        listOf(merged, towers).forEach { it.close() }
    }
})
