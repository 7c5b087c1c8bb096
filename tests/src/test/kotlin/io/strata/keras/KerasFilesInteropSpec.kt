// SPDX-License-Identifier: Apache-2.0
package io.strata.keras

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import io.strata.layers.Layer
import io.strata.layers.Layers
import io.strata.models.Model
import io.strata.models.Models
import io.strata.models.Sequential
import io.strata.optimizers.Adam
import io.strata.optimizers.SGD
import io.strata.saving.Config
import io.strata.saving.KerasJson
import io.strata.training.FitOptions
import org.tensorflow.ndarray.FloatNdArray
import org.tensorflow.ndarray.buffer.DataBuffers
import java.nio.file.Files
import kotlin.math.abs
import kotlin.math.max
import kotlin.random.Random

/**
 * Proof against Keras's own tools: files written the way each Keras generation writes them (by h5py,
 * from the same weights as a numpy forward pass) load into Strata's models and predict what numpy
 * computes; files Strata writes have Keras's exact layout, attribute types and values as h5py reads
 * them, and pass Keras 2.2.4's own reading code.
 */
class KerasFilesInteropSpec : FunSpec({
    val dir = H5py.fixtures

    fun flat(a: FloatNdArray): FloatArray = FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }

    /** A JSON array as the nested Java array Strata takes (ints stay ints: Embedding indices). */
    fun array(v: Any?): Any {
        val l = v as List<*>
        val first = l[0]
        if (first is List<*>) {
            val inner = l.map { array(it) }
            return when (inner[0]) {
                is FloatArray -> inner.map { it as FloatArray }.toTypedArray()
                is IntArray -> inner.map { it as IntArray }.toTypedArray()
                is Array<*> -> when ((inner[0] as Array<*>)[0]) {
                    is FloatArray -> inner.map { @Suppress("UNCHECKED_CAST") (it as Array<FloatArray>) }.toTypedArray()
                    else -> inner.map { @Suppress("UNCHECKED_CAST") (it as Array<Array<FloatArray>>) }.toTypedArray()
                }
                else -> error("unsupported")
            }
        }
        return if (first is Long) IntArray(l.size) { (l[it] as Long).toInt() } else FloatArray(l.size) { (l[it] as Number).toFloat() }
    }

    fun values(v: Any?): List<Double> = if (v is List<*>) v.flatMap { values(it) } else listOf((v as Number).toDouble())

    fun reference(name: String): Pair<Any, List<Double>> {
        val c = KerasJson.parseObject(Files.readString(dir.resolve("$name.json")), "$name.json")
        return array(c.get("x")) to values(c.get("y"))
    }

    fun maxError(model: Model, name: String): Double {
        val (x, y) = reference(name)
        val p = flat(model.predict(x, 32))
        p.size shouldBe y.size
        var worst = 0.0
        for (i in p.indices) worst = max(worst, abs(p[i] - y[i]))
        return worst
    }

    fun seq(vararg layers: Layer) = Sequential(layers.toList())

    // The guide's Sequential models, as Strata writes them (Keras 2 names: dense_1, dropout_1, ...).
    val guide = mapOf(
        "mlp" to { seq(Layers.dense(16).activation("relu").inputDim(20), Layers.dropout(0.5), Layers.dense(16).activation("relu"), Layers.dropout(0.5), Layers.dense(10).activation("softmax")) },
        "binary" to { seq(Layers.dense(16).activation("relu").inputDim(20), Layers.dropout(0.5), Layers.dense(16).activation("relu"), Layers.dropout(0.5), Layers.dense(1).activation("sigmoid")) },
        "vgg" to {
            seq(Layers.conv2d(8, 3, 3).activation("relu").inputShape(16, 16, 3), Layers.conv2d(8, 3, 3).activation("relu"), Layers.maxPooling2d(2, 2), Layers.dropout(0.25),
                Layers.conv2d(16, 3, 3).activation("relu"), Layers.conv2d(16, 3, 3).activation("relu"), Layers.maxPooling2d(2, 2), Layers.dropout(0.25), Layers.flatten(),
                Layers.dense(32).activation("relu"), Layers.dropout(0.5), Layers.dense(10).activation("softmax"))
        },
        "lstm" to { seq(Layers.embedding(50, 8).inputLength(10), Layers.lstm(6), Layers.dropout(0.5), Layers.dense(1).activation("sigmoid")) },
        "conv1d" to {
            seq(Layers.conv1d(6, 3).activation("relu").inputShape(20, 5), Layers.conv1d(6, 3).activation("relu"), Layers.maxPooling1d(3),
                Layers.conv1d(8, 3).activation("relu"), Layers.conv1d(8, 3).activation("relu"), Layers.globalAveragePooling1d(), Layers.dropout(0.5), Layers.dense(1).activation("sigmoid"))
        },
        "stacked_lstm" to { seq(Layers.lstm(8).returnSequences(true).inputShape(6, 5), Layers.lstm(8).returnSequences(true), Layers.lstm(8), Layers.dense(3).activation("softmax")) },
        "gru" to { seq(Layers.gru(5).inputShape(7, 3), Layers.dense(2).activation("softmax")) },
    )

    withData(nameFn = { "the guide's $it model: Keras 2.2 weights (h5py) load and predict as numpy does" }, guide.keys.toList()) { name ->
        val m = guide.getValue(name)()
        m.loadWeights(dir.resolve("$name.h5"))
        maxError(m, name) shouldBeLessThan 2e-5
        m.close()
    }

    data class Legacy(val title: String, val file: String, val model: String, val build: () -> Model)
    withData(nameFn = { it.title }, listOf(
        Legacy("h5py 3's variable-length UTF-8 strings (tf.keras 2.x)", "h5py3_mlp.h5", "mlp", guide.getValue("mlp")),
        Legacy("layer_names and weight_names split into name0, name1 (over HDF5's attribute limit)", "chunked_names.h5", "mlp", guide.getValue("mlp")),
        Legacy("Keras 1 LSTM: twelve per-gate tensors (gates i, c, f, o) become Keras 2's three", "keras1_lstm.h5", "lstm", guide.getValue("lstm")),
        Legacy("Keras 1 GRU: nine per-gate tensors become three", "keras1_gru.h5", "gru", guide.getValue("gru")),
        Legacy("Keras 1 Conv1D: 4-D kernels lose their dummy axis", "keras1_conv1d.h5", "conv1d", guide.getValue("conv1d")),
        Legacy("the Theano backend: convolution kernels are flipped", "theano_conv.h5", "theano_conv") {
            seq(Layers.conv2d(4, 3, 3).activation("relu").inputShape(8, 8, 2), Layers.flatten(), Layers.dense(2).activation("softmax"))
        },
        Legacy("CuDNNLSTM weights load into an LSTM with sigmoid gates", "cudnn_lstm.h5", "cudnn_lstm") {
            seq(Layers.lstm(3).recurrentActivation("sigmoid").inputShape(5, 4), Layers.dense(2).activation("softmax"))
        },
        Legacy("tf.keras's GRU with reset_after (a (2, 3 * units) bias) predicts as tf.keras computes", "gru_reset_after.h5", "gru_reset_after") {
            seq(Layers.gru(4).resetAfter(true).recurrentActivation("sigmoid").inputShape(6, 3), Layers.dense(2).activation("softmax"))
        },
        Legacy("CuDNNGRU weights load into a GRU with reset_after", "cudnn_gru.h5", "gru_reset_after") {
            seq(Layers.gru(4).resetAfter(true).recurrentActivation("sigmoid").inputShape(6, 3), Layers.dense(2).activation("softmax"))
        },
    )) { case ->
        val m = case.build()
        m.loadWeights(dir.resolve(case.file))
        maxError(m, case.model) shouldBeLessThan 2e-5
        m.close()
    }

    test("a Keras 1.2.2 model file (Theano dim ordering, Convolution2D, th kernels) loads compiled and predicts") {
        val m = Models.load(dir.resolve("keras1_th_model.h5"))
        m.layers().map { it.className() } shouldBe listOf("Conv2D", "MaxPooling2D", "Flatten", "Dense", "Activation")
        m.inputShape().toString() shouldBe "(None, 2, 8, 8)"
        (m.optimizer() as SGD).lr() shouldBe 0.01
        maxError(m, "keras1_th_model") shouldBeLessThan 2e-5
        m.close()
    }

    test("a tf.keras 2.4 model file loads compiled, with Adam's iterations and slots, and keeps training") {
        val m = Models.load(dir.resolve("tfkeras_model.h5"))
        (m.optimizer() is Adam) shouldBe true
        m.metricsNames() shouldBe listOf("loss", "accuracy")
        m.iterations() shouldBe 7L
        maxError(m, "tfkeras_model") shouldBeLessThan 2e-5
        val (x, _) = reference("tfkeras_model")
        val y = Array(5) { FloatArray(10).also { a -> a[it] = 1f } }
        m.fit(x, y, FitOptions.epochs(1).verbose(0))
        m.iterations() shouldBe 8L
        m.close()
    }

    test("a Keras 3 .keras archive (functional config, __keras_tensor__ nodes) loads compiled and predicts") {
        val m = Models.load(dir.resolve("keras3_model.keras"))
        m.className() shouldBe "Model"
        (m.optimizer() as SGD).momentum() shouldBe 0.9
        m.iterations() shouldBe 3L
        maxError(m, "keras3_model") shouldBeLessThan 2e-5
        m.close()
    }

    test("Keras 3's .weights.h5 layout loads into the same architecture built in Strata") {
        val x = io.strata.layers.Input.of(20)
        var h = Layers.dense(16).activation("relu").apply(x)
        h = Layers.dropout(0.5).apply(h)
        h = Layers.dense(16).activation("relu").apply(h)
        h = Layers.dropout(0.5).apply(h)
        val m = Model(x, Layers.dense(10).activation("softmax").apply(h))
        m.loadWeights(dir.resolve("keras3_mlp.weights.h5"))
        maxError(m, "keras3_model") shouldBeLessThan 2e-5
        m.close()
    }

    // ---- Strata's files, read by h5py --------------------------------------------------------------

    fun trained(): Sequential {
        val m = guide.getValue("mlp")().seed(1)
        m.compile(Adam(), "categorical_crossentropy", listOf("acc"))
        val r = Random(2)
        val x = Array(64) { FloatArray(20) { r.nextFloat() } }
        val y = Array(64) { FloatArray(10).also { a -> a[r.nextInt(10)] = 1f } }
        m.fit(x, y, FitOptions.epochs(1).batchSize(16).verbose(0))
        return m
    }

    fun node(c: Config, path: String): Config = c.config("nodes")!!.config(path) ?: error("no $path in ${c.config("nodes")!!.keys()}")
    fun attr(c: Config, path: String, name: String): Config = node(c, path).config("attrs")!!.config(name)!!

    test("saveWeights(.h5) writes Keras 2's layout: byte-string attributes, groups, dataset names and values") {
        val m = trained()
        val file = Files.createTempDirectory("strata").resolve("weights.h5")
        m.saveWeights(file)
        val c = H5py.inspect(file)
        val root = c.config("root_attrs")!!
        root.config("layer_names")!!.string("kind") shouldBe "bytes_array"
        root.config("layer_names")!!.list("value") shouldBe listOf("dense_1", "dropout_1", "dense_2", "dropout_2", "dense_3")
        root.config("backend")!!.string("kind") shouldBe "bytes"
        root.config("backend")!!.string("value") shouldBe "tensorflow"
        root.config("keras_version")!!.string("value") shouldBe "2.2.4"
        attr(c, "dense_1", "weight_names").list("value") shouldBe listOf("dense_1/kernel:0", "dense_1/bias:0")
        // Keras writes an empty list as an empty float64 array; Keras 2.2.4 iterates it as no names.
        attr(c, "dropout_1", "weight_names").string("dtype") shouldBe "float64"
        attr(c, "dropout_1", "weight_names").list("shape") shouldBe listOf(0L)
        val keras = c.config("keras224")!!
        keras.bool("bytes_only", false) shouldBe true
        val weights = m.getWeights().map { flat(it) }
        val paths = listOf("dense_1/dense_1/kernel:0", "dense_1/dense_1/bias:0", "dense_2/dense_2/kernel:0", "dense_2/dense_2/bias:0",
            "dense_3/dense_3/kernel:0", "dense_3/dense_3/bias:0")
        for ((i, p) in paths.withIndex()) {
            node(c, p).string("dtype") shouldBe "float32"
            node(c, p).list("shape")!!.map { (it as Long) } shouldBe m.getWeights()[i].shape().asArray().toList()
            values(node(c, p).list("values")) shouldBe weights[i].map { it.toDouble() }
        }
        m.close()
    }

    test("save(.h5) writes Keras 2's model file: model_config, training_config, model_weights, optimizer_weights") {
        val m = trained()
        val file = Files.createTempDirectory("strata").resolve("model.h5")
        m.save(file)
        val c = H5py.inspect(file)
        c.config("model_config") shouldBe KerasJson.parseObject(m.toJson(), "json").also {
            it.remove("keras_version")
            it.remove("backend")
        }
        val training = c.config("training_config")!!
        training.config("optimizer_config")!!.string("class_name") shouldBe "Adam"
        training.string("loss") shouldBe "categorical_crossentropy"
        training.list("metrics") shouldBe listOf("acc")
        c.config("root_attrs")!!.config("model_config")!!.string("kind") shouldBe "bytes"
        val names = c.list("optimizer_weight_names")!!
        names.first() shouldBe "Adam/iterations:0"
        names.size shouldBe 1 + 3 * 6
        (c.list("optimizer_weight_shapes")!![0] as List<*>).isEmpty() shouldBe true
        c.config("keras224")!!.bool("bytes_only", false) shouldBe true
        m.close()
    }

    test("save(.keras) writes Keras 3's archive: stored entries, config.json, layers/<name>/vars, optimizer/vars") {
        val m = trained()
        val file = Files.createTempDirectory("strata").resolve("model.keras")
        m.save(file)
        val c = H5py.inspect(file)
        c.string("format") shouldBe "zip"
        c.list("entries")!!.map { (it as List<*>)[0] } shouldBe listOf("metadata.json", "config.json", "model.weights.h5")
        c.list("entries")!!.map { (it as List<*>)[1] } shouldBe listOf(0L, 0L, 0L)
        c.config("metadata")!!.string("keras_version") shouldStartWith "3."
        val config = c.config("config")!!
        config.string("module") shouldBe "keras"
        config.string("class_name") shouldBe "Sequential"
        val layers = config.config("config")!!.list("layers")!!.map { (it as Config).string("class_name") }
        layers shouldBe listOf("InputLayer", "Dense", "Dropout", "Dense", "Dropout", "Dense")
        config.config("compile_config")!!.config("optimizer")!!.string("class_name") shouldBe "Adam"
        val w = c.config("weights")!!
        w.config("nodes")!!.keys() shouldContainAll listOf("layers/dense/vars/0", "layers/dense/vars/1", "layers/dense_1/vars/0",
            "layers/dense_2/vars/1", "layers/dropout/vars", "layers/dropout_1/vars", "vars", "optimizer/vars/0")
        node(w, "optimizer/vars/0").string("dtype") shouldBe "int64"
        node(w, "layers/dense_2/vars/0").list("shape") shouldBe listOf(16L, 10L)
        // iterations, learning_rate, then m and v of each of the six weights
        node(w, "optimizer/vars").list("members")!!.size shouldBe 2 + 12
        m.close()
    }

    test("saveWeights(.weights.h5) writes Keras 3's weights layout") {
        val m = trained()
        val file = Files.createTempDirectory("strata").resolve("model.weights.h5")
        m.saveWeights(file)
        val c = H5py.inspect(file)
        c.config("nodes")!!.keys() shouldContainAll listOf("layers/dense/vars/0", "layers/dropout/vars", "vars")
        values(node(c, "layers/dense/vars/0").list("values")) shouldBe flat(m.getWeights()[0]).map { it.toDouble() }
        m.close()
    }
})
