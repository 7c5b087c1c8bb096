// SPDX-License-Identifier: Apache-2.0
package io.strata.training

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.StrataException
import io.strata.constraints.Constraints
import io.strata.data.Utils
import io.strata.layers.Layers
import io.strata.models.Model
import io.strata.models.Replica
import io.strata.models.Sequential
import io.strata.optimizers.Adam
import io.strata.regularizers.Regularizers
import org.tensorflow.ndarray.buffer.DataBuffers
import kotlin.random.Random

/**
 * Data-parallel halves of a step: replicas that compute gradients on their shares of each global batch
 * and apply the size-weighted sum stay identical and end where single-process `fit` on the same
 * batches ends.
 */
class ReplicaSpec : FunSpec({
    val r = Random(12)
    val n = 500 // batches of 64: seven full, one of 52
    val x = Array(n) { FloatArray(10) { r.nextFloat() * 2 - 1 } }
    val y = Utils.toCategorical(IntArray(n) { i -> ((x[i][0] + x[i][3] + 2) * 0.99f).toInt().coerceIn(0, 3) }, 4)

    fun mlp(): Model = Sequential(listOf(
        Layers.dense(16).activation("tanh").inputDim(10).kernelRegularizer(Regularizers.l2(1e-3))
            .kernelConstraint(Constraints.maxNorm(1.5, 0)),
        Layers.dense(4).activation("softmax"),
    )).seed(5).also { it.compile(Adam().lr(0.01).clipnorm(1.0), "categorical_crossentropy", listOf("accuracy")) }

    fun flat(m: Model) = m.getWeights().map { a -> FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) } }

    test("two replicas on unequal shares of every batch stay identical and end where fit ends, losses included") {
        val single = mlp()
        val losses = mutableListOf<Double>()
        single.fit(x, y, FitOptions.epochs(3).batchSize(64).shuffle(false).verbose(0).callbacks(
            io.strata.callbacks.LambdaCallback().onBatchEnd { _, logs -> losses += logs.getValue("loss") }))
        val a = mlp()
        val b = mlp()
        val combined = mutableListOf<Double>()
        Replica.of(a, x, y).use { ra ->
            Replica.of(b, x, y).use { rb ->
                for (epoch in 0 until 3) {
                    for (from in 0 until n step 64) {
                        val to = minOf(n, from + 64)
                        val cut = from + (to - from) * 3 / 8 // replica a: 3/8 of the batch, b: the rest
                        val ga = ra.gradients((from until cut).toList().toIntArray())
                        val gb = rb.gradients((cut until to).toList().toIntArray())
                        val wa = (cut - from).toFloat() / (to - from)
                        val wb = 1 - wa
                        val sum = ga.values().indices.map { k ->
                            FloatArray(ga.values()[k].size) { i -> wa * ga.values()[k][i] + wb * gb.values()[k][i] }
                        }
                        ra.apply(ga.weights(), sum)
                        rb.apply(gb.weights(), sum)
                        combined += (wa * ga.logs()[0] + wb * gb.logs()[0]).toDouble()
                    }
                }
            }
        }
        val wa = flat(a)
        val wb = flat(b)
        val ws = flat(single)
        for (k in ws.indices) {
            wa[k] shouldBe wb[k] // the same inputs give the same bits
            for (i in ws[k].indices) wa[k][i] shouldBe (ws[k][i] plusOrMinus 1e-5f)
        }
        a.iterations() shouldBe single.iterations()
        // The data term is size-weighted; the l2 term is in every replica's loss once, and the weights sum to 1.
        for (s in losses.indices) combined[s].toFloat() shouldBe (losses[s].toFloat() plusOrMinus 1e-5f)
        // The model is usable again once its replica is closed: fit continues from the replicas' weights.
        a.fit(x, y, FitOptions.epochs(1).verbose(0)).metric("loss").size shouldBe 1
        single.close(); a.close(); b.close()
    }

    test("a replica holds the model's training lock; gradients that do not match the weights are refused") {
        val m = mlp()
        Replica.of(m, x, y).use { rep ->
            shouldThrow<StrataException> { m.fit(x, y, FitOptions.epochs(1).verbose(0)) }.message!! shouldContain "replica"
            val g = rep.gradients(intArrayOf(0, 1, 2))
            g.weights().size shouldBe 4
            shouldThrow<StrataException> { rep.apply(g.weights(), g.values().drop(1)) }.message!! shouldContain
                "applyGradients: expected gradients for weights [0, 1, 2, 3]"
        }
        m.close()
    }
})
