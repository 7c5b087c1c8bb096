// SPDX-License-Identifier: Apache-2.0
package io.strata.layers

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.ShapeMismatchException
import io.strata.models.Sequential

/** The guide's convolutional and recurrent models: Keras's output shapes and parameter counts. */
class GuideShapesSpec : FunSpec({

    fun rows(m: Sequential) = m.layerSummaries().map { Triple(it.name(), it.outputShape().toString(), it.params()) }

    test("VGG-like convnet") {
        val m = Sequential(listOf(
            Layers.conv2d(32, 3, 3).activation("relu").inputShape(100, 100, 3),
            Layers.conv2d(32, 3, 3).activation("relu"),
            Layers.maxPooling2d(2, 2),
            Layers.dropout(0.25),
            Layers.conv2d(64, 3, 3).activation("relu"),
            Layers.conv2d(64, 3, 3).activation("relu"),
            Layers.maxPooling2d(2, 2),
            Layers.dropout(0.25),
            Layers.flatten(),
            Layers.dense(256).activation("relu"),
            Layers.dropout(0.5),
            Layers.dense(10).activation("softmax"),
        ))
        rows(m) shouldBe listOf(
            Triple("conv2d_1", "(None, 98, 98, 32)", 896L),
            Triple("conv2d_2", "(None, 96, 96, 32)", 9248L),
            Triple("max_pooling2d_1", "(None, 48, 48, 32)", 0L),
            Triple("dropout_1", "(None, 48, 48, 32)", 0L),
            Triple("conv2d_3", "(None, 46, 46, 64)", 18496L),
            Triple("conv2d_4", "(None, 44, 44, 64)", 36928L),
            Triple("max_pooling2d_2", "(None, 22, 22, 64)", 0L),
            Triple("dropout_2", "(None, 22, 22, 64)", 0L),
            Triple("flatten_1", "(None, 30976)", 0L),
            Triple("dense_1", "(None, 256)", 7930112L),
            Triple("dropout_3", "(None, 256)", 0L),
            Triple("dense_2", "(None, 10)", 2570L),
        )
        m.countParams() shouldBe 7998250L
    }

    test("the seed's channels_first Conv2D(64, (3, 3)) with same padding on (3, 32, 32)") {
        val m = Sequential(listOf(
            Layers.convolution2d(64, 3, 3).borderMode("same").dataFormat("channels_first").inputShape(3, 32, 32),
            Layers.flatten(),
        ))
        m.outputShape(0).toString() shouldBe "(None, 64, 32, 32)"
        m.outputShape().toString() shouldBe "(None, 65536)"
    }

    test("sequence classification with LSTM") {
        val m = Sequential(listOf(
            Layers.embedding(1024, 256),
            Layers.lstm(128),
            Layers.dropout(0.5),
            Layers.dense(1).activation("sigmoid"),
        ))
        rows(m) shouldBe listOf(
            Triple("embedding_1", "(None, None, 256)", 262144L),
            Triple("lstm_1", "(None, 128)", 197120L),
            Triple("dropout_1", "(None, 128)", 0L),
            Triple("dense_1", "(None, 1)", 129L),
        )
    }

    test("sequence classification with 1-D convolutions") {
        val m = Sequential(listOf(
            Layers.conv1d(64, 3).activation("relu").inputShape(64, 100),
            Layers.conv1d(64, 3).activation("relu"),
            Layers.maxPooling1d(3),
            Layers.conv1d(128, 3).activation("relu"),
            Layers.conv1d(128, 3).activation("relu"),
            Layers.globalAveragePooling1d(),
            Layers.dropout(0.5),
            Layers.dense(1).activation("sigmoid"),
        ))
        rows(m) shouldBe listOf(
            Triple("conv1d_1", "(None, 62, 64)", 19264L),
            Triple("conv1d_2", "(None, 60, 64)", 12352L),
            Triple("max_pooling1d_1", "(None, 20, 64)", 0L),
            Triple("conv1d_3", "(None, 18, 128)", 24704L),
            Triple("conv1d_4", "(None, 16, 128)", 49280L),
            Triple("global_average_pooling1d_1", "(None, 128)", 0L),
            Triple("dropout_1", "(None, 128)", 0L),
            Triple("dense_1", "(None, 1)", 129L),
        )
    }

    test("stacked LSTM and its stateful version") {
        val m = Sequential(listOf(
            Layers.lstm(32).returnSequences(true).inputShape(8, 16),
            Layers.lstm(32).returnSequences(true),
            Layers.lstm(32),
            Layers.dense(10).activation("softmax"),
        ))
        rows(m) shouldBe listOf(
            Triple("lstm_1", "(None, 8, 32)", 6272L),
            Triple("lstm_2", "(None, 8, 32)", 8320L),
            Triple("lstm_3", "(None, 32)", 8320L),
            Triple("dense_1", "(None, 10)", 330L),
        )
        val stateful = Sequential(listOf(
            Layers.lstm(32).returnSequences(true).stateful(true).batchInputShape(32, 8, 16),
            Layers.lstm(32).returnSequences(true).stateful(true),
            Layers.lstm(32).stateful(true),
            Layers.dense(10).activation("softmax"),
        ))
        stateful.outputShape(0).toString() shouldBe "(32, 8, 32)"
        stateful.countParams() shouldBe m.countParams()
        shouldThrow<ShapeMismatchException> {
            Sequential(listOf(Layers.lstm(4).stateful(true).inputShape(8, 16)))
        }.message shouldContain "batchInputShape"
    }

    test("the caption model's language branch: Embedding, GRU, TimeDistributed(Dense)") {
        val language = Sequential(listOf(
            Layers.embedding(10000, 256).inputLength(16),
            Layers.gru(128).returnSequences(true),
            Layers.timeDistributed(Layers.dense(128)),
        ))
        rows(language) shouldBe listOf(
            Triple("embedding_1", "(None, 16, 256)", 2560000L),
            Triple("gru_1", "(None, 16, 128)", 147840L),
            Triple("time_distributed_1", "(None, 16, 128)", 16512L),
        )
    }

    test("the caption model's image branch ends in RepeatVector") {
        val image = Sequential(listOf(
            Layers.convolution2d(32, 3, 3).borderMode("valid").dataFormat("channels_first").inputShape(3, 100, 100),
            Layers.activation("relu"),
            Layers.maxPooling2d(2, 2).dataFormat("channels_first"),
            Layers.flatten(),
            Layers.dense(128),
            Layers.repeatVector(16),
        ))
        image.outputShape(2).toString() shouldBe "(None, 32, 49, 49)"
        image.outputShape().toString() shouldBe "(None, 16, 128)"
    }

    test("Keras 1's Convolution1D with input_dim and input_length, then Flatten (seed 004)") {
        val m = Sequential(listOf(
            Layers.convolution1d(64, 3).borderMode("same").inputDim(32).inputLength(10),
            Layers.convolution1d(32, 3).borderMode("same"),
            Layers.flatten(),
        ))
        m.outputShape(0).toString() shouldBe "(None, 10, 64)"
        m.outputShape().toString() shouldBe "(None, 320)"
        val noLength = Sequential(listOf(Layers.convolution1d(8, 3).inputDim(4)))
        noLength.inputShape().toString() shouldBe "(None, None, 4)"
    }

    test("padding, upsampling, permute, global pooling and batch normalization shapes and counts") {
        val m = Sequential(listOf(
            Layers.zeroPadding2d(1).inputShape(8, 8, 3),
            Layers.upSampling2d(2),
            Layers.batchNormalization(),
            Layers.globalMaxPooling2d(),
        ))
        rows(m) shouldBe listOf(
            Triple("zero_padding2d_1", "(None, 10, 10, 3)", 0L),
            Triple("up_sampling2d_1", "(None, 20, 20, 3)", 0L),
            Triple("batch_normalization_1", "(None, 20, 20, 3)", 12L),
            Triple("global_max_pooling2d_1", "(None, 3)", 0L),
        )
        m.summaryString(65).lines().first { it.startsWith("Non-trainable") } shouldBe "Non-trainable params: 6"
        Sequential(listOf(Layers.permute(2, 1).inputShape(10, 64))).outputShape().toString() shouldBe "(None, 64, 10)"
        Sequential(listOf(Layers.zeroPadding1d(2).inputShape(5, 3), Layers.upSampling1d(3))).outputShape().toString() shouldBe
            "(None, 27, 3)"
    }
})
