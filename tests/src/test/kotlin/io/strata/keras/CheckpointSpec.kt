// SPDX-License-Identifier: Apache-2.0
package io.strata.keras

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import io.strata.callbacks.ModelCheckpoint
import io.strata.dsl.*
import io.strata.layers.Layers
import io.strata.models.Models
import io.strata.models.Sequential
import io.strata.training.FitOptions
import org.tensorflow.ndarray.NdArrays
import org.tensorflow.ndarray.buffer.DataBuffers
import java.math.BigDecimal
import java.math.RoundingMode
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.random.Random

/**
 * The child process of the kill test: saves one weights file again and again, each time with every
 * weight set to the save's number, and says "ready" after the first save.
 */
object CheckpointWriter {
    @JvmStatic
    fun main(args: Array<String>) {
        val model = Sequential(listOf(Layers.dense(1024).inputDim(1024), Layers.dense(512)))
        val shapes = model.getWeights().map { it.shape() }
        var k = 0
        while (true) {
            val v = k.toFloat()
            model.setWeights(shapes.map { s -> NdArrays.wrap(s, DataBuffers.of(FloatArray(s.size().toInt()) { v }, true, false)) })
            model.saveWeights(Path.of(args[0]))
            if (k == 0) {
                println("ready")
                System.out.flush()
            }
            k++
        }
    }
}

/** Keras's ModelCheckpoint, in Java and in the DSL, and atomic writes under `kill -9`. */
class CheckpointSpec : FunSpec({
    val r = Random(3)
    val x = Array(200) { FloatArray(6) { r.nextFloat() } }
    val y = Array(200) { FloatArray(3).also { a -> a[r.nextInt(3)] = 1f } }
    fun flat(m: Sequential) = m.getWeights().map { w -> FloatArray(w.size().toInt()).also { w.copyTo(DataBuffers.of(it, false, false)) }.toList() }
    fun model() = Sequential(listOf(Layers.dense(8).activation("relu").inputDim(6), Layers.dense(3).activation("softmax"))).seed(2)
        .also { it.compile("adam", "categorical_crossentropy", listOf("accuracy")) }
    fun python2f(v: Double) = BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString()

    test("the filepath template takes the epoch and the epoch's logs in Python's format; every epoch is saved") {
        val dir = Files.createTempDirectory("ckpt")
        val m = model()
        val h = m.fit(x, y, FitOptions.epochs(3).verbose(0).validationSplit(0.2)
            .callbacks(ModelCheckpoint(dir.resolve("weights.{epoch:02d}-{val_loss:.2f}.h5").toString()).saveWeightsOnly(true)))
        val expected = (0 until 3).map { "weights.%02d-%s.h5".format(it + 1, python2f(h.metric("val_loss")[it])) }
        Files.list(dir).map { it.fileName.toString() }.sorted().toList() shouldContainExactly expected.sorted()
        val check = model()
        check.loadWeights(dir.resolve(expected.last()))
        flat(check) shouldBe flat(m)
        m.close()
    }

    test("saveBestOnly keeps the best epoch by val_acc (which finds val_accuracy) in max mode, as a whole model") {
        val dir = Files.createTempDirectory("ckpt")
        val m = model()
        val best = ModelCheckpoint(dir.resolve("best.h5")).monitor("val_acc").saveBestOnly(true)
        val h = m.fit(x, y, FitOptions.epochs(6).verbose(0).validationSplit(0.25).callbacks(best))
        best.best() shouldBe h.metric("val_accuracy").max()
        val loaded = Models.load(dir.resolve("best.h5"))
        loaded.isCompiled() shouldBe true
        Files.list(dir).count() shouldBe 1L
        m.close()
    }

    test("period saves every n-th epoch; .keras works too; min mode on the training loss") {
        val dir = Files.createTempDirectory("ckpt")
        val m = model()
        m.fit(x, y, FitOptions.epochs(5).verbose(0).callbacks(
            ModelCheckpoint(dir.resolve("p{epoch}.keras").toString()).period(2).monitor("loss").mode("min")))
        Files.list(dir).map { it.fileName.toString() }.sorted().toList() shouldBe listOf("p2.keras", "p4.keras")
        Models.load(dir.resolve("p4.keras")).iterations() shouldBe m.iterations() - 7L // 7 steps per epoch, one epoch after it
        m.close()
    }

    test("the DSL's modelCheckpoint takes Keras's named arguments") {
        val dir = Files.createTempDirectory("ckpt")
        val m = model()
        val cb = modelCheckpoint(dir.resolve("dsl-{epoch:03d}.h5").toString(), monitor = "val_loss", saveBestOnly = true, verbose = 0)
        m.fit(x, y, FitOptions.epochs(2).verbose(0).validationSplit(0.2).callbacks(cb))
        (cb.lastSaved() != null) shouldBe true
        cb.lastSaved()!!.fileName.toString() shouldContain "dsl-00"
        m.close()
    }

    test("a template naming a log the epoch lacks fails with the names it has") {
        val m = model()
        shouldThrow<InvalidConfigException> {
            m.fit(x, y, FitOptions.epochs(1).verbose(0).callbacks(ModelCheckpoint("w-{val_loss:.2f}.h5")))
        }.message.let {
            it shouldContain "{val_loss}"
            it shouldContain "accuracy"
        }
        m.close()
    }

    test("kill -9 in the middle of a save leaves the previous file whole and loadable") {
        val dir = Files.createTempDirectory("kill")
        val file = dir.resolve("w.h5")
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        var interruptedWrites = 0
        repeat(8) { attempt ->
            val p = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CheckpointWriter::class.java.name, file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start()
            val out = p.inputStream.bufferedReader()
            out.readLine() shouldBe "ready"
            Thread.sleep(150L + 97L * attempt)
            p.destroyForcibly() // SIGKILL on Linux: no shutdown hooks, no finally blocks
            p.waitFor(30, TimeUnit.SECONDS) shouldBe true
            val leftovers = Files.list(dir).map { it.fileName.toString() }.filter { it.endsWith(".tmp") }.toList()
            if (leftovers.isNotEmpty()) interruptedWrites++
            leftovers.forEach { Files.delete(dir.resolve(it)) }
            // The file is one whole save: every weight holds that save's number.
            val m = Sequential(listOf(Layers.dense(1024).inputDim(1024), Layers.dense(512)))
            m.loadWeights(file)
            val values = m.getWeights().flatMap { w -> FloatArray(w.size().toInt()).also { w.copyTo(DataBuffers.of(it, false, false)) }.toList() }
            values.toSet().size shouldBe 1
        }
        // Most kills land in the middle of a write (it is most of the writer's time): the temporary
        // file it left shows the write was cut, and the file beside it is still whole.
        println("kill test: $interruptedWrites of 8 kills cut a write in the middle")
        interruptedWrites shouldBeGreaterThan 0
    }
})
