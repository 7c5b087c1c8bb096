// SPDX-License-Identifier: Apache-2.0
package io.strata.conformance

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.strata.layers.Input
import io.strata.layers.Layer
import io.strata.layers.Layers
import io.strata.layers.SymbolicTensor
import io.strata.models.Merge
import io.strata.models.Model
import io.strata.models.Models
import io.strata.optimizers.SGD
import io.strata.saving.Config
import io.strata.saving.CustomObjects
import io.strata.saving.KerasLayers
import org.tensorflow.ndarray.FloatNdArray
import org.tensorflow.ndarray.buffer.DataBuffers
import java.nio.file.Files
import kotlin.random.Random

/**
 * The contract every built-in layer meets, in the spirit of Keras 3's `run_layer_test`: one line per
 * layer runs it through the same checks. Its output shape; its number of weights; its config round
 * trip (config -> layer -> config); a save and load round trip through `.h5` (whole model and weights
 * only) and `.keras` that predicts the same; one training step; and the finite-difference check of
 * its gradients. A new layer gets every check by adding one case.
 */
class LayerContractSpec : FunSpec({
    data class Case(
        val name: String,
        val inputs: List<List<Int>>,
        val output: String,
        val weights: Int,
        val vocabulary: Int = 0,
        val gradient: Boolean = true,
        /** Whether Keras 3 has the class (Keras 1's Merge saves as .h5 only). */
        val keras3: Boolean = true,
        val make: () -> Layer,
    )

    fun one(vararg dims: Int) = listOf(dims.toList())
    val cases = listOf(
        Case("Dense", one(4), "(None, 3)", 2) { Layers.dense(3).activation("tanh") },
        Case("Dense on rank 3", one(2, 4), "(None, 2, 3)", 2) { Layers.dense(3) },
        Case("Activation", one(4), "(None, 4)", 0) { Layers.activation("softplus") },
        Case("Dropout", one(4), "(None, 4)", 0, gradient = false) { Layers.dropout(0.3) },
        Case("Flatten", one(2, 3), "(None, 6)", 0) { Layers.flatten() },
        Case("Flatten channels_first", one(2, 3, 4), "(None, 24)", 0) { Layers.flatten().dataFormat("channels_first") },
        Case("Reshape", one(6), "(None, 3, 2)", 0) { Layers.reshape(3, 2) },
        Case("Permute", one(3, 2), "(None, 2, 3)", 0) { Layers.permute(2, 1) },
        Case("RepeatVector", one(3), "(None, 2, 3)", 0) { Layers.repeatVector(2) },
        Case("Embedding", one(4), "(None, 4, 3)", 1, vocabulary = 7) { Layers.embedding(7, 3) },
        Case("BatchNormalization", one(4), "(None, 4)", 4, gradient = false) { Layers.batchNormalization().momentum(0.9) },
        Case("Conv1D", one(5, 3), "(None, 4, 2)", 2) { Layers.conv1d(2, 2).activation("relu") },
        Case("Conv1D causal, dilated", one(6, 2), "(None, 6, 2)", 2) { Layers.conv1d(2, 2).padding("causal").dilationRate(2) },
        Case("Conv2D", one(4, 4, 1), "(None, 3, 3, 2)", 2) { Layers.conv2d(2, 2, 2) },
        Case("Conv2D channels_first, same, strides", one(2, 5, 5), "(None, 3, 3, 3)", 2) {
            Layers.conv2d(3, 3).padding("same").strides(2).dataFormat("channels_first")
        },
        Case("MaxPooling1D", one(4, 2), "(None, 2, 2)", 0) { Layers.maxPooling1d(2) },
        Case("AveragePooling1D", one(4, 2), "(None, 2, 2)", 0) { Layers.averagePooling1d(2) },
        Case("MaxPooling2D", one(4, 4, 2), "(None, 2, 2, 2)", 0) { Layers.maxPooling2d(2) },
        Case("AveragePooling2D, same", one(5, 5, 1), "(None, 3, 3, 1)", 0) { Layers.averagePooling2d(2).padding("same") },
        Case("GlobalAveragePooling1D", one(3, 2), "(None, 2)", 0) { Layers.globalAveragePooling1d() },
        Case("GlobalMaxPooling1D", one(3, 2), "(None, 2)", 0) { Layers.globalMaxPooling1d() },
        Case("GlobalAveragePooling2D", one(3, 3, 2), "(None, 2)", 0) { Layers.globalAveragePooling2d() },
        Case("GlobalMaxPooling2D", one(3, 3, 2), "(None, 2)", 0) { Layers.globalMaxPooling2d() },
        Case("ZeroPadding1D", one(3, 2), "(None, 5, 2)", 0) { Layers.zeroPadding1d(1) },
        Case("ZeroPadding2D", one(3, 3, 1), "(None, 4, 6, 1)", 0) { Layers.zeroPadding2d(0, 1, 1, 2) },
        Case("UpSampling1D", one(3, 2), "(None, 6, 2)", 0) { Layers.upSampling1d(2) },
        Case("UpSampling2D", one(2, 2, 1), "(None, 4, 2, 1)", 0) { Layers.upSampling2d(2, 1) },
        Case("SimpleRNN", one(4, 2), "(None, 3)", 3) { Layers.simpleRnn(3) },
        Case("LSTM", one(4, 2), "(None, 4, 3)", 3) { Layers.lstm(3).returnSequences(true) },
        Case("GRU", one(4, 2), "(None, 3)", 3) { Layers.gru(3) },
        Case("GRU reset_after", one(4, 2), "(None, 3)", 3) { Layers.gru(3).resetAfter(true).recurrentActivation("sigmoid") },
        Case("TimeDistributed", one(3, 4), "(None, 3, 2)", 2) { Layers.timeDistributed(Layers.dense(2)) },
        Case("Add", listOf(listOf(3), listOf(3)), "(None, 3)", 0) { Layers.add() },
        Case("Subtract", listOf(listOf(3), listOf(3)), "(None, 3)", 0) { Layers.subtract() },
        Case("Multiply", listOf(listOf(3), listOf(3)), "(None, 3)", 0) { Layers.multiply() },
        Case("Average", listOf(listOf(3), listOf(3)), "(None, 3)", 0) { Layers.average() },
        Case("Maximum", listOf(listOf(3), listOf(3)), "(None, 3)", 0) { Layers.maximum() },
        Case("Minimum", listOf(listOf(3), listOf(3)), "(None, 3)", 0) { Layers.minimum() },
        Case("Concatenate", listOf(listOf(3), listOf(2)), "(None, 5)", 0) { Layers.concatenate() },
        Case("Dot", listOf(listOf(3), listOf(3)), "(None, 1)", 0) { Layers.dot(1).normalize(true) },
        Case("Keras 1 merge of tensors", listOf(listOf(3), listOf(3)), "(None, 3)", 0, keras3 = false) { Merge("mul") },
    )

    fun data(c: Case, r: Random, n: Int): List<Any> = c.inputs.map { dims ->
        if (c.vocabulary > 0) Array(n) { IntArray(dims[0]) { r.nextInt(c.vocabulary) } } else DataArrayOf(r, n, dims)
    }

    fun build(c: Case): Pair<Model, Layer> {
        val ins = c.inputs.map { Input.of(*it.map(Int::toLong).toLongArray()) }
        val layer = c.make()
        var out: SymbolicTensor = layer.applyAll(ins).single()
        val probe = Model(ins, listOf(out))
        probe.outputShape().toString() shouldBe c.output
        if (out.shape().rank() > 2) out = Layers.flatten().apply(out)
        return Model(ins, listOf(Layers.dense(2).apply(out))).seed(4) to layer
    }

    fun flat(a: FloatNdArray) = FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }

    withData(nameFn = { "layer contract: ${it.name}" }, cases) { c ->
        val (model, layer) = build(c)
        val headWeights = 2
        model.getWeights().size shouldBe c.weights + headWeights

        // config -> layer -> config
        val entry = model.getConfig().list("layers")!!.map { it as Config }.first { it.string("class_name") == layer.className() }
        val config = entry.config("config")!!
        val rebuilt = KerasLayers.deserialize(Config.create().put("class_name", layer.className()).put("config", config.copy()),
            CustomObjects.none())
        rebuilt.className() shouldBe layer.className()
        rebuilt.getConfig() shouldBe config

        // one training step, then save and load round trips that predict the same
        val r = Random(9)
        val x = data(c, r, 6)
        val y = Array(6) { FloatArray(2) { r.nextFloat() } }
        val xs: Any = if (x.size == 1) x[0] else x
        model.compile(SGD().lr(1.0), "mse")
        val before = model.getWeights().map { flat(it).toList() }
        val loss = model.trainOnBatch(xs, y)[0]
        loss.isFinite() shouldBe true
        (model.getWeights().map { flat(it).toList() } != before) shouldBe true
        val expected = flat(model.predict(xs, 6))
        val dir = Files.createTempDirectory("contract")
        for (file in if (c.keras3) listOf("m.h5", "m.keras") else listOf("m.h5")) {
            model.save(dir.resolve(file))
            val loaded = Models.load(dir.resolve(file))
            flat(loaded.predict(xs, 6)).toList() shouldBe expected.toList()
            loaded.close()
        }
        model.saveWeights(dir.resolve("w.h5"))
        val fresh = Models.fromJson(model.toJson())
        fresh.loadWeights(dir.resolve("w.h5"))
        flat(fresh.predict(xs, 6)).toList() shouldBe expected.toList()
        fresh.close()

        // the gradient against central differences, on a fresh copy of the trained model
        if (c.gradient) {
            val g = Models.fromJson(model.toJson())
            g.loadWeights(dir.resolve("w.h5"))
            g.compile(SGD().lr(1.0), "mse")
            gradientError(g, xs, y) shouldBeLessThan 2e-2
            g.close()
        }
        model.close()
    }
})
