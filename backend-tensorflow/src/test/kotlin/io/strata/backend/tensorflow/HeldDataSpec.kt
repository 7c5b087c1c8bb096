// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow

import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.training.FitOptions
import io.strata.training.Shuffle
import io.strata.training.TrainingEvent

/**
 * Host sets of wide samples are held whole in fed tensors from their second pass on and gathered in the
 * graph (TfHeld): training on them must give the very numbers of feeding each batch, and they must be
 * freed when fit ends.
 */
class HeldDataSpec : StringSpec({
    fun model(width: Int): Sequential {
        val m = Sequential(listOf(
            Layers.dense(8).activation("relu").inputDim(width),
            Layers.dropout(0.3),
            Layers.dense(3).activation("softmax"))).seed(7)
        m.compile("adam", "categorical_crossentropy", listOf("accuracy"))
        return m
    }

    fun data(n: Int, width: Int, seed: Long): Pair<Array<FloatArray>, Array<FloatArray>> {
        val r = java.util.Random(seed)
        val x = Array(n) { FloatArray(width) { r.nextFloat() } }
        val y = Array(n) { FloatArray(3).also { row -> row[r.nextInt(3)] = 1f } }
        return x to y
    }

    /** Trains a fresh model with hold on or off; returns the history, the final weights and the bytes held during the steps. */
    fun train(width: Int, hold: Boolean, shuffle: Shuffle = Shuffle.TRUE, epochs: Int = 3): Triple<Map<String, List<Double>>, List<List<Float>>, Long> {
        val (x, y) = data(200, width, 1)
        val (xv, yv) = data(50, width, 2)
        val weights = FloatArray(200) { 0.5f + (it % 4) * 0.25f }
        var heldDuringSteps = 0L
        System.setProperty("strata.tf.hold", hold.toString())
        try {
            model(width).use { m ->
                val options = FitOptions.epochs(epochs).batchSize(32).verbose(0).validationData(xv, yv).sampleWeight(weights).shuffle(shuffle)
                    .listener { e -> if (e is TrainingEvent.BatchEnded) heldDuringSteps = maxOf(heldDuringSteps, TfHeld.heldBytes()) }
                val history = m.fit(x, y, options).history()
                val evaluated = m.evaluate(xv, yv, 16)
                val all = history + mapOf("evaluate" to evaluated)
                return Triple(all, m.getWeights().map { w -> FloatArray(w.size().toInt()).also { w.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(it, false, false)) }.toList() }, heldDuringSteps)
            }
        } finally {
            System.clearProperty("strata.tf.hold")
        }
    }

    "a wide set held whole trains to the same losses, metrics and weights as fed batch by batch" {
        val (heldHistory, heldWeights, heldBytes) = train(300, hold = true)
        val (fedHistory, fedWeights, fedBytes) = train(300, hold = false)
        // 200 x (300 inputs + 3 targets + 1 weight) floats held while training, 50 x 303 for validation.
        heldBytes shouldBeGreaterThan 200L * 304 * 4 - 1
        fedBytes shouldBe 0L
        heldHistory shouldBe fedHistory
        heldWeights shouldBe fedWeights
        TfHeld.heldBytes() shouldBe 0L
    }

    "batches of consecutive samples (shuffle off or by batch) are slices of the held set, with the same numbers" {
        // 200 samples in batches of 32: six slices and a last one of 8; validation in slices of 32 and 18.
        for (shuffle in listOf(Shuffle.FALSE, Shuffle.BATCH)) {
            val (heldHistory, heldWeights, heldBytes) = train(300, hold = true, shuffle = shuffle)
            val (fedHistory, fedWeights, _) = train(300, hold = false, shuffle = shuffle)
            heldBytes shouldBeGreaterThan 0L
            heldHistory shouldBe fedHistory
            heldWeights shouldBe fedWeights
        }
    }

    "narrow sets are fed batch by batch, wide ones held within the bound" {
        // The width bound (256 floats a sample) on both sides, with sets far below the size bound (1 MB),
        // and a set over 1 GiB (3.2 GB) that is never held, whatever JavaCPP's bound.
        TfHeld.holds(1_000, 256) shouldBe true
        TfHeld.holds(1_000, 255) shouldBe false
        TfHeld.holds(3_200, 30) shouldBe false
        TfHeld.holds(1_000_000, 794) shouldBe false
        val (_, _, narrowBytes) = train(20, hold = true)
        narrowBytes shouldBe 0L
    }

    "a single pass over a set (a one-epoch fit) feeds it: holding would only add the copy" {
        val (_, _, oneEpochBytes) = train(300, hold = true, epochs = 1)
        oneEpochBytes shouldBe 0L
        val (_, _, twoEpochBytes) = train(300, hold = true, epochs = 2)
        twoEpochBytes shouldBeGreaterThan 0L
    }
})
