// SPDX-License-Identifier: Apache-2.0
package io.strata.training

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.floats.plusOrMinus as floatPlusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import io.strata.callbacks.Callback
import io.strata.callbacks.LambdaCallback
import io.strata.constraints.Constraints
import io.strata.data.Utils
import io.strata.dsl.compile
import io.strata.layers.Layer
import io.strata.layers.Layers
import io.strata.models.Model
import io.strata.models.Models
import io.strata.models.Sequential
import io.strata.optimizers.Adam
import io.strata.optimizers.SGD
import org.tensorflow.ndarray.buffer.DataBuffers
import java.nio.file.Files
import java.util.concurrent.CancellationException
import kotlin.random.Random

/**
 * Keras's `steps_per_execution`: N steps in one native call give the results of N single steps
 * (losses, metrics, weights, optimizer state), callbacks run once per execution, and cancellation stops
 * at an execution boundary.
 */
class StepsPerExecutionSpec : FunSpec({

    val r = Random(5)
    // 400 samples in batches of 32: 13 steps an epoch, 12 full and one of 16 (not a multiple of 4 or 5).
    val x = Array(400) { FloatArray(12) { r.nextFloat() * 2 - 1 } }
    val labels = IntArray(400) { i -> ((x[i][0] + x[i][1] + 2) * 1.24f).toInt().coerceIn(0, 4) }
    val y = Utils.toCategorical(labels, 5)

    fun mlp(steps: Int, dropout: Boolean, optimizer: Any = Adam().lr(0.01)): Model {
        val layers = mutableListOf<Layer>(Layers.dense(16).activation("relu").inputDim(12)
            .kernelConstraint(Constraints.maxNorm(2.0, 0)))
        if (dropout) layers += Layers.dropout(0.3)
        layers += Layers.batchNormalization()
        layers += Layers.dense(5).activation("softmax")
        val m = Sequential(layers).seed(21)
        m.compile(optimizer, "categorical_crossentropy", listOf("accuracy"), null,
            CompileOptions.defaults().stepsPerExecution(steps))
        return m
    }

    fun weights(m: Model) = m.getWeights().map { a ->
        FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }
    }

    fun shouldAgree(a: List<FloatArray>, b: List<FloatArray>) {
        a.size shouldBe b.size
        for (i in a.indices) {
            a[i].size shouldBe b[i].size
            for (j in a[i].indices) a[i][j] shouldBe (b[i][j] floatPlusOrMinus 1e-6f)
        }
    }

    for (dropout in listOf(false, true)) {
        for (steps in listOf(4, 5, 32)) {
            test("fit with stepsPerExecution=$steps equals single steps (dropout: $dropout)") {
                val one = mlp(1, dropout)
                val many = mlp(steps, dropout)
                val options = FitOptions.epochs(3).batchSize(32).verbose(0).validationSplit(0.2)
                val h1 = one.fit(x, y, options)
                val hn = many.fit(x, y, options)
                h1.history().keys shouldBe hn.history().keys
                for (k in h1.history().keys) {
                    val a = h1.metric(k)
                    val b = hn.metric(k)
                    for (e in a.indices) b[e] shouldBe (a[e] plusOrMinus 1e-6)
                }
                shouldAgree(weights(one), weights(many))
                many.iterations() shouldBe one.iterations()
                one.close(); many.close()
            }
        }
    }

    test("the same with the data uploaded once and gathered in the graph (the GPU natives' default)") {
        System.setProperty("strata.tf.feed", "never")
        try {
            val one = mlp(1, true)
            val many = mlp(5, true)
            val h1 = one.fit(x, y, FitOptions.epochs(2).verbose(0).validationSplit(0.2))
            val hn = many.fit(x, y, FitOptions.epochs(2).verbose(0).validationSplit(0.2))
            for (k in h1.history().keys) {
                for (e in h1.metric(k).indices) hn.metric(k)[e] shouldBe (h1.metric(k)[e] plusOrMinus 1e-6)
            }
            shouldAgree(weights(one), weights(many))
            one.close(); many.close()
        } finally {
            System.clearProperty("strata.tf.feed")
        }
    }

    test("SGD with decay and momentum agrees across executions, and fit continues from where it stopped") {
        val sgd = { SGD().lr(0.1).momentum(0.9).decay(0.01) }
        val one = mlp(1, true, sgd())
        val many = mlp(6, true, sgd())
        for (m in listOf(one, many)) {
            m.fit(x, y, FitOptions.epochs(2).batchSize(50).verbose(0))
            m.fit(x, y, FitOptions.epochs(1).batchSize(30).verbose(0))
        }
        shouldAgree(weights(one), weights(many))
        one.close(); many.close()
    }

    test("evaluate and predict with stepsPerExecution equal single batches, partial last execution included") {
        val one = mlp(1, true)
        val many = mlp(3, true)
        one.fit(x, y, FitOptions.epochs(1).verbose(0))
        many.setWeights(one.getWeights())
        val e1 = one.evaluate(x, y, 37)
        val en = many.evaluate(x, y, 37) // 11 batches: executions of 3, 3, 3 and 2
        for (i in e1.indices) en[i] shouldBe (e1[i] plusOrMinus 1e-6)
        val p1 = one.predict(x, 37)
        val pn = many.predict(x, 37)
        shouldAgree(listOf(FloatArray(p1.size().toInt()).also { p1.copyTo(DataBuffers.of(it, false, false)) }),
            listOf(FloatArray(pn.size().toInt()).also { pn.copyTo(DataBuffers.of(it, false, false)) }))
        one.close(); many.close()
    }

    test("a stateful LSTM carries its state through the batches of one execution as across executions") {
        fun stateful(steps: Int): Model {
            val m = Sequential(listOf(Layers.lstm(4).stateful(true).batchInputShape(4, 3, 2), Layers.dense(1))).seed(3)
            m.compile("sgd", "mse", listOf<Any>(), null, CompileOptions.defaults().stepsPerExecution(steps))
            return m
        }
        val xs = Array(20) { Array(3) { FloatArray(2) { r.nextFloat() } } }
        val one = stateful(1)
        val many = stateful(3)
        val p1 = one.predict(xs, 4)
        val pn = many.predict(xs, 4)
        shouldAgree(listOf(FloatArray(p1.size().toInt()).also { p1.copyTo(DataBuffers.of(it, false, false)) }),
            listOf(FloatArray(pn.size().toInt()).also { pn.copyTo(DataBuffers.of(it, false, false)) }))
        one.close(); many.close()
    }

    test("batch callbacks run once per execution with its last step's logs, as Keras's do") {
        val reference = mutableMapOf<Int, Double>()
        val one = mlp(1, true)
        one.fit(x, y, FitOptions.epochs(1).batchSize(32).verbose(0).shuffle(false).callbacks(
            LambdaCallback().onBatchEnd { b, logs -> reference[b] = logs.getValue("loss") }))
        val begins = mutableListOf<Pair<Int, Int>>()
        val ends = mutableListOf<Map<String, Double>>()
        val many = mlp(5, true)
        many.fit(x, y, FitOptions.epochs(1).batchSize(32).verbose(0).shuffle(false).callbacks(object : Callback() {
            override fun onBatchBegin(batch: Int, size: Int) {
                begins += batch to size
            }

            override fun onBatchEnd(batch: Int, logs: Map<String, Double>) {
                ends += logs
            }
        }))
        begins shouldContainExactly listOf(0 to 160, 5 to 160, 10 to 80)
        ends.map { it.getValue("batch").toInt() } shouldContainExactly listOf(4, 9, 12)
        ends.map { it.getValue("num_steps").toInt() } shouldContainExactly listOf(5, 5, 3)
        ends.map { it.getValue("size").toInt() } shouldContainExactly listOf(160, 160, 80)
        for (e in ends) e.getValue("loss") shouldBe (reference.getValue(e.getValue("batch").toInt()) plusOrMinus 1e-6)
        one.close(); many.close()
    }

    test("the progress bar counts the steps of each execution and ends with the epoch's exact means") {
        val out = java.io.ByteArrayOutputStream()
        val m = mlp(4, false)
        val h = m.fit(x, y, FitOptions.epochs(1).batchSize(32).verbose(0).callbacks(
            io.strata.callbacks.ProgbarLogger(1, java.io.PrintStream(out, true), false)))
        val text = out.toString()
        text shouldContain "400/400"
        text shouldContain "loss: " + String.format(java.util.Locale.ROOT, "%.4f", h.metric("loss").last())
        m.close()
    }

    test("cancellation stops at the next execution boundary, after whole executions") {
        val m = mlp(5, true)
        val e = shouldThrow<CancellationException> {
            m.fit(x, y, FitOptions.epochs(2).batchSize(32).verbose(0).callbacks(
                LambdaCallback().onBatchBegin { b -> if (b == 5) Thread.currentThread().interrupt() }))
        }
        e.message!! shouldContain "last completed step"
        // The execution that began at step 5 ran its 5 steps; the next one did not start.
        m.iterations() shouldBe 10L
        m.close()
    }

    test("the DSL's compile takes stepsPerExecution and jitCompile; bad values are Strata errors") {
        val m = Sequential(listOf(Layers.dense(5).activation("softmax").inputDim(12))).seed(1)
        m.compile {
            optimizer = sgd(lr = 0.1)
            loss = categoricalCrossentropy
            stepsPerExecution = 8
            jitCompile = false
        }
        m.compileOptions().stepsPerExecutionValue() shouldBe 8
        m.compileOptions().jitCompileValue() shouldBe false
        m.fit(x, y, FitOptions.epochs(1).verbose(0)).metric("loss").size shouldBe 1
        shouldThrow<InvalidConfigException> { CompileOptions.defaults().stepsPerExecution(0) }
            .message!! shouldContain "'steps_per_execution' must be a positive integer, got 0"
        shouldThrow<InvalidConfigException> { m.compile { loss = categoricalCrossentropy; jitCompile = "yes" } }
            .message!! shouldContain "'jit_compile' must be true, false or \"auto\", got \"yes\""
        m.close()
    }

    test("a .keras file keeps steps_per_execution and jit_compile in its compile_config") {
        val m = mlp(7, false)
        m.fit(x, y, FitOptions.epochs(1).verbose(0))
        val file = Files.createTempDirectory("spe").resolve("m.keras")
        m.save(file)
        val back = Models.load(file)
        back.compileOptions().stepsPerExecutionValue() shouldBe 7
        back.compileOptions().jitCompileValue() shouldBe null
        m.close(); back.close()
    }
})
