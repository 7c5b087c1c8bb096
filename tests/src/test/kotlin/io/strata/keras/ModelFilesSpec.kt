// SPDX-License-Identifier: Apache-2.0
package io.strata.keras

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.strata.InvalidConfigException
import io.strata.ShapeMismatchException
import io.strata.StrataException
import io.strata.layers.Layers
import io.strata.models.Model
import io.strata.models.Models
import io.strata.models.Sequential
import io.strata.optimizers.Adadelta
import io.strata.optimizers.Adagrad
import io.strata.optimizers.Adam
import io.strata.optimizers.Adamax
import io.strata.optimizers.Nadam
import io.strata.optimizers.Optimizer
import io.strata.optimizers.RMSprop
import io.strata.optimizers.SGD
import io.strata.saving.FileFormatException
import io.strata.training.FitOptions
import org.tensorflow.ndarray.buffer.DataBuffers
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import kotlin.math.abs
import kotlin.math.max
import kotlin.random.Random

/** Whole-model and weights files in Strata: continuing training exactly, loading by name, and refusing bad files. */
class ModelFilesSpec : FunSpec({
    val r = Random(5)
    val x = Array(258) { FloatArray(8) { r.nextFloat() } }
    val y = Array(258) { FloatArray(3).also { a -> a[r.nextInt(3)] = 1f } }
    val threeSteps = FitOptions.epochs(1).batchSize(86).verbose(0).shuffle(false)
    fun dir(): Path = Files.createTempDirectory("strata-files")

    fun mlp(seed: Long = 3) = Sequential(listOf(
        Layers.dense(16).activation("relu").inputDim(8), Layers.batchNormalization(), Layers.dropout(0.0),
        Layers.dense(3).activation("softmax"),
    )).seed(seed)

    fun weights(m: Model) = m.getWeights().map { w -> FloatArray(w.size().toInt()).also { w.copyTo(DataBuffers.of(it, false, false)) } }
    fun maxDiff(a: Model, b: Model): Double {
        var worst = 0.0
        weights(a).zip(weights(b)).forEach { (p, q) -> p.indices.forEach { worst = max(worst, abs(p[it] - q[it]).toDouble()) } }
        return worst
    }

    val optimizers: List<Pair<String, () -> Optimizer<*>>> = listOf(
        "SGD with Nesterov momentum" to { SGD().lr(0.05).momentum(0.9).nesterov(true) },
        "SGD with decay" to { SGD().lr(0.05).decay(0.01) },
        "RMSprop" to { RMSprop() }, "RMSprop centered" to { RMSprop().centered(true) },
        "Adagrad" to { Adagrad() }, "Adagrad from 0.1" to { Adagrad().initialAccumulatorValue(0.1) },
        "Adadelta" to { Adadelta() }, "Adam" to { Adam() }, "Adam amsgrad" to { Adam().amsgrad(true) },
        "Adamax" to { Adamax() }, "Nadam" to { Nadam() },
    )
    for (ext in listOf("h5", "keras")) {
        withData(nameFn = { "train 3 steps, save .$ext, load, train 3 more = 6 steps without saving (${it.first})" }, optimizers) { (_, make) ->
            val through = mlp()
            through.compile(make(), "categorical_crossentropy", listOf("accuracy"))
            through.fit(x, y, threeSteps)
            through.fit(x, y, threeSteps)
            val saved = mlp()
            saved.compile(make(), "categorical_crossentropy", listOf("accuracy"))
            saved.fit(x, y, threeSteps)
            val file = dir().resolve("model.$ext")
            saved.save(file)
            val loaded = Models.load(file)
            loaded.iterations() shouldBe 3L
            loaded.fit(x, y, threeSteps)
            loaded.iterations() shouldBe 6L
            (maxDiff(loaded, through) < 1e-6) shouldBe true
            listOf(through, saved, loaded).forEach { it.close() }
        }
    }

    test("saveWeights(.weights.h5) keeps the optimizer too, as Keras 3 does; .h5 weights keep only the weights") {
        val a = mlp()
        a.compile(Adam(), "categorical_crossentropy")
        a.fit(x, y, threeSteps)
        val d = dir()
        a.saveWeights(d.resolve("w.weights.h5"))
        a.saveWeights(d.resolve("w.h5"))
        val b = mlp(9)
        b.compile(Adam(), "categorical_crossentropy")
        b.loadWeights(d.resolve("w.weights.h5"))
        b.iterations() shouldBe 3L
        maxDiff(a, b) shouldBe 0.0
        val c = mlp(9)
        c.compile(Adam(), "categorical_crossentropy")
        c.loadWeights(d.resolve("w.h5"))
        c.iterations() shouldBe 0L
        maxDiff(a, c) shouldBe 0.0
        listOf(a, b, c).forEach { it.close() }
    }

    test("a model file without a training config loads uncompiled, as in Keras") {
        val m = mlp()
        val file = dir().resolve("plain.h5")
        m.save(file)
        val loaded = Models.load(file)
        loaded.isCompiled() shouldBe false
        maxDiff(m, loaded) shouldBe 0.0
        val compiled = mlp()
        compiled.compile("sgd", "mse")
        val withoutOptimizer = dir().resolve("no-optimizer.h5")
        compiled.save(withoutOptimizer, false)
        Models.load(withoutOptimizer).isCompiled() shouldBe false
        m.close()
        compiled.close()
    }

    test("metrics = [\"acc\"] reports acc, [\"accuracy\"] reports accuracy, and both spellings are found in History") {
        val a = mlp()
        a.compile("adam", "categorical_crossentropy", listOf("acc"))
        val h = a.fit(x, y, FitOptions.epochs(2).verbose(0).validationSplit(0.2))
        h.history().keys shouldBe setOf("loss", "acc", "val_loss", "val_acc")
        h.metric("val_accuracy") shouldBe h.metric("val_acc")
        h.history()["accuracy"] shouldBe h.history()["acc"]
        val b = mlp()
        b.compile("adam", "categorical_crossentropy", listOf("accuracy"))
        val hb = b.fit(x, y, FitOptions.epochs(1).verbose(0))
        hb.history().keys shouldBe setOf("loss", "accuracy")
        hb.metric("acc").size shouldBe 1
        // The spelling survives a save and load.
        val file = dir().resolve("acc.h5")
        a.save(file)
        Models.load(file).metricsNames() shouldBe listOf("loss", "acc")
        a.close()
        b.close()
    }

    test("loadWeights by name: matching layers load, others keep their weights; skipMismatch skips what does not fit") {
        val source = Sequential(listOf(Layers.dense(16).inputDim(8).name("shared"), Layers.dense(3).name("head"))).seed(1)
        val file = dir().resolve("source.h5")
        source.saveWeights(file)
        val target = Sequential(listOf(Layers.dense(16).inputDim(8).name("shared"), Layers.dense(5).name("head"),
            Layers.dense(2).name("extra"))).seed(2)
        val before = weights(target)
        shouldThrow<ShapeMismatchException> { target.loadWeights(file, true, false) }.message.let {
            it shouldContain "head"
            it shouldContain "(16, 5)"
            it shouldContain "(16, 3)"
            it shouldContain "skipMismatch"
        }
        weights(target).map { it.toList() } shouldBe before.map { it.toList() }
        target.loadWeights(file, true, true)
        val after = weights(target)
        after[0].toList() shouldBe weights(source)[0].toList()
        after[2].toList() shouldBe before[2].toList()
        after[4].toList() shouldBe before[4].toList()
        source.close()
        target.close()
    }

    // ---- bad files ---------------------------------------------------------------------------------

    test("bad files get clear errors and leave the model's weights unchanged") {
        val m = mlp()
        m.compile("sgd", "categorical_crossentropy")
        val before = weights(m)
        val d = dir()
        val text = d.resolve("notes.h5").also { Files.writeString(it, "these are not weights") }
        shouldThrow<FileFormatException> { m.loadWeights(text) }.message shouldContain "not an HDF5 file"
        val good = d.resolve("good.h5").also { m.saveWeights(it) }
        val bytes = Files.readAllBytes(good)
        val cut = d.resolve("cut.h5").also { Files.write(it, bytes.copyOf(bytes.size / 2)) }
        shouldThrow<FileFormatException> { m.loadWeights(cut) }.message.let {
            it shouldContain "truncated"
            it shouldContain "cut.h5"
        }
        shouldThrow<NoSuchFileException> { m.loadWeights(d.resolve("missing.h5")) }
        val other = Sequential(listOf(Layers.dense(4).inputDim(8), Layers.dense(3))).seed(4)
        val otherFile = d.resolve("other.h5").also { other.saveWeights(it) }
        shouldThrow<ShapeMismatchException> { m.loadWeights(otherFile) }.message.let {
            it shouldContain "containing 2 layers into a model with 3 layers"
            it shouldContain "dense_1"
        }
        val wide = Sequential(listOf(Layers.dense(32).inputDim(8), Layers.batchNormalization(), Layers.dense(3))).seed(4)
        val wideFile = d.resolve("wide.h5").also { wide.saveWeights(it) }
        shouldThrow<ShapeMismatchException> { m.loadWeights(wideFile) }.message.let {
            it shouldContain "(8, 16)"
            it shouldContain "(8, 32)"
            it shouldContain "dense_1"
        }
        weights(m).map { it.toList() } shouldBe before.map { it.toList() }
        shouldThrow<FileFormatException> { Models.load(good) }.message.let {
            it shouldContain "weights only"
            it shouldContain "loadWeights"
        }
        shouldThrow<FileFormatException> { Models.load(text) }
        m.close()
        other.close()
        wide.close()
    }

    test("a config with an unknown layer class names it, lists what is supported and says how to register it") {
        val json = """{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "SeparableConv2D",
            "config": {"name": "sep", "batch_input_shape": [null, 8, 8, 3], "filters": 4, "kernel_size": [3, 3]}}]}}"""
        val e = shouldThrow<InvalidConfigException> { Models.fromJson(json) }
        e.message shouldContain "SeparableConv2D"
        e.message shouldContain "Dense"
        e.message shouldContain "CustomObjects.none().layer(\"SeparableConv2D\""
    }

    test("save refuses unknown extensions and Keras 1 Merge models as .keras, before writing anything") {
        val m = mlp()
        val d = dir()
        shouldThrow<InvalidConfigException> { m.save(d.resolve("model.pkl")) }.message shouldContain ".keras"
        val left = Sequential(listOf(Layers.dense(4).inputDim(3)))
        val right = Sequential(listOf(Layers.dense(4).inputDim(3)))
        val merged = Sequential(listOf(io.strata.models.Merge(listOf(left, right), "concat"), Layers.dense(2)))
        shouldThrow<InvalidConfigException> { merged.save(d.resolve("merged.keras")) }.message shouldContain "Merge"
        Files.list(d).count() shouldBe 0L
        // As .h5 (Keras 1's structure), it saves and loads.
        merged.save(d.resolve("merged.h5"))
        val back = Models.load(d.resolve("merged.h5"))
        back.shouldBeInstanceOf<Sequential>().isMergeModel() shouldBe true
        maxDiff(merged, back) shouldBe 0.0
        m.close()
    }

    test("saving while another thread trains is refused; a save from a callback sees one completed step") {
        val m = mlp()
        m.compile("sgd", "categorical_crossentropy")
        val started = java.util.concurrent.CountDownLatch(1)
        val release = java.util.concurrent.CountDownLatch(1)
        val file = dir().resolve("during.h5")
        val fit = m.fitAsync(x, y, FitOptions.epochs(1).batchSize(86).verbose(0).listener { e ->
            if (e is io.strata.training.TrainingEvent.BatchEnded && e.batch() == 0) {
                m.saveWeights(file) // on the training thread, between steps
                started.countDown()
                release.await()
            }
        })
        started.await()
        shouldThrow<StrataException> { m.save(dir().resolve("other.h5")) }.message shouldContain "while fit"
        release.countDown()
        fit.get()
        Files.exists(file) shouldBe true
        m.close()
    }

    test("no temporary file is left behind and a failed write keeps the old file") {
        val m = mlp()
        val d = dir()
        val file = d.resolve("w.h5")
        m.saveWeights(file)
        val first = Files.readAllBytes(file)
        m.saveWeights(file)
        Files.list(d).map { it.fileName.toString() }.toList() shouldBe listOf("w.h5")
        shouldThrow<NoSuchFileException> { m.saveWeights(d.resolve("no-such-folder/w.h5")) }.message shouldContain "does not exist"
        Files.readAllBytes(file).size shouldBe first.size
        m.close()
    }
})
