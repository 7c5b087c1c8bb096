// SPDX-License-Identifier: Apache-2.0
package io.strata.samples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.strata.examples.DigitsMlp
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.training.FitOptions
import java.nio.file.Files
import java.nio.file.Path

class ResourcesSpec : FunSpec({

    fun rssMb(): Long = Files.readAllLines(Path.of("/proc/self/status"))
        .first { it.startsWith("VmRSS:") }.split(Regex("\\s+"))[1].toLong() / 1024

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
        repeat(30) { cycle() }
        System.gc()
        val before = rssMb()
        repeat(200) { cycle() }
        System.gc()
        val after = rssMb()
        (after - before) shouldBeLessThan 150L
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
        repeat(15) { cycle() }
        System.gc()
        val before = rssMb()
        repeat(60) { cycle() }
        System.gc()
        val after = rssMb()
        (after - before) shouldBeLessThan 100L
    }

    test("the README's main job reaches 0.95 test accuracy on the UCI digits") {
        DigitsMlp.run(60, 0, 42) shouldBeGreaterThanOrEqual 0.95
    }
})
