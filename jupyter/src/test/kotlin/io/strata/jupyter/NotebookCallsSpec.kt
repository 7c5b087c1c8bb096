// SPDX-License-Identifier: Apache-2.0
package io.strata.jupyter

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.strata.dsl.compile
import io.strata.dsl.dense
import io.strata.dsl.sequential
import io.strata.jupyter.evaluate
import io.strata.jupyter.fit
import io.strata.jupyter.predict
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** What a notebook cell calls: plain (non-suspending) fit, evaluate and predict with the DSL's arguments. */
class NotebookCallsSpec : FunSpec({
    val x = Array(64) { i -> FloatArray(3) { (i % 5) / 5f } }
    val y = Array(64) { i -> floatArrayOf(if (i % 2 == 0) 1f else 0f) }

    fun model() = sequential(seed = 3) { dense(1, activation = sigmoid, inputDim = 3) }.also {
        it.compile { optimizer = sgd(lr = 0.1); loss = binaryCrossentropy; metrics(accuracy) }
    }

    // A plain function, not a coroutine: this is how a notebook cell calls them.
    fun cell(): Triple<Int, List<Double>, Long> {
        val m = model()
        val h = m.fit(x, y, epochs = 3, batchSize = 16, verbose = 0, shuffle = false)
        val score = m.evaluate(x, y, batchSize = 16)
        val p = m.predict(x, batchSize = 16)
        m.close()
        return Triple(h.epoch().size, score, p.shape().size(0))
    }

    test("fit, evaluate and predict run in a plain function with the DSL's named arguments") {
        val (epochs, score, rows) = cell()
        epochs shouldBe 3
        score.size shouldBe 2
        rows shouldBe 64L
    }

    test("interrupting the cell's thread stops training, as the kernel's interrupt does") {
        val m = model()
        val big = Array(200_000) { FloatArray(3) { 0.5f } }
        val bigY = Array(200_000) { floatArrayOf(1f) }
        val started = CompletableFuture<Thread>()
        val done = CompletableFuture<Throwable?>()
        val t = Thread {
            started.complete(Thread.currentThread())
            try {
                m.fit(big, bigY, epochs = 50, batchSize = 8, verbose = 0)
                done.complete(null)
            } catch (e: Throwable) {
                done.complete(e)
            }
        }
        t.start()
        Thread.sleep(500)
        started.get().interrupt()
        val error = done.get(60, TimeUnit.SECONDS)
        // The kernel's interrupt reaches the cell's thread: runBlocking ends with one of these.
        withClue("fit ended with $error") {
            (error is CancellationException || error is InterruptedException) shouldBe true
        }
        m.awaitIdle()
        m.close()
    }
})
