// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.strata.models.Models
import java.nio.file.Files

class FilesDslSpec : FunSpec({

    test("loadWeights takes Keras 2's byName and skipMismatch as named arguments") {
        val dir = Files.createTempDirectory("strata-dsl-files")
        val trained = sequential(seed = 1) {
            dense(8, activation = relu, inputDim = 4) { name = "shared" }
            dense(3) { name = "head" }
        }
        trained.saveWeights(dir.resolve("w.h5"))
        // Same first layer, a head of another size: by name with skipMismatch loads "shared" and skips "head".
        val fresh = sequential(seed = 2) {
            dense(8, activation = relu, inputDim = 4) { name = "shared" }
            dense(5) { name = "head" }
        }
        val headBefore = fresh.weights()[2].flat()
        fresh.loadWeights(dir.resolve("w.h5").toString(), byName = true, skipMismatch = true)
        fresh.weights()[0].flat() shouldBe trained.weights()[0].flat()
        fresh.weights()[1].flat() shouldBe trained.weights()[1].flat()
        fresh.weights()[2].flat() shouldBe headBefore
        fresh.weights()[2].flat() shouldNotBe trained.weights()[2].flat()
    }

    test("save takes a path string and includeOptimizer") {
        val dir = Files.createTempDirectory("strata-dsl-files")
        val m = sequential(seed = 3) { dense(2, inputDim = 3) }
        m.compile {
            optimizer = adam()
            loss = meanSquaredError
        }
        m.save(dir.resolve("m.h5").toString(), includeOptimizer = false)
        val back = Models.load(dir.resolve("m.h5"))
        back.isCompiled shouldBe false
        back.weights()[0].flat() shouldBe m.weights()[0].flat()
    }
})

private fun io.strata.models.Model.weights(): List<org.tensorflow.ndarray.FloatNdArray> = getWeights()

private fun org.tensorflow.ndarray.FloatNdArray.flat(): List<Float> {
    val out = ArrayList<Float>()
    scalars().forEach { out.add(it.getFloat()) }
    return out
}
