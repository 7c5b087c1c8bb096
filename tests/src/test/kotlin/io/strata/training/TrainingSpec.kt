// SPDX-License-Identifier: Apache-2.0
package io.strata.training

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.strata.DataException
import io.strata.StrataException
import io.strata.backend.Tensor
import io.strata.callbacks.CSVLogger
import io.strata.callbacks.EarlyStopping
import io.strata.callbacks.LambdaCallback
import io.strata.callbacks.LearningRateScheduler
import io.strata.callbacks.ProgbarLogger
import io.strata.callbacks.ReduceLROnPlateau
import io.strata.callbacks.TerminateOnNaN
import io.strata.constraints.Constraints
import io.strata.data.Utils
import io.strata.layers.Layers
import io.strata.losses.CustomLoss
import io.strata.metrics.CustomMetric
import io.strata.models.Sequential
import io.strata.optimizers.SGD
import org.tensorflow.ndarray.buffer.DataBuffers
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.util.concurrent.CancellationException
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.random.Random

class TrainingSpec : FunSpec({

    // A learnable binary problem: the label is whether the sum of the 20 features is positive.
    val r = Random(11)
    val x = Array(400) { FloatArray(20) { r.nextFloat() * 2 - 1 } }
    val yBin = FloatArray(400) { if (x[it].sum() > 0) 1f else 0f }
    val labels = IntArray(400) { i -> ((x[i][0] + 1) * 2.5f).toInt().coerceIn(0, 4) }
    val yCat = Utils.toCategorical(labels, 5)

    fun binaryModel(seed: Long = 1) = Sequential(listOf(
        Layers.dense(16).activation("relu").inputDim(20), Layers.dropout(0.2), Layers.dense(1).activation("sigmoid"),
    )).seed(seed).also { it.compile("rmsprop", "binary_crossentropy", listOf("accuracy")) }

    fun flat(a: org.tensorflow.ndarray.FloatNdArray) = FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }

    test("fit learns, returns Keras's history map and evaluate agrees with the last epoch") {
        val m = binaryModel()
        val h = m.fit(x, yBin, FitOptions.epochs(40).batchSize(32).verbose(0).validationSplit(0.25))
        h.history().keys.toList() shouldContainExactly listOf("loss", "accuracy", "val_loss", "val_accuracy")
        h.epoch() shouldBe (0 until 40).toList()
        h.metric("val_accuracy").last() shouldBeGreaterThan 0.85
        h.metric("loss").last() shouldBeLessThan h.metric("loss").first()
        val score = m.evaluate(x.copyOfRange(300, 400), yBin.copyOfRange(300, 400), 32)
        score[0] shouldBe (h.metric("val_loss").last() plusOrMinus 1e-4)
        m.metricsNames() shouldBe listOf("loss", "accuracy")
        m.close()
    }

    test("accuracy resolves to categorical and sparse forms, and the two losses agree") {
        val cat = Sequential(listOf(Layers.dense(5).activation("softmax").inputDim(20))).seed(4)
        cat.compile(SGD().lr(0.5), "categorical_crossentropy", listOf("acc"))
        val sparse = Sequential(listOf(Layers.dense(5).activation("softmax").inputDim(20))).seed(4)
        sparse.compile(SGD().lr(0.5), "sparse_categorical_crossentropy", listOf("accuracy"))
        val hc = cat.fit(x, yCat, FitOptions.epochs(5).verbose(0).shuffle(false))
        val hs = sparse.fit(x, labels, FitOptions.epochs(5).verbose(0).shuffle(false))
        hc.metric("loss").last() shouldBe (hs.metric("loss").last() plusOrMinus 1e-4)
        hc.metric("acc").last() shouldBe (hs.metric("accuracy").last() plusOrMinus 1e-6)
        hc.metric("acc").last() shouldBeGreaterThan 0.6
        cat.close(); sparse.close()
    }

    test("a seed makes training reproducible") {
        val a = binaryModel(99).fit(x, yBin, FitOptions.epochs(3).verbose(0))
        val b = binaryModel(99).fit(x, yBin, FitOptions.epochs(3).verbose(0))
        a.metric("loss").toList() shouldBe b.metric("loss").toList()
    }

    test("custom losses, custom metrics and a metric returning several values") {
        val m = Sequential(listOf(Layers.dense(1).activation("sigmoid").inputDim(20))).seed(2)
        val falseRates = CustomMetric.multi("false_rates", listOf("false_neg", "false_pos")) { ops, t, p ->
            val predPos = ops.round(p)
            mapOf<String, Tensor>(
                "false_neg" to ops.mul(t, ops.sub(ops.constant(1f), predPos)),
                "false_pos" to ops.mul(ops.sub(ops.constant(1f), t), predPos),
            )
        }
        val meanPred = CustomMetric.of("mean_pred") { ops, _, p -> ops.mean(p, false) }
        val myMse = CustomLoss("my_mse") { ops, t, p -> ops.mean(ops.square(ops.sub(p, t)), false, -1) }
        m.compile("adam", myMse, listOf("accuracy", meanPred, falseRates))
        val h = m.fit(x, yBin, FitOptions.epochs(2).verbose(0))
        h.history().keys.toList() shouldContainExactly listOf("loss", "accuracy", "mean_pred", "false_neg", "false_pos")
        val s = m.evaluate(x, yBin, 32)
        (s[3] + s[4]) shouldBe ((1 - s[1]) plusOrMinus 1e-4)
        m.close()
    }

    test("callbacks: EarlyStopping, LearningRateScheduler, ReduceLROnPlateau, CSVLogger, LambdaCallback") {
        val m = binaryModel()
        val stop = EarlyStopping().monitor("loss").patience(0).minDelta(10.0)
        // Keras: the first epoch improves on +inf; the second misses by minDelta and patience 0 stops.
        m.fit(x, yBin, FitOptions.epochs(20).verbose(0).callbacks(stop)).epochs() shouldBe 2

        val rates = mutableListOf<Double>()
        val sched = LearningRateScheduler({ epoch, _ -> 0.01 / (epoch + 1) })
        val spy = LambdaCallback().onEpochEnd { _, _ -> rates.add(m.learningRate()) }
        m.fit(x, yBin, FitOptions.epochs(3).verbose(0).callbacks(sched, spy))
        rates.map { it.toFloat() } shouldBe listOf(0.01f, 0.005f, (0.01 / 3).toFloat())

        m.setLearningRate(0.1)
        m.fit(x, yBin, FitOptions.epochs(3).verbose(0).callbacks(ReduceLROnPlateau().monitor("loss").minDelta(100.0).patience(1).factor(0.5)))
        // Epoch 1 improves on +inf; epochs 2 and 3 each miss by minDelta, so the rate halves twice.
        m.learningRate() shouldBe (0.025 plusOrMinus 1e-7)

        val csv = Files.createTempFile("strata", ".csv")
        m.fit(x, yBin, FitOptions.epochs(2).verbose(0).validationSplit(0.2).callbacks(CSVLogger(csv)))
        val lines = Files.readAllLines(csv)
        lines[0] shouldBe "epoch,accuracy,loss,val_accuracy,val_loss"
        lines.size shouldBe 3
        m.close()
    }

    test("TerminateOnNaN stops a diverging run") {
        val m = Sequential(listOf(Layers.dense(1).inputDim(20))).seed(1)
        m.compile(SGD().lr(1e6), "mse")
        val t = TerminateOnNaN()
        val h = m.fit(x, FloatArray(400) { 1e6f }, FitOptions.epochs(50).verbose(0).callbacks(t))
        t.terminated() shouldBe true
        h.epochs() shouldBeLessThan 50
    }

    test("class weights and sample weights change the loss as Keras weighs it") {
        val m = binaryModel()
        val base = m.evaluate(x, yBin, 32)[0]
        val zeroed = FloatArray(400) { if (yBin[it] == 1f) 1f else 0f }
        val h = m.fit(x, yBin, FitOptions.epochs(1).verbose(0).batchSize(400).sampleWeight(zeroed).shuffle(false))
        h.metric("loss")[0] shouldBeGreaterThan 0.0
        shouldThrow<DataException> {
            m.fit(x, yBin, FitOptions.defaults().verbose(0).classWeight(mapOf(0 to 1.0)))
        }.message shouldContain "class_weight"
        m.fit(x, yBin, FitOptions.defaults().verbose(0).classWeight(mapOf(0 to 1.0, 1 to 3.0)))
        base shouldBeGreaterThan 0.0
        m.close()
    }

    test("the progress bar prints Keras's format") {
        val out = ByteArrayOutputStream()
        val m = binaryModel()
        m.fit(x, yBin, FitOptions.epochs(2).verbose(0).callbacks(ProgbarLogger(1, PrintStream(out), false)))
        val lines = out.toString().lines()
        lines[0] shouldBe "Epoch 1/2"
        lines[1] shouldContain "400/400 [==============================] - "
        lines[1] shouldContain "/step - loss: "
        lines[1] shouldContain " - accuracy: "
        m.close()
    }

    test("constraints hold after every update") {
        val m = Sequential(listOf(Layers.dense(4).inputDim(20).kernelConstraint(Constraints.maxNorm(0.5, 0))
            .kernelConstraint(Constraints.maxNorm(0.5, 0)))).seed(1)
        m.compile(SGD().lr(1.0), "mse")
        m.fit(x, Array(400) { FloatArray(4) { 3f } }, FitOptions.epochs(2).verbose(0))
        val k = flat(m.getWeights()[0])
        for (col in 0 until 4) {
            var s = 0.0
            for (row in 0 until 20) s += k[row * 4 + col] * k[row * 4 + col]
            Math.sqrt(s) shouldBeLessThan 0.5 + 1e-4
        }
        m.close()
    }

    test("fitAsync cancel stops at a batch boundary and the model keeps training afterwards") {
        val m = binaryModel()
        val started = java.util.concurrent.CountDownLatch(1)
        val f = m.fitAsync(x, yBin, FitOptions.epochs(100_000).batchSize(8).verbose(0)
            .listener { e -> if (e is TrainingEvent.BatchEnded) started.countDown() })
        started.await(30, TimeUnit.SECONDS) shouldBe true
        f.cancel(true)
        shouldThrow<CancellationException> { f.join() }
        // The worker may finish its current step; wait for it to release the model.
        var steps = -1L
        repeat(200) {
            if (steps < 0) try { steps = m.iterations(); m.fit(x, yBin, FitOptions.epochs(1).verbose(0)) } catch (e: StrataException) { steps = -1; Thread.sleep(20) }
        }
        steps shouldBeGreaterThan 0L
        m.iterations() shouldBe steps + 13
        m.close()
    }

    test("predict from 8 threads at once returns the single-threaded results") {
        val m = binaryModel()
        m.fit(x, yBin, FitOptions.epochs(1).verbose(0))
        // The same batch size on both sides: on an AVX2 CPU, TensorFlow's matmul rounded 5 of 400 rows
        // of batches of 32 differently from batches of 16 (float32 rounding; an AVX-512 CPU gave equal rows).
        val expected = flat(m.predict(x, 16))
        val pool = Executors.newFixedThreadPool(8)
        val results = (0 until 8).map { pool.submit<FloatArray> { flat(m.predict(x, 16)) } }.map { it.get() }
        pool.shutdown()
        results.forEach { it.toList() shouldBe expected.toList() }
        m.predictClasses(x).size shouldBe 400
        m.close()
    }

    test("weights round-trip in Keras's order and shapes, and survive close()") {
        val m = binaryModel()
        val w = m.getWeights()
        w.map { it.shape().asArray().toList() } shouldBe listOf(listOf(20L, 16L), listOf(16L), listOf(16L, 1L), listOf(1L))
        val before = flat(m.predict(x, 32))
        m.close()
        flat(m.predict(x, 32)).toList() shouldBe before.toList()
        shouldThrow<DataException> { m.setWeights(listOf(FloatArray(3))) }.message shouldContain "4 weights"
        m.close()
    }

    test("trainOnBatch and testOnBatch return the loss and metrics") {
        val m = binaryModel()
        m.trainOnBatch(x, yBin).size shouldBe 2
        m.testOnBatch(x, yBin).size shouldBe 2
        m.iterations() shouldBe 1L
        m.close()
    }
    test("setWeights and resetStates from a callback in the middle of fit change the very next step") {
        val x = Array(64) { i -> FloatArray(4) { j -> 1f + ((i + j) % 3) } }
        val y = Array(64) { FloatArray(1) }
        val m = Sequential(listOf(Layers.dense(1).useBias(false).inputDim(4))).seed(5)
        m.compile(SGD().lr(0.0), "mse")
        val losses = mutableListOf<Double>()
        val zero = listOf(Array(4) { FloatArray(1) })
        m.fit(x, y, FitOptions.epochs(1).batchSize(16).verbose(0).shuffle(false).listener { e ->
            if (e is TrainingEvent.BatchEnded) {
                losses.add(e.logs()["loss"]!!)
                if (e.batch() == 1) e.control().model().setWeights(zero)
            }
        })
        losses[0] shouldBeGreaterThan 0.0
        losses[1] shouldBeGreaterThan 0.0
        losses[2] shouldBe 0.0
        losses[3] shouldBe 0.0

        // A stateful layer whose state is reset before every batch sees each batch as the first one.
        val seq = Array(8) { i -> Array(3) { t -> FloatArray(2) { j -> ((i + t + j) % 4) / 4f } } }
        val target = Array(8) { FloatArray(2) }
        fun statefulLosses(reset: Boolean): List<Double> {
            val s = Sequential(listOf(Layers.simpleRnn(2).stateful(true).batchInputShape(4, 3, 2))).seed(1)
            s.compile(SGD().lr(0.0), "mse")
            val out = mutableListOf<Double>()
            s.fit(seq, target, FitOptions.epochs(1).batchSize(4).verbose(0).shuffle(false).listener { e ->
                if (e is TrainingEvent.BatchStarted && reset) e.control().model().resetStates()
                if (e is TrainingEvent.BatchEnded) out.add(e.logs()["loss"]!!)
            })
            s.close()
            return out
        }
        val carried = statefulLosses(reset = false)
        val reset = statefulLosses(reset = true)
        reset[0] shouldBe carried[0]
        reset[1] shouldNotBe carried[1]
        m.close()
    }

})

