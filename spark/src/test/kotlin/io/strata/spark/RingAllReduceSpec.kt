// SPDX-License-Identifier: Apache-2.0
package io.strata.spark

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.StrataException
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.math.abs
import kotlin.random.Random

/** The ring all-reduce between tasks, here threads on 127.0.0.1: sums, identical bits, dead peers. */
class RingAllReduceSpec : FunSpec({

    fun run(n: Int, length: Int): List<FloatArray> {
        val servers = (0 until n).map { RingAllReduce.listen("127.0.0.1") }
        val addresses = servers.map { "127.0.0.1:${it.localPort}" }
        val inputs = (0 until n).map { rank -> Random(rank).let { r -> FloatArray(length) { r.nextFloat() * 2 - 1 } } }
        val pool = Executors.newFixedThreadPool(n)
        try {
            val futures = (0 until n).map { rank ->
                pool.submit(Callable {
                    RingAllReduce.connect(rank, addresses, servers[rank], 10_000).use { ring ->
                        val v = inputs[rank].copyOf()
                        ring.sum(v)
                        val again = inputs[rank].copyOf()
                        ring.sum(again) // a second call on the same ring gives the same sum
                        again.contentEquals(v) shouldBe true
                        v
                    }
                })
            }
            val out = futures.map { it.get(30, TimeUnit.SECONDS) }
            for (i in 0 until length) {
                val exact = (0 until n).sumOf { inputs[it][i].toDouble() }
                abs(out[0][i] - exact) shouldBeLessThan 1e-5
            }
            return out
        } finally {
            pool.shutdownNow()
            servers.forEach { it.close() }
        }
    }

    for (n in listOf(1, 2, 3, 4)) {
        for (length in listOf(2, 10_001, 670_000)) {
            test("$n tasks sum $length floats, every task getting the same bits") {
                val out = run(n, length)
                for (rank in 1 until n) out[rank].contentEquals(out[0]) shouldBe true
            }
        }
    }

    test("a task whose left neighbour never connects fails within the timeout, naming it") {
        val servers = (0 until 2).map { RingAllReduce.listen("127.0.0.1") }
        val addresses = servers.map { "127.0.0.1:${it.localPort}" }
        // Task 1 never joins: task 0 connects to its server (the kernel accepts) but nobody connects back.
        val e = shouldThrow<StrataException> { RingAllReduce.connect(0, addresses, servers[0], 300) }
        e.message!! shouldContain "task 0 of 2 waited 300 ms for its left neighbour (task 1) to connect"
        servers.forEach { it.close() }
    }

    test("a peer that stops sending mid-call fails the other within the timeout") {
        val servers = (0 until 2).map { RingAllReduce.listen("127.0.0.1") }
        val addresses = servers.map { "127.0.0.1:${it.localPort}" }
        val pool = Executors.newFixedThreadPool(2)
        try {
            val silent = pool.submit(Callable { RingAllReduce.connect(1, addresses, servers[1], 5_000).also { Thread.sleep(2_000) } })
            val e = shouldThrow<StrataException> {
                RingAllReduce.connect(0, addresses, servers[0], 500).use { it.sum(FloatArray(1000)) }
            }
            e.message!! shouldContain "heard nothing from its left neighbour within 500 ms"
            silent.get(10, TimeUnit.SECONDS).close()
        } finally {
            pool.shutdownNow()
            servers.forEach { it.close() }
        }
    }
})
