// SPDX-License-Identifier: Apache-2.0
package io.strata.data

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.DataException
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.training.FitOptions
import io.strata.training.TrainingListener
import io.strata.training.TrainingEvent
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.random.Random

/** A Sequence over arrays held in memory, in batches of [batch] rows, optionally slow. */
class ArraySequence(private val x: Array<FloatArray>, private val y: IntArray, private val batch: Int) : Sequence {
    var epochsEnded = 0
    override fun size() = (x.size + batch - 1) / batch
    override fun get(index: Int): Batch {
        val from = index * batch
        val to = minOf(x.size, from + batch)
        return Batch.of(x.sliceArray(from until to), y.sliceArray(from until to))
    }
    override fun onEpochEnd() { epochsEnded++ }
}

/** Trains on batches made on the fly whose total is far more than the heap; prints heap and RSS per epoch. */
object TrainBeyondHeap {
    @JvmStatic
    fun main(args: Array<String>) {
        val batches = args[0].toInt()
        val seq = object : Sequence {
            override fun size() = batches
            override fun get(index: Int): Batch {
                val r = java.util.Random(index.toLong())
                val x = Array(512) { FloatArray(784) { r.nextFloat() } }
                return Batch.of(x, IntArray(512) { i -> if (x[i][0] > 0.5f) 1 else 0 })
            }
        }
        val m = Sequential(listOf(Layers.dense(64).inputDim(784).activation("relu"), Layers.dense(2).activation("softmax"))).seed(1)
        m.compile("adam", "sparse_categorical_crossentropy", listOf("accuracy"))
        val report = TrainingListener { e ->
            if (e is TrainingEvent.EpochEnded) {
                System.gc()
                val rt = Runtime.getRuntime()
                val rss = java.io.File("/proc/self/status").readLines().first { it.startsWith("VmRSS:") }.split(Regex("\\s+"))[1]
                println("epoch ${e.epoch()} heap ${(rt.totalMemory() - rt.freeMemory()) / 1_000_000} rss ${rss.toLong() / 1000}")
            }
        }
        m.fit(seq, FitOptions.epochs(4).verbose(0).workers(2).callbacks(report))
        m.close()
    }
}

