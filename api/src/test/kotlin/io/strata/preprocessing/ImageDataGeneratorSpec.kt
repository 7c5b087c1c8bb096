// SPDX-License-Identifier: Apache-2.0
package io.strata.preprocessing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.InvalidConfigException
import java.util.Random

class ImageDataGeneratorSpec : FunSpec({
    // A 3 x 3 one-channel image with values 0..8, row-major.
    fun img(): Array<Array<FloatArray>> = Array(3) { r -> Array(3) { c -> floatArrayOf((r * 3 + c).toFloat()) } }
    fun flat(a: Array<Array<FloatArray>>) = a.flatMap { row -> row.map { it[0] } }

    test("flips mirror columns or rows; no parameters leave the image as it is") {
        val g = ImageDataGenerator()
        flat(g.transform(img(), 0.0, 0.0, 0.0, false, false)) shouldBe (0..8).map { it.toFloat() }
        flat(g.transform(img(), 0.0, 0.0, 0.0, true, false)) shouldBe listOf(2f, 1f, 0f, 5f, 4f, 3f, 8f, 7f, 6f)
        flat(g.transform(img(), 0.0, 0.0, 0.0, false, true)) shouldBe listOf(6f, 7f, 8f, 3f, 4f, 5f, 0f, 1f, 2f)
    }

    test("a shift of one row reads the next row (Keras's tx), filled by each fill mode at the edge") {
        flat(ImageDataGenerator().transform(img(), 0.0, 1.0, 0.0, false, false)) shouldBe listOf(3f, 4f, 5f, 6f, 7f, 8f, 6f, 7f, 8f)
        flat(ImageDataGenerator().fillMode("constant").cval(-1f).transform(img(), 0.0, 1.0, 0.0, false, false)) shouldBe
            listOf(3f, 4f, 5f, 6f, 7f, 8f, -1f, -1f, -1f)
        // scipy's "wrap" (Keras's): period n - 1, the last and first pixels overlap (KerasAugmentationSpec checks it).
        flat(ImageDataGenerator().fillMode("wrap").transform(img(), 0.0, 1.0, 0.0, false, false)).take(3) shouldBe listOf(3f, 4f, 3f)
        flat(ImageDataGenerator().fillMode("reflect").transform(img(), 0.0, 0.0, 1.0, false, false)) shouldBe
            listOf(1f, 2f, 2f, 4f, 5f, 5f, 7f, 8f, 8f)
        // Half a pixel: bilinear, as Keras's order=1.
        flat(ImageDataGenerator().transform(img(), 0.0, 0.0, 0.5, false, false))[0] shouldBe (0.5f plusOrMinus 1e-6f)
    }

    test("feature-wise standardisation uses fit's per-channel mean and std; sample-wise each image's own") {
        val r = Random(3)
        val x = Array(50) { Array(4) { Array(4) { floatArrayOf(r.nextFloat() * 10, 5 + r.nextFloat()) } } }
        val g = ImageDataGenerator().featurewiseCenter(true).featurewiseStdNormalization(true).fit(x)
        val seq = g.flow(x, IntArray(50), 50, false, 1)
        @Suppress("UNCHECKED_CAST")
        val b = seq.get(0).x() as Array<Array<Array<FloatArray>>>
        for (c in 0..1) {
            val v = b.flatMap { im -> im.flatMap { row -> row.map { it[c].toDouble() } } }
            v.average() shouldBe (0.0 plusOrMinus 1e-4)
            Math.sqrt(v.map { it * it }.average()) shouldBe (1.0 plusOrMinus 1e-3)
        }
        val s = ImageDataGenerator().samplewiseCenter(true).standardize(Array(2) { Array(2) { floatArrayOf(1f, 3f) } })
        s.flatMap { row -> row.flatMap { it.toList() } }.sum() shouldBe (0f plusOrMinus 1e-6f)
        shouldThrow<InvalidConfigException> { ImageDataGenerator().featurewiseCenter(true).flow(x, IntArray(50), 8, true, 1) }
            .message shouldContain "fit(x) first"
    }

    test("flow is a Sequence: batches of the right size, a new order each epoch, the same batches for the same seed") {
        val x = Array(10) { i -> Array(3) { Array(3) { floatArrayOf(i.toFloat()) } } }
        val g = ImageDataGenerator().horizontalFlip(true).widthShiftRange(0.2).rotationRange(10.0)
        val a = g.flow(x, IntArray(10) { it }, 4, true, 7)
        val b = g.flow(x, IntArray(10) { it }, 4, true, 7)
        a.size() shouldBe 3
        (a.get(2).y() as IntArray).size shouldBe 2
        (a.get(0).y() as IntArray).toList() shouldBe (b.get(0).y() as IntArray).toList()
        @Suppress("UNCHECKED_CAST")
        flat((a.get(1).x() as Array<Array<Array<FloatArray>>>)[0]) shouldBe flat((b.get(1).x() as Array<Array<Array<FloatArray>>>)[0])
        val first = (0 until 3).flatMap { (a.get(it).y() as IntArray).toList() }
        a.onEpochEnd()
        val second = (0 until 3).flatMap { (a.get(it).y() as IntArray).toList() }
        first.sorted() shouldBe (0..9).toList()
        second.sorted() shouldBe (0..9).toList()
        (first == second) shouldBe false
    }
})
