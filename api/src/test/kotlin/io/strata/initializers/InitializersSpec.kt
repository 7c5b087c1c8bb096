// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.floats.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import io.strata.Shape
import java.util.Random
import kotlin.math.abs
import kotlin.math.sqrt

class InitializersSpec : FunSpec({
    val shape = Shape.of(300, 200)

    fun stats(v: FloatArray): Pair<Double, Double> {
        val mean = v.average()
        val sd = sqrt(v.sumOf { (it - mean) * (it - mean) } / v.size)
        return mean to sd
    }

    data class Case(val id: String, val limit: Double?, val stddev: Double?)

    // Keras 2.2: uniform limits sqrt(3 * scale / n); normal stddevs sqrt(scale / n) (after the truncation correction).
    withData(
        nameFn = { it.id },
        Case("glorot_uniform", sqrt(6.0 / 500), null),
        Case("he_uniform", sqrt(6.0 / 300), null),
        Case("lecun_uniform", sqrt(3.0 / 300), null),
        Case("uniform", 0.05, null),
        Case("glorot_normal", null, sqrt(2.0 / 500)),
        Case("he_normal", null, sqrt(2.0 / 300)),
        Case("lecun_normal", null, sqrt(1.0 / 300)),
        Case("normal", null, 0.05),
    ) { case ->
        val v = Initializers.named(case.id).generate(shape, Random(1))
        v.size shouldBe 60000
        val (mean, sd) = stats(v)
        abs(mean) shouldBeLessThan 0.01
        if (case.limit != null) {
            v.maxOf { abs(it) } shouldBeLessThanOrEqual case.limit.toFloat()
            sd shouldBe (case.limit / sqrt(3.0) plusOrMinus case.limit * 0.02)
        } else {
            sd shouldBe (case.stddev!! plusOrMinus case.stddev * 0.03)
        }
    }

    test("truncated normal draws stay within two standard deviations") {
        val v = Initializers.truncatedNormal().generate(shape, Random(2))
        v.maxOf { abs(it) } shouldBeLessThanOrEqual 0.1f
    }

    test("zeros, ones and constant fill") {
        Initializers.zeros().generate(Shape.of(3), Random()).toList() shouldBe listOf(0f, 0f, 0f)
        Initializers.ones().generate(Shape.of(2), Random()).toList() shouldBe listOf(1f, 1f)
        Initializers.constant(0.5).generate(Shape.of(2), Random()).toList() shouldBe listOf(0.5f, 0.5f)
    }

    test("orthogonal gives orthonormal rows or columns") {
        for (s in listOf(Shape.of(4, 9), Shape.of(9, 4))) {
            val v = Initializers.orthogonal().generate(s, Random(3))
            val rows = s.dim(0).toInt()
            val cols = s.dim(1).toInt()
            val byRows = rows <= cols
            val n = if (byRows) rows else cols
            for (a in 0 until n) for (b in 0 until n) {
                var dot = 0.0
                val len = if (byRows) cols else rows
                for (k in 0 until len) {
                    val x = if (byRows) v[a * cols + k] else v[k * cols + a]
                    val y = if (byRows) v[b * cols + k] else v[k * cols + b]
                    dot += x * y
                }
                dot shouldBe ((if (a == b) 1.0 else 0.0) plusOrMinus 1e-5)
            }
        }
    }

    test("identity is for square matrices only") {
        Initializers.identity().generate(Shape.of(2, 2), Random()).toList() shouldBe listOf(1f, 0f, 0f, 1f)
        shouldThrow<InvalidConfigException> { Initializers.identity().generate(Shape.of(2, 3), Random()) }
            .message shouldContain "square"
    }

    test("a seeded random source repeats the same weights") {
        Initializers.glorotUniform().generate(shape, Random(5)).toList() shouldBe
            Initializers.glorotUniform().generate(shape, Random(5)).toList()
    }

    test("unknown identifiers list the known ones") {
        shouldThrow<InvalidConfigException> { Initializers.named("glorot") }.message shouldContain "glorot_uniform"
    }
})
