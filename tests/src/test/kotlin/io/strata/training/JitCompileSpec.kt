// SPDX-License-Identifier: Apache-2.0
package io.strata.training

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.floats.plusOrMinus as floatPlusOrMinus
import io.kotest.matchers.shouldBe
import io.strata.constraints.Constraints
import io.strata.data.Utils
import io.strata.layers.Layer
import io.strata.layers.Layers
import io.strata.models.Model
import io.strata.models.Sequential
import io.strata.optimizers.Adam
import io.strata.optimizers.SGD
import org.tensorflow.ndarray.buffer.DataBuffers
import kotlin.random.Random

/**
 * Keras's `jit_compile=True`: every group of steps (and of predict batches) runs as one XLA-compiled
 * function, and gives what the uncompiled steps give to float32 rounding, dropout masks included, for
 * any `steps_per_execution` (groups of 8 and a remainder), evaluate, predict and a recurrent layer's
 * while loop.
 */
class JitCompileSpec : FunSpec({

    val r = Random(9)
    // 400 samples in batches of 32: 13 steps an epoch (12 of 32 and one of 16).
    val x = Array(400) { FloatArray(12) { r.nextFloat() * 2 - 1 } }
    val labels = IntArray(400) { i -> ((x[i][0] + x[i][1] + 2) * 1.24f).toInt().coerceIn(0, 4) }
    val y = Utils.toCategorical(labels, 5)

    fun mlp(jit: Boolean, steps: Int, dropout: Boolean = true): Model {
        val layers = mutableListOf<Layer>(Layers.dense(16).activation("tanh").inputDim(12)
            .kernelConstraint(Constraints.maxNorm(2.0, 0)))
        if (dropout) layers += Layers.dropout(0.3)
        layers += Layers.batchNormalization()
        layers += Layers.dense(5).activation("softmax")
        val m = Sequential(layers).seed(4)
        m.compile(Adam().lr(0.01), "categorical_crossentropy", listOf("accuracy"), null,
            CompileOptions.defaults().stepsPerExecution(steps).jitCompile(jit))
        return m
    }

    fun weights(m: Model) = m.getWeights().map { a ->
        FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }
    }

    fun shouldAgree(a: List<FloatArray>, b: List<FloatArray>, tolerance: Float) {
        a.size shouldBe b.size
        for (i in a.indices) {
            a[i].size shouldBe b[i].size
            for (j in a[i].indices) a[i][j] shouldBe (b[i][j] floatPlusOrMinus tolerance)
        }
    }

    // 1: one step a call; 13: a group of 8 and one of 5; 20: an epoch's 13 steps as 8 + 5.
    for (steps in listOf(1, 13, 20)) {
        test("fit with jitCompile=true equals the uncompiled steps, dropout masks included (stepsPerExecution=$steps)") {
            val plain = mlp(false, steps)
            val xla = mlp(true, steps)
            val options = FitOptions.epochs(3).batchSize(32).verbose(0).validationSplit(0.2)
            val h1 = plain.fit(x, y, options)
            val h2 = xla.fit(x, y, options)
            h1.history().keys shouldBe h2.history().keys
            for (k in h1.history().keys) {
                val a = h1.metric(k)
                val b = h2.metric(k)
                for (e in a.indices) b[e] shouldBe (a[e] plusOrMinus 1e-5)
            }
            shouldAgree(weights(plain), weights(xla), 1e-5f)
            xla.iterations() shouldBe plain.iterations()
            plain.close()
            xla.close()
        }
    }

    test("evaluate and predict compiled with XLA equal the uncompiled ones, in groups with a remainder") {
        val plain = mlp(false, 4)
        val xla = mlp(true, 4)
        plain.fit(x, y, FitOptions.epochs(1).verbose(0))
        xla.setWeights(plain.getWeights())
        val e1 = plain.evaluate(x, y, 37)
        val e2 = xla.evaluate(x, y, 37) // 11 batches: executions of 4, 4 and 3
        for (i in e1.indices) e2[i] shouldBe (e1[i] plusOrMinus 1e-5)
        val p1 = plain.predict(x, 37)
        val p2 = xla.predict(x, 37)
        shouldAgree(listOf(FloatArray(p1.size().toInt()).also { p1.copyTo(DataBuffers.of(it, false, false)) }),
            listOf(FloatArray(p2.size().toInt()).also { p2.copyTo(DataBuffers.of(it, false, false)) }), 1e-5f)
        plain.close()
        xla.close()
    }

    test("a recurrent layer's while loop compiles with the rest of the step and trains as uncompiled") {
        val seqs = Array(64) { Array(6) { FloatArray(3) { r.nextFloat() } } }
        val targets = Array(64) { i -> floatArrayOf(seqs[i].sumOf { it[0].toDouble() }.toFloat() / 6) }
        // The backend reads this when it traces a step (at the first fit): a StatelessWhile, not 6 unrolled steps.
        val saved = System.getProperty("strata.rnn.unroll")
        System.setProperty("strata.rnn.unroll", "never")
        try {
            fun lstm(jit: Boolean): Model {
                val m = Sequential(listOf(Layers.lstm(8).inputShape(6, 3), Layers.dense(1))).seed(2)
                m.compile(SGD().lr(0.05), "mse", listOf<String>(), null, CompileOptions.defaults().stepsPerExecution(3).jitCompile(jit))
                return m
            }
            val plain = lstm(false)
            val xla = lstm(true)
            val options = FitOptions.epochs(4).batchSize(16).verbose(0)
            val a = plain.fit(seqs, targets, options).metric("loss")
            val b = xla.fit(seqs, targets, options).metric("loss")
            for (e in a.indices) b[e] shouldBe (a[e] plusOrMinus 1e-5)
            b.last() shouldBe (b.last().coerceAtMost(b.first()))
            shouldAgree(weights(plain), weights(xla), 1e-5f)
            plain.close()
            xla.close()
        } finally {
            if (saved == null) System.clearProperty("strata.rnn.unroll") else System.setProperty("strata.rnn.unroll", saved)
        }
    }
})
