// SPDX-License-Identifier: Apache-2.0
package io.strata.training

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.strata.DataException
import io.strata.layers.Layers
import io.strata.models.Sequential
import org.tensorflow.ndarray.NdArrays
import org.tensorflow.ndarray.Shape

class DataErrorsSpec : FunSpec({
    val model = Sequential(listOf(Layers.dense(10).activation("softmax").inputDim(784))).seed(1)
    model.compile("rmsprop", "categorical_crossentropy", listOf("accuracy"))
    val good = Array(4) { FloatArray(784) }
    val y = Array(4) { FloatArray(10).also { it[0] = 1f } }

    test("a wrong feature size names the expected and received shapes") {
        val e = shouldThrow<DataException> { model.fit(Array(1000) { FloatArray(783) }, Array(1000) { FloatArray(10) }, FitOptions.defaults()) }
        e.message shouldContain "expected dense_1_input to have shape (None, 784) but got array with shape (1000, 783)"
    }

    test("sample counts of x and y must agree") {
        shouldThrow<DataException> { model.fit(good, Array(3) { FloatArray(10) }, FitOptions.defaults()) }.message shouldContain
            "Found 4 input samples and 3 target samples"
    }

    test("integer labels with categorical_crossentropy suggest toCategorical or the sparse loss") {
        val e = shouldThrow<DataException> { model.fit(good, intArrayOf(1, 2, 3, 4), FitOptions.defaults()) }
        e.message shouldContain "toCategorical"
        e.message shouldContain "sparse_categorical_crossentropy"
    }

    test("empty and ragged arrays are refused") {
        shouldThrow<DataException> { model.fit(Array(0) { FloatArray(784) }, Array(0) { FloatArray(10) }, FitOptions.defaults()) }.message shouldContain "empty"
        shouldThrow<DataException> { model.predict(arrayOf(FloatArray(784), FloatArray(3)), 32) }.message shouldContain "ragged"
    }

    test("NdArrays, double arrays and int labels are accepted") {
        val nd = NdArrays.ofFloats(Shape.of(4, 784))
        model.fit(nd, y, io.strata.training.FitOptions.defaults().verbose(0)).epochs() shouldBe 1
        model.predict(Array(2) { DoubleArray(784) }, 32).shape().asArray().toList() shouldBe listOf(2L, 10L)
    }
})

class DataPathSpec : FunSpec({
    test("feeding batches and gathering them in-graph train identically") {
        val r = kotlin.random.Random(5)
        val x = Array(200) { FloatArray(8) { r.nextFloat() } }
        val y = Array(200) { i -> FloatArray(3).also { it[i % 3] = 1f } }
        val w = FloatArray(200) { if (it % 4 == 0) 0f else 1f }
        fun run(mode: String): List<Double> {
            System.setProperty("strata.tf.feed", mode)
            try {
                val m = Sequential(listOf(Layers.dense(6).activation("relu").inputDim(8), Layers.dropout(0.3), Layers.dense(3).activation("softmax"))).seed(9)
                m.compile("adam", "categorical_crossentropy", listOf("accuracy"))
                val h = m.fit(x, y, io.strata.training.FitOptions.epochs(3).verbose(0).sampleWeight(w).validationSplit(0.2))
                val out = h.metric("loss").toList() + h.metric("val_loss").toList() + m.evaluate(x, y, 32)
                m.close()
                return out
            } finally {
                System.clearProperty("strata.tf.feed")
            }
        }
        val fed = run("always")
        val gathered = run("never")
        fed.zip(gathered).forEach { (a, b) -> a shouldBe (b plusOrMinus 1e-5) }
    }
})
