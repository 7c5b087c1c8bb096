// SPDX-License-Identifier: Apache-2.0
package io.strata.samples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.strata.data.Utils
import io.strata.dsl.*
import io.strata.layers.Layers
import io.strata.models.Sequential
import org.tensorflow.ndarray.FloatNdArray
import org.tensorflow.ndarray.buffer.DataBuffers
import kotlin.math.max
import kotlin.math.sqrt
import kotlin.random.Random

/**
 * The last third of Keras's Sequential guide, in the DSL: "The Merge layer" and the models that need
 * it, trained on generated data as the guide does.
 */
class MergeGuideSpec : FunSpec({
    val r = Random(1234)
    fun random(n: Int, vararg dims: Int): Any = when (dims.size) {
        1 -> Array(n) { FloatArray(dims[0]) { r.nextFloat() } }
        2 -> Array(n) { Array(dims[0]) { FloatArray(dims[1]) { r.nextFloat() } } }
        else -> Array(n) { Array(dims[0]) { Array(dims[1]) { FloatArray(dims[2]) { r.nextFloat() } } } }
    }
    fun values(a: FloatNdArray) = FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }

    test("the guide's two-branch Merge model and its multi-input training example (10 classes)") {
        val leftBranch = sequential { dense(32, inputDim = 784) }
        val rightBranch = sequential { dense(32, inputDim = 784) }
        val model = sequential(seed = 5) {
            merge(leftBranch, rightBranch, mode = "concat")
            dense(10, activation = softmax)
        }
        model.compile {
            optimizer = rmsprop()
            loss = categoricalCrossentropy
            metrics(accuracy)
        }
        val data1 = random(1000, 784) as Array<FloatArray>
        val data2 = random(1000, 784) as Array<FloatArray>
        // Learnable labels (the guide's are random): the class of the first branch's strongest feature band.
        val labels = IntArray(1000) { i -> (0 until 10).maxBy { c -> (0 until 8).sumOf { data1[i][c * 8 + it].toDouble() } } }
        val history = model.fit(listOf(data1, data2), Utils.toCategorical(labels, 10), nb_epoch = 10, batchSize = 32, verbose = 0)
        val loss = history.metric("loss")
        loss.last() shouldBeLessThan loss.first()
        history.metric("accuracy").last() shouldBeGreaterThan 0.3
        model.inputNames() shouldBe listOf(leftBranch.layerNames()[0] + "_input", rightBranch.layerNames()[0] + "_input")
        model.close()
    }

    test("training the merged model trains the branches: the branch's own predict sees the new weights") {
        val left = sequential(seed = 1) { dense(4, inputDim = 6) }
        val right = sequential(seed = 2) { dense(4, inputDim = 6) }
        val x1 = random(40, 6)
        val x2 = random(40, 6)
        val before = values(left.predict(x1))
        val merged = sequential(seed = 3) {
            merge(left, right, mode = "sum")
            dense(1)
        }
        merged.compile {
            optimizer = sgd(lr = 0.1)
            loss = meanSquaredError
        }
        // Until trained, the merged model computes with the branch's weights (it shares them).
        merged.getWeights()[0].shape() shouldBe left.getWeights()[0].shape()
        values(merged.getWeights()[0]).toList() shouldBe values(left.getWeights()[0]).toList()
        merged.fit(listOf(x1, x2), random(40, 1), epochs = 2, verbose = 0)
        val after = values(left.predict(x1))
        after.toList() shouldNotBe before.toList()
        values(left.getWeights()[0]).toList() shouldBe values(merged.getWeights()[0]).toList()
        values(right.getWeights()[1]).toList() shouldBe values(merged.getWeights()[3]).toList()
        // And the other way: training a branch alone changes what the merged model computes.
        left.compile {
            optimizer = sgd(lr = 0.5)
            loss = meanSquaredError
        }
        val mergedBefore = values(merged.predict(listOf(x1, x2)))
        left.fit(x1, random(40, 4), epochs = 1, verbose = 0)
        values(merged.predict(listOf(x1, x2))).toList() shouldNotBe mergedBefore.toList()
        listOf(left, right, merged).forEach(Sequential::close)
    }

    test("the merged model's output is the hand-computed combination of its branches' outputs, for every mode") {
        val x1 = random(5, 3)
        val x2 = random(5, 3)
        fun branch(seed: Long) = sequential(seed = seed) { dense(4, inputDim = 3, activation = tanh) }
        val a = branch(10)
        val b = branch(11)
        val ya = values(a.predict(x1))
        val yb = values(b.predict(x2))
        fun rows(v: FloatArray) = (0 until 5).map { v.copyOfRange(it * 4, it * 4 + 4) }
        val ra = rows(ya)
        val rb = rows(yb)
        fun dot(p: FloatArray, q: FloatArray) = p.indices.sumOf { (p[it] * q[it]).toDouble() }
        val expected: Map<String, List<Float>> = mapOf(
            "sum" to ya.indices.map { ya[it] + yb[it] },
            "mul" to ya.indices.map { ya[it] * yb[it] },
            "ave" to ya.indices.map { (ya[it] + yb[it]) / 2 },
            "max" to ya.indices.map { max(ya[it], yb[it]) },
            "concat" to (0 until 5).flatMap { ra[it].toList() + rb[it].toList() },
            "dot" to (0 until 5).map { dot(ra[it], rb[it]).toFloat() },
            "cos" to (0 until 5).map {
                (dot(ra[it], rb[it]) / max(sqrt(dot(ra[it], ra[it]) * dot(rb[it], rb[it])), 1e-7)).toFloat()
            },
        )
        for ((mode, want) in expected) {
            val m = sequential { merge(a, b, mode = mode) }
            values(m.predict(listOf(x1, x2))).zip(want).forEach { (got, w) -> got shouldBe (w plusOrMinus 1e-5f) }
            m.close()
        }
        val diff = sequential { merge(a, b, outputShape = listOf(4)) { ops, x -> ops.sub(x[0], x[1]) } }
        values(diff.predict(listOf(x1, x2))).zip(ya.indices.map { ya[it] - yb[it] }).forEach { (got, w) ->
            got shouldBe (w plusOrMinus 1e-5f)
        }
        listOf(a, b, diff).forEach(Sequential::close)
    }

    test("the guide's image-caption model (smaller images and vocabulary) trains") {
        val maxCaptionLen = 16
        val vocabSize = 60
        val imageModel = captionImageBranch()
        val model = captionModel(imageModel, maxCaptionLen, vocabSize)
        model.compile {
            optimizer = rmsprop()
            loss = categoricalCrossentropy
        }
        model.layerSummaries().first { it.name() == "merge_1" }.outputShapeText() shouldBe "(None, 16, 256)"
        val images = random(24, 3, 12, 12)
        val captions = Array(24) { IntArray(maxCaptionLen) { r.nextInt(vocabSize) } }
        val nextWords = Utils.toCategorical(IntArray(24) { captions[it][0] }, vocabSize)
        val h = model.fit(listOf(images, captions), nextWords, batchSize = 8, nb_epoch = 4, verbose = 0)
        h.metric("loss").last() shouldBeLessThan h.metric("loss").first()
        model.close()
    }

    test("the guide's caption model as written: a trained image branch saved, a fresh one load_weights('weight_file.h5'), merged") {
        val images = random(24, 3, 12, 12)
        val trained = captionImageBranch(1)
        trained.compile { optimizer = rmsprop(); loss = meanSquaredError }
        trained.fit(images, random(24, 128), epochs = 2, verbose = 0)
        val dir = java.nio.file.Files.createTempDirectory("caption")
        trained.saveWeights(dir.resolve("weight_file.h5").toString())

        val imageModel = captionImageBranch(2)
        imageModel.loadWeights(dir.resolve("weight_file.h5").toString())
        values(imageModel.predict(images)) shouldBe values(trained.predict(images))

        val maxCaptionLen = 16
        val vocabSize = 60
        val model = captionModel(imageModel, maxCaptionLen, vocabSize)
        model.compile { optimizer = rmsprop(); loss = categoricalCrossentropy }
        // The merged model starts from the loaded branch: its first weights are the file's.
        values(imageModel.getWeights()[0]) shouldBe values(trained.getWeights()[0])
        val captions = Array(24) { IntArray(maxCaptionLen) { r.nextInt(vocabSize) } }
        val nextWords = Utils.toCategorical(IntArray(24) { captions[it][0] }, vocabSize)
        model.fit(listOf(images, captions), nextWords, batchSize = 8, nb_epoch = 1, verbose = 0).epochs() shouldBe 1
        listOf(trained, model).forEach(Sequential::close)
    }

    test("the guide's two merged LSTM encoders, with validation_data=([xa, xb], y)") {
        val dataDim = 16
        val timesteps = 8
        val nbClasses = 10
        val encoderA = sequential { lstm(32, inputShape = listOf(timesteps, dataDim)) }
        val encoderB = sequential { lstm(32, inputShape = listOf(timesteps, dataDim)) }
        val decoder = sequential(seed = 4) {
            merge(encoderA, encoderB, mode = "concat")
            dense(32, activation = relu)
            dense(nbClasses, activation = softmax)
        }
        decoder.compile {
            optimizer = rmsprop()
            loss = categoricalCrossentropy
            metrics(accuracy)
        }
        val xTrainA = random(200, timesteps, dataDim)
        val xTrainB = random(200, timesteps, dataDim)
        val yTrain = random(200, nbClasses)
        val xValA = random(40, timesteps, dataDim)
        val xValB = random(40, timesteps, dataDim)
        val yVal = random(40, nbClasses)
        val h = decoder.fit(listOf(xTrainA, xTrainB), yTrain, batchSize = 64, nb_epoch = 5, verbose = 0,
            validationData = listOf(xValA, xValB) to yVal)
        h.metricNames() shouldBe listOf("loss", "accuracy", "val_loss", "val_accuracy")
        h.metric("loss").last() shouldBeLessThan h.metric("loss").first()
        h.metric("val_loss").size shouldBe 5
        decoder.close()
    }
})

/** The image branch of the guide's caption model (3 x 12 x 12 images instead of 3 x 100 x 100). */
private fun captionImageBranch(seed: Long? = null): Sequential = sequential(seed = seed) {
    conv2d(8, listOf(3, 3), padding = "valid", inputShape = listOf(3, 12, 12), dataFormat = "channels_first")
    activation(relu)
    conv2d(8, listOf(3, 3), dataFormat = "channels_first")
    activation(relu)
    maxPooling2d(listOf(2, 2), dataFormat = "channels_first")
    flatten()
    dense(128)
}

/** The guide's caption model: the language branch, the image branch repeated per word, merged, then a GRU. */
private fun captionModel(imageModel: Sequential, maxCaptionLen: Int, vocabSize: Int): Sequential {
    val languageModel = sequential {
        embedding(vocabSize, 256, inputLength = maxCaptionLen)
        gru(output_dim = 128, returnSequences = true)
        timeDistributed(Layers.dense(128))
    }
    imageModel.add(Layers.repeatVector(maxCaptionLen))
    return sequential(seed = 8) {
        merge(imageModel, languageModel, mode = "concat", concatAxis = -1)
        gru(256, returnSequences = false)
        dense(vocabSize)
        activation(softmax)
    }
}