class FitOptionsSpec : FunSpec({
    val r = Random(21)
    val x = Array(96) { FloatArray(4) { r.nextFloat() } }
    val y = FloatArray(96) { if (x[it][0] > 0.5f) 1f else 0f }

    fun model() = Sequential(listOf(Layers.dense(1).activation("sigmoid").inputDim(4))).seed(3).also {
        it.compile(SGD().lr(0.5), "binary_crossentropy", listOf("accuracy"))
    }

    test("validationData is evaluated every epoch, like evaluate") {
        val m = model()
        val xv = x.copyOfRange(0, 20)
        val yv = y.copyOfRange(0, 20)
        val h = m.fit(x, y, FitOptions.epochs(2).verbose(0).validationData(xv, yv))
        h.metric("val_loss").last() shouldBe (m.evaluate(xv, yv, 32)[0] plusOrMinus 1e-5)
        m.close()
    }

    test("initialEpoch resumes the epoch count") {
        val m = model()
        m.fit(x, y, FitOptions.epochs(5).initialEpoch(3).verbose(0)).epoch() shouldBe listOf(3, 4)
        m.close()
    }

    test("shuffle false and batch-wise shuffle visit every sample once per epoch") {
        for (mode in listOf(Shuffle.FALSE, Shuffle.BATCH, Shuffle.TRUE)) {
            var seen = 0
            val m = model()
            m.fit(x, y, FitOptions.epochs(1).batchSize(10).verbose(0).shuffle(mode)
                .listener { e -> if (e is TrainingEvent.BatchEnded) seen += e.size() })
            seen shouldBe 96
            m.close()
        }
        // Without shuffling, the same seed gives the same losses run after run.
        val a = model().fit(x, y, FitOptions.epochs(2).verbose(0).shuffle(false)).metric("loss").toList()
        val b = model().fit(x, y, FitOptions.epochs(2).verbose(0).shuffle(false)).metric("loss").toList()
        a shouldBe b
    }

    test("verbose 2 prints one line per epoch in Keras's format") {
        val out = ByteArrayOutputStream()
        val m = model()
        m.fit(x, y, FitOptions.epochs(2).verbose(0).callbacks(ProgbarLogger(2, PrintStream(out), false)))
        val lines = out.toString().lines().filter { it.isNotEmpty() }
        lines.size shouldBe 4
        lines[0] shouldBe "Epoch 1/2"
        (lines[1].matches(Regex(" - \\d+s - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4}"))) shouldBe true
        m.close()
    }

    test("non_neg and unit_norm constraints hold after training") {
        val m = Sequential(listOf(
            Layers.dense(3).inputDim(4).kernelConstraint(Constraints.nonNeg()),
            Layers.dense(2).kernelConstraint(Constraints.unitNorm()),
        )).seed(5)
        m.compile(SGD().lr(0.3), "mse")
        m.fit(x, Array(96) { floatArrayOf(-1f, 1f) }, FitOptions.epochs(2).verbose(0))
        val w = m.getWeights().map { a -> FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) } }
        w[0].all { it >= 0f } shouldBe true
        for (col in 0 until 2) {
            var s = 0.0
            for (row in 0 until 3) s += w[2][row * 2 + col] * w[2][row * 2 + col]
            s shouldBe (1.0 plusOrMinus 1e-4)
        }
        m.close()
    }

})
