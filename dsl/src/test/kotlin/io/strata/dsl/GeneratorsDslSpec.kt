// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.strata.data.Batch
import io.strata.data.Sequence
import kotlinx.coroutines.flow.flow
import java.util.concurrent.atomic.AtomicInteger

class GeneratorsDslSpec : FunSpec({
    val x = Array(96) { i -> FloatArray(4) { ((i * 7 + it) % 11) / 11f } }
    val y = IntArray(96) { if (x[it][0] > 0.5f) 1 else 0 }
    fun batch(i: Int): Batch {
        val from = (i % 6) * 16
        return Batch.of(x.sliceArray(from until from + 16), y.sliceArray(from until from + 16))
    }

    fun model() = sequential(seed = 2) { dense(2, activation = softmax, inputDim = 4) }.also {
        it.compile { optimizer = adam(); loss = sparseCategoricalCrossentropy; metrics(accuracy) }
    }

    test("fit takes a Sequence, an endless Kotlin sequence, or a Flow of batches, with the same results") {
        val seq = object : Sequence {
            override fun size() = 6
            override fun get(index: Int) = batch(index)
        }
        val a = model()
        val ha = a.fit(seq, epochs = 2, verbose = 0, shuffle = false)
        val b = model()
        val hb = b.fit(generateSequence(0) { it + 1 }.map(::batch), stepsPerEpoch = 6, epochs = 2, verbose = 0)
        val c = model()
        val emitted = AtomicInteger()
        val endless = flow { var i = 0; while (true) { emit(batch(i++)); emitted.incrementAndGet() } }
        val hc = c.fit(endless, stepsPerEpoch = 6, epochs = 2, verbose = 0, maxQueueSize = 2)
        ha.history["loss"] shouldBe hb.history["loss"]
        hb.history["loss"] shouldBe hc.history["loss"]
        a.predict(x, batchSize = 32).toLists() shouldBe c.predict(x, batchSize = 32).toLists()
        // The flow was read only a little ahead of the 12 steps (the channel's 2, the queue's 2, one in
        // hand) and stopped when fit returned: an endless flow does not run on.
        val read = emitted.get()
        read shouldBeInRange 12..18
        Thread.sleep(200)
        emitted.get() shouldBe read
        a.predict(seq).toFloatArrays().size shouldBe 96
        a.evaluate(seq)[0] shouldBe a.evaluate(x, y, batchSize = 16)[0]
        a.predict(x, batchSize = 32).argmax().size shouldBe 96
        listOf(a, b, c).forEach { it.close() }
    }
})