class GeneratorSpec : FunSpec({
    val r = Random(5)
    val x = Array(200) { FloatArray(6) { r.nextFloat() * 2 - 1 } }
    val y = IntArray(200) { if (x[it][0] + x[it][1] > 0) 1 else 0 }

    fun model(seed: Long = 3) = Sequential(listOf(Layers.dense(8).inputDim(6).activation("relu"), Layers.dropout(0.0),
        Layers.dense(2).activation("softmax"))).seed(seed).also {
        it.compile("adam", "sparse_categorical_crossentropy", listOf("accuracy"))
    }

    fun flat(m: Sequential) = m.getWeights().flatMap { JavaArrays.toFlat(it).toList() }

    test("fit(Sequence) in order equals fit on the same arrays without shuffling, step for step") {
        val arrays = model()
        arrays.fit(x, y, FitOptions.epochs(3).batchSize(32).shuffle(false).verbose(0))
        val seq = ArraySequence(x, y, 32)
        val generated = model()
        val h = generated.fit(seq, FitOptions.epochs(3).shuffle(false).verbose(0).workers(3).maxQueueSize(4))
        flat(generated).zip(flat(arrays)).forEach { (a, b) -> a.toDouble() shouldBe (b.toDouble() plusOrMinus 1e-6) }
        h.metric("loss").size shouldBe 3
        seq.epochsEnded shouldBe 3
        listOf(arrays, generated).forEach { it.close() }
    }

    test("a shuffled Sequence repeats exactly under a seed, with one worker or several") {
        val a = model(9).also { it.fit(ArraySequence(x, y, 16), FitOptions.epochs(2).verbose(0).workers(1)) }
        val b = model(9).also { it.fit(ArraySequence(x, y, 16), FitOptions.epochs(2).verbose(0).workers(4)) }
        val c = model(9).also { it.fit(ArraySequence(x, y, 16), FitOptions.epochs(2).verbose(0).shuffle(false)) }
        flat(a) shouldBe flat(b)
        (flat(a) == flat(c)) shouldBe false
        listOf(a, b, c).forEach { it.close() }
    }

    test("fitGenerator draws stepsPerEpoch batches per epoch from an endless iterator; validation from a Sequence") {
        val seq = ArraySequence(x, y, 20)
        val endless = generateSequence(0) { (it + 1) % seq.size() }.map { seq.get(it) }.iterator()
        val m = model()
        val h = m.fitGenerator(endless, 10, FitOptions.epochs(2).verbose(0).validationData(ArraySequence(x, y, 50)))
        h.metricNames() shouldBe listOf("loss", "accuracy", "val_loss", "val_accuracy")
        h.params()["steps"] shouldBe 10
        // Validation from the Sequence equals evaluate on the arrays (both weighted by batch size).
        h.metric("val_loss").last() shouldBe (m.evaluate(x, y, 50)[0] plusOrMinus 1e-5)
        m.evaluate(ArraySequence(x, y, 30))[0] shouldBe (m.evaluate(x, y, 30)[0] plusOrMinus 1e-5)
        JavaArrays.toFlat(m.predictOutputs(ArraySequence(x, y, 64))[0]).toList() shouldBe JavaArrays.toFlat(m.predict(x, 64)).toList()
        m.evaluateGenerator(ArraySequence(x, y, 40).let { s -> (0 until s.size()).map { s.get(it) }.iterator() }, 5)[0] shouldBe
            (m.evaluate(x, y, 40)[0] plusOrMinus 1e-5)
        m.close()
    }

    test("a generator that ends early, fails or yields bad batches gets a Strata error naming the batch") {
        val m = model()
        val short = listOf(Batch.of(x.sliceArray(0 until 10), y.sliceArray(0 until 10))).iterator()
        shouldThrow<DataException> { m.fitGenerator(short, 3, FitOptions.epochs(1).verbose(0)) }.message shouldContain
            "ended after 1 batches, but 3 steps"
        val failing = object : Sequence {
            override fun size() = 4
            override fun get(index: Int): Batch = if (index == 2) error("disk gone") else Batch.of(x.sliceArray(0 until 5), y.sliceArray(0 until 5))
        }
        shouldThrow<DataException> { m.fit(failing, FitOptions.epochs(1).verbose(0).shuffle(false)) }.message shouldContain
            "failed to make batch 2"
        val wrong = object : Sequence {
            override fun size() = 1
            override fun get(index: Int) = Batch.of(Array(4) { FloatArray(5) }, IntArray(4))
        }
        shouldThrow<io.strata.StrataException> { m.fit(wrong, FitOptions.epochs(1).verbose(0)) }.message shouldContain "(None, 6)"
        // The model is usable afterwards: nothing half-done, the lock released.
        m.fit(ArraySequence(x, y, 50), FitOptions.epochs(1).verbose(0)).epochs() shouldBe 1
        m.close()
    }

    test("training on generated batches totalling ten times the heap keeps heap and RSS flat") {
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        // 400 batches of 512 x 784 floats a epoch, 4 epochs: 2.6 GB generated under a 256 MB heap.
        val p = ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), TrainBeyondHeap::class.java.name, "400")
            .redirectErrorStream(true).start()
        val out = p.inputStream.bufferedReader().readText()
        p.waitFor(5, TimeUnit.MINUTES) shouldBe true
        p.exitValue() shouldBe 0
        val rows = Regex("epoch (\\d+) heap (\\d+) rss (\\d+)").findAll(out).map { it.groupValues.drop(2).map(String::toLong) }.toList()
        rows.size shouldBe 4
        // After the first epoch has warmed everything up, neither grows by more than a few batches' worth.
        (rows[3][0] - rows[1][0]).toDouble() shouldBeLessThan 20.0
        (rows[3][1] - rows[1][1]).toDouble() shouldBeLessThan 60.0
    }
})
