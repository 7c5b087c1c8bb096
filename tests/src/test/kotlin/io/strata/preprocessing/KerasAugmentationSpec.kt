// SPDX-License-Identifier: Apache-2.0
package io.strata.preprocessing

import com.fasterxml.jackson.databind.ObjectMapper
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import java.nio.file.Path
import java.util.Random

/** ImageDataGenerator's transforms against Keras's own composition applied by scipy.ndimage (Debian's). */
class KerasAugmentationSpec : FunSpec({
    val script = Path.of(javaClass.getResource("/h5py/keras_affine.py")!!.toURI()).toString()
    val r = Random(4)
    val image = Array(9) { Array(7) { FloatArray(3) { r.nextFloat() } } }

    fun keras(theta: Double, tx: Double, ty: Double, mode: String): Array<Array<DoubleArray>> {
        val p = ProcessBuilder("/usr/bin/python3", script, theta.toString(), tx.toString(), ty.toString(), mode, "0.25").start()
        p.outputStream.use { it.write(ObjectMapper().writeValueAsBytes(image)) }
        val text = p.inputStream.bufferedReader().readText()
        p.waitFor() shouldBe 0
        return ObjectMapper().readValue(text, Array<Array<DoubleArray>>::class.java)
    }

    for ((theta, tx, ty, mode) in listOf(
        listOf(17.0, 0.0, 0.0, "nearest"), listOf(-40.0, 1.3, -0.6, "nearest"), listOf(0.0, 2.0, 1.0, "constant"),
        listOf(90.0, 0.5, 0.0, "reflect"), listOf(25.0, -1.5, 2.5, "wrap"),
    )) {
        test("rotation $theta, shift ($tx, $ty), fill $mode: the same image as Keras") {
            val expected = keras(theta as Double, tx as Double, ty as Double, mode as String)
            val got = ImageDataGenerator().fillMode(mode).cval(0.25f).transform(image, theta, tx, ty, false, false)
            var worst = 0.0
            for (i in got.indices) for (j in got[0].indices) for (c in 0 until 3) {
                worst = maxOf(worst, Math.abs(got[i][j][c] - expected[i][j][c]))
            }
            worst shouldBeLessThan 1e-5
        }
    }
})
