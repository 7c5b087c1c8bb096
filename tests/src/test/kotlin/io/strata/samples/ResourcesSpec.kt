// SPDX-License-Identifier: Apache-2.0
package io.strata.samples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.strata.examples.DigitsMlp
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.training.FitOptions
import java.nio.file.Files
import java.nio.file.Path

class ResourcesSpec : FunSpec({

    fun rssMb(): Long = Files.readAllLines(Path.of("/proc/self/status"))
        .first { it.startsWith("VmRSS:") }.split(Regex("\\s+"))[1].toLong() / 1024

    /**
     * How much RSS grew over [cycles] runs of [cycle] after [warmup] runs: the lowest reading (taken after
     * a GC every tenth of the run) of the second half minus the lowest of the first half. A leak grows
     * both halves' floors apart; a transient peak (native allocator arenas, a GC not yet done) does not.
     */
    fun rssGrowth(warmup: Int, cycles: Int, cycle: () -> Unit): Long {
        repeat(warmup) { cycle() }
        val readings = mutableListOf<Long>()
        val every = maxOf(1, cycles / 10)
        repeat(cycles) {
            cycle()
            if (it % every == every - 1) {
                System.gc()
                readings.add(rssMb())
            }
        }
        val half = readings.size / 2
        return readings.drop(half).min() - readings.take(half).min()
    }

    test("close() releases native memory: RSS does not grow across 200 create/fit/close cycles") {
        val x = Array(256) { i -> FloatArray(32) { j -> ((i * 31 + j) % 17) / 17f } }
        val y = Array(256) { i -> FloatArray(4).also { it[i % 4] = 1f } }
        fun cycle() {
            val m = Sequential(listOf(Layers.dense(64).activation("relu").inputDim(32), Layers.dense(4).activation("softmax")))
            m.compile("adam", "categorical_crossentropy", listOf("accuracy"))
            m.fit(x, y, FitOptions.epochs(1).batchSize(64).verbose(0))
            m.predict(x, 32)
            m.close()
        }
        rssGrowth(30, 200, ::cycle) shouldBeLessThan 50L
    }

    test("recurrent loops release their functions: RSS does not grow across 60 create/fit/close cycles of an LSTM over 40 steps") {
        val x = Array(32) { i -> Array(40) { t -> FloatArray(4) { j -> ((i * 7 + t * 3 + j) % 11) / 11f } } }
        val y = Array(32) { i -> FloatArray(2).also { it[i % 2] = 1f } }
        fun cycle() {
            val m = Sequential(listOf(Layers.lstm(16).inputShape(40, 4), Layers.dense(2).activation("softmax")))
            m.compile("adam", "categorical_crossentropy")
            m.fit(x, y, FitOptions.epochs(1).batchSize(16).verbose(0))
            m.predict(x, 16)
            m.close()
        }
        rssGrowth(15, 60, ::cycle) shouldBeLessThan 50L
    }

    test("models dropped without close() are released by the Cleaner: RSS does not grow across 150 cycles") {
        val x = Array(256) { i -> FloatArray(32) { j -> ((i * 31 + j) % 17) / 17f } }
        val y = Array(256) { i -> FloatArray(4).also { it[i % 4] = 1f } }
        fun cycle() {
            val m = Sequential(listOf(Layers.dense(64).activation("relu").inputDim(32), Layers.dense(4).activation("softmax")))
            m.compile("adam", "categorical_crossentropy")
            m.fit(x, y, FitOptions.epochs(1).batchSize(64).verbose(0))
        }
        // No close(): only the Cleaner releases these models, after a GC finds them unreachable.
        rssGrowth(30, 150, ::cycle) shouldBeLessThan 50L
    }

    test("a dropped merged model hands what it trained to the branch it shared") {
        val x = Array(64) { i -> FloatArray(6) { j -> ((i * 5 + j) % 7) / 7f } }
        val y = Array(64) { i -> FloatArray(1) { (i % 3) / 3f } }
        fun trainedBranch(dropMerged: Boolean): List<Float> {
            val left = Sequential(listOf(Layers.dense(3).inputDim(6))).seed(1)
            val right = Sequential(listOf(Layers.dense(3).inputDim(6))).seed(2)
            var merged: Sequential? = Sequential(listOf(io.strata.models.Merge(listOf(left, right), "concat"), Layers.dense(1))).seed(3)
            merged!!.compile("sgd", "mse")
            merged.fit(listOf(x, x), y, FitOptions.epochs(3).verbose(0).shuffle(false))
            if (dropMerged) {
                @Suppress("UNUSED_VALUE")
                merged = null
                repeat(5) {
                    System.gc()
                    Thread.sleep(50)
                }
            }
            val w = left.getWeights()[0]
            return FloatArray(w.size().toInt()).also { w.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(it, false, false)) }.toList()
        }
        trainedBranch(dropMerged = true) shouldBe trainedBranch(dropMerged = false)
    }

    test("the README's main job reaches 0.95 test accuracy on the UCI digits") {
        DigitsMlp.run(60, 0, 42) shouldBeGreaterThanOrEqual 0.95
    }
})
