// SPDX-License-Identifier: Apache-2.0
package io.strata.training

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.StrataException
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.optimizers.Adadelta
import io.strata.optimizers.Adagrad
import io.strata.optimizers.Adam
import io.strata.optimizers.Adamax
import io.strata.optimizers.Nadam
import io.strata.optimizers.Optimizer
import io.strata.optimizers.RMSprop
import io.strata.optimizers.SGD
import org.tensorflow.ndarray.FloatNdArray
import org.tensorflow.ndarray.buffer.DataBuffers
import java.util.concurrent.CancellationException
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.random.Random

/** The model's lifecycle under threads: what is refused, what waits, and that no completed step is lost. */
class LifecycleSpec : FunSpec({
    val r = Random(4)
    val x = Array(256) { FloatArray(8) { r.nextFloat() * 2 - 1 } }
    val y = Array(256) { i -> FloatArray(2).also { it[if (x[i].sum() > 0) 1 else 0] = 1f } }

    fun mlp(seed: Long = 7, optimizer: Optimizer<*> = SGD().lr(0.05).momentum(0.9)) =
        Sequential(listOf(Layers.dense(16).activation("tanh").inputDim(8), Layers.dense(2).activation("softmax")))
            .seed(seed).also { it.compile(optimizer, "categorical_crossentropy", listOf("accuracy")) }

    fun flat(a: FloatNdArray) = FloatArray(a.size().toInt()).also { a.copyTo(DataBuffers.of(it, false, false)) }
    fun weights(m: Sequential) = m.getWeights().map { flat(it).toList() }
    fun sameWeights(a: List<List<Float>>, b: List<List<Float>>) {
        a.size shouldBe b.size
        a.zip(b).forEach { (p, q) -> p.zip(q).forEach { (u, v) -> u shouldBe (v plusOrMinus 1e-6f) } }
    }
    val threeSteps = FitOptions.epochs(1).batchSize(86).verbose(0).shuffle(false)

    val optimizers: List<Pair<String, () -> Optimizer<*>>> = listOf(
        "SGD with momentum" to { SGD().lr(0.05).momentum(0.9).nesterov(true) },
        "RMSprop" to { RMSprop() },
        "Adagrad" to { Adagrad() },
        "Adadelta" to { Adadelta() },
        "Adam" to { Adam() },
        "Adam amsgrad" to { Adam().amsgrad(true) },
        "Adamax" to { Adamax() },
        "Nadam" to { Nadam() },
    )
    withData(nameFn = { "close() keeps the optimizer: 3 steps, close, 3 steps equal 6 steps (${it.first})" }, optimizers) { (_, make) ->
        val opt = make()
        val through = mlp(optimizer = opt)
        through.fit(x, y, threeSteps)
        through.fit(x, y, threeSteps)
        val interrupted = mlp(optimizer = opt)
        interrupted.fit(x, y, threeSteps)
        interrupted.close()
        interrupted.fit(x, y, threeSteps)
        interrupted.iterations() shouldBe 6L
        sameWeights(weights(interrupted), weights(through))
        through.close()
        interrupted.close()
    }

    test("rebuilding the program (seed, add and pop, a recompile with the same optimizer) keeps the optimizer") {
        val through = mlp()
        through.fit(x, y, threeSteps)
        through.fit(x, y, threeSteps)
        val rebuilt = mlp()
        rebuilt.fit(x, y, threeSteps)
        rebuilt.setLearningRate(0.05)
        rebuilt.add(Layers.dense(2))
        rebuilt.pop()
        rebuilt.compile(rebuilt.optimizer(), "categorical_crossentropy", listOf("accuracy"))
        rebuilt.iterations() shouldBe 3L
        rebuilt.fit(x, y, threeSteps)
        rebuilt.iterations() shouldBe 6L
        sameWeights(weights(rebuilt), weights(through))
        // A new optimizer starts fresh, as in Keras.
        rebuilt.compile(SGD().lr(0.05).momentum(0.9), "categorical_crossentropy")
        rebuilt.iterations() shouldBe 0L
        through.close()
        rebuilt.close()
    }

    test("close(), compile(), seed() and add() while fit runs on another thread are refused, and fit loses no step") {
        val m = mlp()
        val started = CountDownLatch(1)
        val release = CountDownLatch(1)
        var steps = 0
        val options = FitOptions.epochs(2).batchSize(32).verbose(0).listener { e ->
            if (e is TrainingEvent.BatchEnded) {
                steps++
                if (steps == 1) {
                    started.countDown()
                    release.await(10, TimeUnit.SECONDS)
                }
            }
        }
        val fit = m.fitAsync(x, y, options)
        started.await(10, TimeUnit.SECONDS) shouldBe true
        for ((what, call) in listOf<Pair<String, () -> Unit>>(
            "close()" to { m.close() },
            "compile()" to { m.compile("adam", "mse") },
            "seed()" to { m.seed(1) },
            "add()" to { m.add(Layers.dense(2)) },
            "evaluate" to { m.evaluate(x, y, 32) },
            "fit" to { m.fit(x, y, FitOptions.defaults().verbose(0)) },
        )) {
            val e = shouldThrow<StrataException> { call() }
            e.message shouldContain "fit (on thread 'strata-fit-"
            e.message shouldContain what.removeSuffix("()")
        }
        release.countDown()
        fit.get(30, TimeUnit.SECONDS)
        m.iterations() shouldBe steps.toLong()
        steps shouldBe 16
        m.close()
    }

    test("a change from a callback on the training thread is refused too") {
        val m = mlp()
        var refusal: Throwable? = null
        m.fit(x, y, FitOptions.epochs(1).batchSize(128).verbose(0).listener { e ->
            if (e is TrainingEvent.BatchEnded && refusal == null) {
                refusal = runCatching { m.close() }.exceptionOrNull()
            }
        })
        (refusal is StrataException) shouldBe true
        refusal!!.message shouldContain "close() was called on model"
        m.iterations() shouldBe 2L
        m.close()
    }

    test("after cancel(true), awaitIdle() frees the model for the next fit, every time") {
        val m = mlp()
        repeat(20) {
            val future = m.fitAsync(x, y, FitOptions.epochs(50).batchSize(8).verbose(0))
            Thread.sleep(5)
            future.cancel(true)
            m.awaitIdle()
            m.fit(x, y, FitOptions.epochs(1).batchSize(128).verbose(0)).epochs() shouldBe 1
        }
        m.awaitIdle(java.time.Duration.ofSeconds(1)) shouldBe true
        m.close()
    }

    test("an interrupted fit, evaluate or predict ends with its own message and leaves no stale interrupt") {
        val m = mlp()
        val big = Array(20000) { FloatArray(8) { r.nextFloat() } }
        val bigY = Array(20000) { FloatArray(2).also { it[0] = 1f } }
        val pool = Executors.newSingleThreadExecutor()
        fun interrupted(call: () -> Unit): Throwable? = pool.submit<Throwable?> {
            val me = Thread.currentThread()
            val interrupter = Thread {
                Thread.sleep(30)
                me.interrupt()
            }.also { it.start() }
            val t = runCatching { call() }.exceptionOrNull()
            interrupter.join()
            // The next call on this thread is not cancelled at once by a stale flag.
            val next = runCatching { m.fit(x, y, FitOptions.epochs(1).batchSize(128).verbose(0)) }.exceptionOrNull()
            next shouldBe null
            t
        }.get(60, TimeUnit.SECONDS)
        (interrupted { m.fit(big, bigY, FitOptions.epochs(5).batchSize(4).verbose(0)) } as CancellationException)
            .message shouldContain "Training was cancelled"
        (interrupted { repeat(50) { m.evaluate(big, bigY, 4) } } as CancellationException).message shouldContain
            "Evaluation was cancelled"
        (interrupted { repeat(50) { m.predict(big, 2) } } as CancellationException).message shouldContain
            "Prediction was cancelled"
        pool.shutdown()
        m.close()
    }

    test("predict while fit runs, and close() while predictions run, never fail a prediction") {
        val m = mlp()
        m.fit(x, y, FitOptions.epochs(1).verbose(0))
        val expectedSize = 256 * 2
        val pool = Executors.newFixedThreadPool(4)
        val deadline = System.nanoTime() + 3_000_000_000L
        val failures = java.util.concurrent.ConcurrentLinkedQueue<Throwable>()
        val predictors = (0 until 3).map {
            pool.submit {
                while (System.nanoTime() < deadline) {
                    try {
                        val p = flat(m.predict(x, 64))
                        if (p.size != expectedSize || p.any { !it.isFinite() }) failures.add(AssertionError("bad prediction"))
                    } catch (t: Throwable) {
                        failures.add(t)
                    }
                }
            }
        }
        val closer = pool.submit {
            var fits = 0
            while (System.nanoTime() < deadline) {
                if (fits++ % 2 == 0) {
                    m.fit(x, y, FitOptions.epochs(1).batchSize(64).verbose(0))
                } else {
                    m.close()
                }
            }
        }
        predictors.forEach { it.get(30, TimeUnit.SECONDS) }
        closer.get(30, TimeUnit.SECONDS)
        pool.shutdown()
        failures.toList() shouldBe emptyList()
        m.close()
    }

    test("setWeights from another thread while fit runs is applied between two steps") {
        val m = Sequential(listOf(Layers.dense(1).useBias(false).inputDim(4))).seed(5)
        m.compile(SGD().lr(0.0), "mse")
        val xs = Array(64) { i -> FloatArray(4) { j -> 1f + ((i + j) % 3) } }
        val ys = Array(64) { FloatArray(1) }
        val second = CountDownLatch(1)
        val applied = CountDownLatch(1)
        val losses = mutableListOf<Double>()
        val fit = m.fitAsync(xs, ys, FitOptions.epochs(1).batchSize(16).verbose(0).shuffle(false).listener { e ->
            if (e is TrainingEvent.BatchEnded) {
                losses.add(e.logs()["loss"]!!)
                if (e.batch() == 1) {
                    second.countDown()
                    applied.await(10, TimeUnit.SECONDS)
                }
            }
        })
        second.await(10, TimeUnit.SECONDS) shouldBe true
        m.setWeights(listOf(Array(4) { FloatArray(1) }))
        applied.countDown()
        fit.get(30, TimeUnit.SECONDS)
        losses.take(2).all { it > 0 } shouldBe true
        losses.drop(2) shouldBe listOf(0.0, 0.0)
        m.close()
    }

    test("stress: fit, predict, evaluate, setWeights, close and compile from six threads lose no step, and every refusal is Strata's") {
        val opt = SGD().lr(0.01).momentum(0.9)
        val m = mlp(optimizer = opt)
        val steps = java.util.concurrent.atomic.AtomicLong()
        val refusals = java.util.concurrent.atomic.AtomicLong()
        val calls = java.util.concurrent.atomic.AtomicLong()
        val foreign = java.util.concurrent.ConcurrentLinkedQueue<Throwable>()
        val deadline = System.nanoTime() + 6_000_000_000L
        val counting = FitOptions.epochs(1).batchSize(32).verbose(0).listener { e ->
            if (e is TrainingEvent.BatchEnded) steps.incrementAndGet()
        }
        fun loop(work: () -> Unit) = Thread {
            while (System.nanoTime() < deadline) {
                try {
                    work()
                    calls.incrementAndGet()
                } catch (e: StrataException) {
                    refusals.incrementAndGet()
                } catch (e: Throwable) {
                    foreign.add(e)
                }
            }
        }
        val threads = listOf(
            loop { m.fit(x, y, counting) },
            loop { m.fit(x, y, counting) },
            loop { check(m.predict(x, 64).size() == 512L) },
            loop { m.evaluate(x, y, 64) },
            loop { m.setWeights(m.getWeights()) },
            loop {
                m.close()
                m.compile(opt, "categorical_crossentropy", listOf("accuracy"))
            },
        )
        threads.forEach { it.start() }
        threads.forEach { it.join(30_000) }
        m.awaitIdle()
        foreign.toList() shouldBe emptyList()
        (steps.get() > 0) shouldBe true
        (refusals.get() > 0) shouldBe true
        (calls.get() > 0) shouldBe true
        // Every completed step is counted by the optimizer, across closes, rebuilds and recompiles.
        m.iterations() shouldBe steps.get()
        m.close()
    }
})
