// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.strata.models.Sequential
import io.strata.training.TrainingEvent
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.withTimeout
import kotlin.random.Random

class CoroutinesSpec : FunSpec({
    val r = Random(1)
    val x = Array(256) { FloatArray(10) { r.nextFloat() } }
    val y = Array(256) { i -> FloatArray(3).also { it[if (x[i][0] > 0.5f) 1 else if (x[i][1] > 0.5f) 2 else 0] = 1f } }

    fun model(seed: Long): Sequential = sequential(seed = seed) {
        dense(16, activation = relu, inputDim = 10)
        dropout(0.2)
        dense(3, activation = softmax)
    }.compile {
        optimizer = adam()
        loss = categoricalCrossentropy
        metrics(accuracy)
    }

    test("suspending fit, evaluate and predict run off the caller's dispatcher") {
        val m = model(1)
        var thread = ""
        val h = m.fit(x, y, epochs = 3, batchSize = 32, verbose = 0,
            callbacks = listOf(io.strata.training.TrainingListener { thread = Thread.currentThread().name }))
        h.epochs() shouldBe 3
        thread.contains("DefaultDispatcher-worker") shouldBe true
        m.evaluate(x, y).size shouldBe 2
        m.predict(x).shape().asArray().toList() shouldBe listOf(256L, 3L)
        m.close()
    }

    test("two models trained concurrently match the same models trained one after the other") {
        val sequentialRuns = listOf(model(11).fit(x, y, epochs = 3, verbose = 0), model(12).fit(x, y, epochs = 3, verbose = 0))
        val concurrentRuns = coroutineScope {
            val a = async { model(11).fit(x, y, epochs = 3, verbose = 0) }
            val b = async { model(12).fit(x, y, epochs = 3, verbose = 0) }
            listOf(a.await(), b.await())
        }
        concurrentRuns.map { it.metric("loss").toList() } shouldBe sequentialRuns.map { it.metric("loss").toList() }
    }

    test("cancelling the coroutine stops training at a batch boundary and a later fit continues") {
        val m = model(3)
        val batches = Channel<Unit>(Channel.UNLIMITED)
        coroutineScope {
            val job = launch {
                m.fit(x, y, epochs = 100_000, batchSize = 8, verbose = 0,
                    callbacks = listOf(io.strata.training.TrainingListener { e -> if (e is TrainingEvent.BatchEnded) batches.trySend(Unit) }))
            }
            repeat(5) { batches.receive() }
            job.cancelAndJoin()
            job.isCancelled shouldBe true
        }
        val steps = m.iterations()
        steps shouldBeGreaterThan 4L
        m.fit(x, y, epochs = 1, batchSize = 32, verbose = 0)
        m.iterations() shouldBe steps + 8
        m.close()
    }

    test("a cancelled fit has released the model when cancelAndJoin returns, 20 times in a row") {
        val m = model(7)
        repeat(20) { round ->
            val started = Channel<Unit>(Channel.UNLIMITED)
            coroutineScope {
                val job = launch {
                    m.fit(x, y, epochs = 100_000, batchSize = 8, verbose = 0,
                        callbacks = listOf(io.strata.training.TrainingListener { e -> if (e is TrainingEvent.BatchEnded) started.trySend(Unit) }))
                }
                repeat(1 + round % 3) { started.receive() }
                job.cancelAndJoin()
            }
            // No awaitIdle: the next call is accepted at once, and it is not cancelled by a stale interrupt.
            val before = m.iterations()
            m.fit(x, y, epochs = 1, batchSize = 128, verbose = 0).epochs() shouldBe 1
            m.iterations() shouldBe before + 2
        }
        m.close()
    }

    test("fitFlow emits the training events in order and completes") {
        val m = model(4)
        val events = m.fitFlow(x, y, epochs = 2, batchSize = 128).toList()
        events.first().shouldBeInstanceOf<TrainingEvent.TrainingStarted>()
        events.last().shouldBeInstanceOf<TrainingEvent.TrainingEnded>()
        events.map { it::class.simpleName }.distinct() shouldContainExactly
            listOf("TrainingStarted", "EpochStarted", "BatchStarted", "BatchEnded", "EpochEnded", "TrainingEnded")
        events.filterIsInstance<TrainingEvent.EpochEnded>().map { it.epoch() } shouldBe listOf(0, 1)
        m.close()
    }

    test("cancelling the collector stops training") {
        val m = model(5)
        val firstBatches = withTimeout(30_000) {
            m.fitFlow(x, y, epochs = 100_000, batchSize = 8).filterIsInstance<TrainingEvent.BatchEnded>().take(3).toList()
        }
        firstBatches.size shouldBe 3
        // The model is free again: a new fit is accepted (training from two threads would be refused).
        val steps = m.iterations()
        steps shouldBeLessThan 100L
        m.fit(x, y, epochs = 1, verbose = 0).epochs() shouldBe 1
        m.close()
    }

    test("a failing fit fails the flow with its exception") {
        val m = model(6)
        shouldThrow<io.strata.DataException> { m.fitFlow(Array(4) { FloatArray(9) }, y).toList() }
        m.close()
    }
})
