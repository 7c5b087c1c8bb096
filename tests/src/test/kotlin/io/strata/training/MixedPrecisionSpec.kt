// SPDX-License-Identifier: Apache-2.0
package io.strata.training

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import io.strata.layers.Layers
import io.strata.mixedprecision.MixedPrecision
import io.strata.models.Model
import io.strata.models.Models
import io.strata.models.Sequential
import org.tensorflow.ndarray.buffer.DataBuffers
import java.nio.file.Files
import kotlin.math.abs
import kotlin.random.Random

/** Keras's `mixed_bfloat16` policy: products in bfloat16, variables, other ops and the loss in float32. */
class MixedPrecisionSpec : FunSpec({

    val r = Random(8)
    val x = Array(512) { FloatArray(16) { r.nextFloat() * 2 - 1 } }
    val labels = IntArray(512) { i -> if (x[i].take(8).sum() > 0) 1 else 0 }

    afterEach { MixedPrecision.setGlobalPolicy("float32") }

    fun flat(a: org.tensorflow.ndarray.FloatNdArray) = FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }

    fun mlp(): Model = Sequential(listOf(
        Layers.dense(32).activation("relu").inputDim(16),
        Layers.dense(32).activation("relu"),
        Layers.dense(2).activation("softmax").dtype("float32"),
    )).seed(4).also { it.compile("adam", "sparse_categorical_crossentropy", listOf("accuracy")) }

    test("the global policy reaches layers created after it; a layer's own dtype overrides it") {
        MixedPrecision.setGlobalPolicy("mixed_bfloat16")
        Layers.dense(4).dtypePolicy() shouldBe "mixed_bfloat16"
        Layers.conv2d(4, 3, 3).dtype("float32").dtypePolicy() shouldBe "float32"
        MixedPrecision.setGlobalPolicy("float32")
        Layers.dense(4).dtypePolicy() shouldBe "float32"
    }

    test("a mixed_bfloat16 MLP computes in bfloat16 (outputs differ from float32 by bfloat16's rounding) and learns as well") {
        val f32 = mlp()
        MixedPrecision.setGlobalPolicy("mixed_bfloat16")
        val mixed = mlp()
        mixed.setWeights(f32.getWeights())
        val pf = flat(f32.predict(x, 64))
        val pm = flat(mixed.predict(x, 64))
        val diff = pf.indices.maxOf { abs(pf[it] - pm[it]).toDouble() }
        diff shouldBeGreaterThan 1e-5 // float32 through the same weights would agree to ~1e-7
        diff shouldBeLessThan 0.05 // bfloat16 keeps 8 bits of mantissa
        val hf = f32.fit(x, labels, FitOptions.epochs(15).verbose(0))
        val hm = mixed.fit(x, labels, FitOptions.epochs(15).verbose(0))
        hm.metric("accuracy").last() shouldBeGreaterThan 0.9
        abs(hm.metric("accuracy").last() - hf.metric("accuracy").last()) shouldBeLessThan 0.05
        // Variables stay float32: bfloat16-rounded weights would all have 16 zero low bits.
        val w = flat(mixed.getWeights()[0])
        w.any { java.lang.Float.floatToRawIntBits(it) and 0xFFFF != 0 } shouldBe true
        f32.close(); mixed.close()
    }

    test("convolutions and recurrent layers train under mixed_bfloat16") {
        MixedPrecision.setGlobalPolicy("mixed_bfloat16")
        val images = Array(64) { Array(8) { Array(8) { FloatArray(1) { r.nextFloat() } } } }
        val cnn = Sequential(listOf(Layers.conv2d(4, 3, 3).activation("relu").inputShape(8, 8, 1), Layers.flatten(),
            Layers.dense(2).activation("softmax"))).seed(1)
        cnn.compile("adam", "sparse_categorical_crossentropy")
        val hc = cnn.fit(images, IntArray(64) { it % 2 }, FitOptions.epochs(3).verbose(0))
        hc.metric("loss").last().isFinite() shouldBe true
        val seqs = Array(32) { Array(5) { FloatArray(3) { r.nextFloat() } } }
        val rnn = Sequential(listOf(Layers.lstm(4).inputShape(5, 3), Layers.dense(1))).seed(1)
        rnn.compile("adam", "mse")
        val hr = rnn.fit(seqs, FloatArray(32) { it % 3 / 2f }, FitOptions.epochs(3).verbose(0))
        hr.metric("loss").last() shouldBeLessThan hr.metric("loss").first()
        cnn.close(); rnn.close()
    }

    test("the policy is saved as tf.keras and Keras 3 write it, and read back") {
        MixedPrecision.setGlobalPolicy("mixed_bfloat16")
        val m = mlp()
        MixedPrecision.setGlobalPolicy("float32")
        m.toJson() shouldContain "{\"class_name\": \"Policy\", \"config\": {\"name\": \"mixed_bfloat16\"}}"
        Models.fromJson(m.toJson()).layers()[0].dtypePolicy() shouldBe "mixed_bfloat16"
        val dir = Files.createTempDirectory("mixed")
        m.save(dir.resolve("m.keras"))
        val back = Models.load(dir.resolve("m.keras"))
        back.layers()[0].dtypePolicy() shouldBe "mixed_bfloat16"
        back.layers()[2].dtypePolicy() shouldBe "float32"
        m.close(); back.close()
    }

    test("policies Strata cannot honour are refused with the way out") {
        shouldThrow<InvalidConfigException> { MixedPrecision.setGlobalPolicy("mixed_float16") }
            .message!! shouldContain "LossScaleOptimizer"
        shouldThrow<InvalidConfigException> { Layers.dense(3).dtype("float64") }
            .message!! shouldContain "Dense: dtype: the dtype policy \"float64\""
    }
})
