// SPDX-License-Identifier: Apache-2.0
package io.strata.samples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.strata.data.Utils
import io.strata.dsl.*
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.training.History
import kotlin.random.Random

/** The guide's convolutional and recurrent models in the DSL: each trains on generated data. */
class GuideLayersSpec : FunSpec({
    val r = Random(4)
    fun images(n: Int, h: Int, w: Int, c: Int) = Array(n) { Array(h) { Array(w) { FloatArray(c) { r.nextFloat() } } } }
    fun sequences(n: Int, t: Int, d: Int) = Array(n) { Array(t) { FloatArray(d) { r.nextFloat() } } }
    fun oneHot(n: Int, k: Int) = Utils.toCategorical(IntArray(n) { it % k }, k)
    fun History.improves() = metric("loss").last() shouldBeLessThan metric("loss").first()

    test("VGG-like convnet") {
        val model = sequential(seed = 1) {
            conv2d(32, listOf(3, 3), activation = relu, inputShape = listOf(100, 100, 3))
            conv2d(32, listOf(3, 3), activation = relu)
            maxPooling2d(poolSize = listOf(2, 2))
            dropout(0.25)
            conv2d(64, listOf(3, 3), activation = relu)
            conv2d(64, listOf(3, 3), activation = relu)
            maxPooling2d(poolSize = listOf(2, 2))
            dropout(0.25)
            flatten()
            dense(256, activation = relu)
            dropout(0.5)
            dense(10, activation = softmax)
        }.compile {
            optimizer = sgd(lr = 0.01, decay = 1e-6, momentum = 0.9, nesterov = true)
            loss = categoricalCrossentropy
        }
        model.countParams() shouldBe 7998250L
        model.fit(images(10, 100, 100, 3), oneHot(10, 10), epochs = 4, batchSize = 10, verbose = 0).improves()
        model.close()
    }

    test("sequence classification with LSTM (Embedding without input_length, as in the guide)") {
        val model = sequential(seed = 2) {
            embedding(1024, 64)
            lstm(32)
            dropout(0.5)
            dense(1, activation = sigmoid)
        }.compile {
            optimizer = "rmsprop"
            loss = binaryCrossentropy
            metrics(accuracy)
        }
        val x = Array(64) { IntArray(20) { r.nextInt(1024) } }
        val y = FloatArray(64) { (it % 2).toFloat() }
        model.fit(x, y, epochs = 5, batchSize = 16, verbose = 0).improves()
        model.close()
    }

    test("sequence classification with 1-D convolutions") {
        val model = sequential(seed = 3) {
            conv1d(64, 3, activation = relu, inputShape = listOf(64, 100))
            conv1d(64, 3, activation = relu)
            maxPooling1d(3)
            conv1d(128, 3, activation = relu)
            conv1d(128, 3, activation = relu)
            globalAveragePooling1d()
            dropout(0.5)
            dense(1, activation = sigmoid)
        }.compile {
            optimizer = "rmsprop"
            loss = binaryCrossentropy
            metrics(accuracy)
        }
        model.fit(sequences(32, 64, 100), FloatArray(32) { (it % 2).toFloat() }, epochs = 6, batchSize = 16, verbose = 0).improves()
        model.close()
    }

    test("stacked LSTM for sequence classification") {
        val model = sequential(seed = 4) {
            lstm(32, returnSequences = true, inputShape = listOf(8, 16))
            lstm(32, returnSequences = true)
            lstm(32)
            dense(10, activation = softmax)
        }.compile {
            optimizer = "rmsprop"
            loss = categoricalCrossentropy
            metrics(accuracy)
        }
        model.fit(sequences(128, 8, 16), oneHot(128, 10), epochs = 5, batchSize = 64, verbose = 0).improves()
        model.close()
    }

    test("the same stacked LSTM, stateful, trained without shuffling") {
        val model = sequential(seed = 5) {
            lstm(32, returnSequences = true, stateful = true, batchInputShape = listOf(32, 8, 16))
            lstm(32, returnSequences = true, stateful = true)
            lstm(32, stateful = true)
            dense(10, activation = softmax)
        }.compile {
            optimizer = "rmsprop"
            loss = categoricalCrossentropy
            metrics(accuracy)
        }
        model.fit(sequences(64, 8, 16), oneHot(64, 10), epochs = 5, batchSize = 32, shuffle = false,
            verbose = 0).improves()
        model.close()
    }

    test("the caption model's branches: image (channels_first convnet, RepeatVector) and language (GRU, TimeDistributed)") {
        val image = sequential(seed = 6) {
            convolution2d(16, 3, 3, border_mode = "valid", inputShape = listOf(3, 32, 32), dataFormat = "channels_first")
            activation(relu)
            maxPooling2d(dataFormat = "channels_first")
            flatten()
            dense(32)
            repeatVector(6)
        }.compile { optimizer = "rmsprop"; loss = meanSquaredError }
        image.outputShape().toString() shouldBe "(None, 6, 32)"
        image.fit(images(8, 3, 32, 32), sequences(8, 6, 32), epochs = 5, batchSize = 8, verbose = 0).improves()
        val language = sequential(seed = 7) {
            embedding(100, 16, inputLength = 6)
            gru(output_dim = 32, returnSequences = true)
            timeDistributed(Layers.dense(32))
        }.compile { optimizer = "rmsprop"; loss = meanSquaredError }
        language.outputShape().toString() shouldBe "(None, 6, 32)"
        language.fit(Array(8) { IntArray(6) { r.nextInt(100) } }, sequences(8, 6, 32), epochs = 5, batchSize = 8, verbose = 0).improves()
        listOf(image, language).forEach(Sequential::close)
    }

    test("seed 004: Convolution1D with input_dim and input_length, then Flatten") {
        val model = sequential(seed = 8) {
            convolution1d(64, 3, border_mode = "same", inputDim = 32, inputLength = 10)
            convolution1d(32, 3, border_mode = "same")
            flatten()
            dense(1, activation = sigmoid)
        }.compile { optimizer = "adam"; loss = binaryCrossentropy }
        model.outputShape(2).toString() shouldBe "(None, 320)"
        model.fit(sequences(16, 10, 32), FloatArray(16) { (it % 2).toFloat() }, epochs = 5, batchSize = 8, verbose = 0).improves()
        model.close()
    }
})
