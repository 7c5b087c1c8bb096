// SPDX-License-Identifier: Apache-2.0
package io.strata.training

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.strata.DataException
import io.strata.InvalidConfigException
import io.strata.ShapeMismatchException
import io.strata.StrataException
import io.strata.callbacks.TerminateOnNaN
import io.strata.data.Utils
import io.strata.layers.Layers
import io.strata.losses.CustomLoss
import io.strata.models.Sequential
import io.strata.optimizers.SGD
import kotlin.random.Random

/**
 * Every refusal is Strata's: it names the layer or argument, what was expected, what came and the fix;
 * never a TensorFlow node name or a JDK exception.
 */
class RefusalsSpec : FunSpec({
    val r = Random(8)
    val x = Array(32) { FloatArray(4) { r.nextFloat() } }
    val yCat = Utils.toCategorical(IntArray(32) { it % 3 }, 3)

    fun model(loss: String = "categorical_crossentropy", units: Int = 3, activation: String = "softmax") =
        Sequential(listOf(Layers.dense(8).activation("relu").inputDim(4), Layers.dense(units).activation(activation)))
            .seed(1).also { it.compile(SGD(), loss) }

    fun noTensorFlow(e: Throwable) {
        e.message!! shouldNotContain "{{node"
        (e is StrataException) shouldBe true
    }

    test("a kernel or pooling window larger than its input is refused at add(), naming the layer and the fix") {
        val conv = shouldThrow<ShapeMismatchException> {
            Sequential(listOf(Layers.conv2d(4, 5, 5).inputShape(3, 3, 1)))
        }
        conv.message shouldContain "conv2d_1 (Conv2D)"
        conv.message shouldContain "window of 5 along the rows is larger than the input's 3"
        conv.message shouldContain "padding 'same'"
        shouldThrow<ShapeMismatchException> {
            Sequential(listOf(Layers.conv1d(2, 2).inputShape(6, 2), Layers.maxPooling1d(8)))
        }.message shouldContain "max_pooling1d_1 (MaxPooling1D): its window of 8 along the steps is larger than the input's 5"
        shouldThrow<ShapeMismatchException> {
            Sequential(listOf(Layers.inputLayer().inputShape(4, 4, 1), Layers.averagePooling2d(2).strides(1), Layers.maxPooling2d(4)))
        }.message shouldContain "max_pooling2d_1"
    }

    test("Embedding indices outside [0, input_dim) fail before the step, naming the layer, the index and the sample") {
        val m = Sequential(listOf(Layers.embedding(7, 3).inputLength(4), Layers.flatten(), Layers.dense(1))).seed(1)
        m.compile("sgd", "mse")
        val ids = Array(5) { IntArray(4) { it } }
        ids[3][2] = 9
        val e = shouldThrow<DataException> { m.fit(ids, Array(5) { FloatArray(1) }, FitOptions.defaults().verbose(0)) }
        e.message shouldContain "Embedding embedding_1 (input_dim 7) cannot look up 9.0: sample 3 of x has it at position 2"
        e.message shouldContain "raise input_dim"
        ids[3][2] = -1
        shouldThrow<DataException> { m.predict(ids, 32) }.message shouldContain "cannot look up -1.0"
    }

    test("a stateful model refuses another batch size in fit, evaluate and predict, saying which to use") {
        val m = Sequential(listOf(Layers.lstm(3).stateful(true).batchInputShape(4, 5, 2), Layers.dense(1))).seed(2)
        m.compile("sgd", "mse")
        val seq = Array(8) { Array(5) { FloatArray(2) { r.nextFloat() } } }
        val t = Array(8) { FloatArray(1) }
        shouldThrow<DataException> { m.fit(seq, t, FitOptions.defaults().verbose(0)) }.message shouldContain
            "fit: the model has a fixed batch size of 4 (input lstm_1_input has batchInputShape (4, 5, 2)), so batch_size must be 4, got 32"
        shouldThrow<DataException> { m.predict(seq, 32) }.message shouldContain "Pass batchSize = 4"
        shouldThrow<DataException> { m.evaluate(seq, t, 8) }.message shouldContain "evaluate: the model has a fixed batch size of 4"
        m.fit(seq, t, FitOptions.defaults().batchSize(4).verbose(0)).epochs() shouldBe 1
        m.close()
    }

    test("a Dropout noiseShape that does not broadcast is refused at add()") {
        shouldThrow<ShapeMismatchException> {
            Sequential(listOf(Layers.dense(6).inputDim(4), Layers.dropout(0.5).noiseShape(io.strata.Shape.ofNullable(null, 3))))
        }.message shouldContain "noiseShape (None, 3) does not broadcast over the input (None, 6) (axis 1: 3 against 6)"
    }

    test("null data, a null first row, and labels too large for toCategorical are Strata errors") {
        val m = model()
        // What a Java caller (or Kotlin with a platform-typed null) passes.
        val nothing: Any? = null
        shouldThrow<DataException> { m.fit(nothing, yCat, FitOptions.defaults()) }.message shouldContain "'x' is null"
        shouldThrow<DataException> { m.fit(x, nothing, FitOptions.defaults()) }.message shouldContain "'y' is null"
        val rows = arrayOf<FloatArray?>(null, FloatArray(4))
        shouldThrow<DataException> { m.predict(rows, 32) }.message shouldContain "row 0 is null"
        val nested = arrayOf<Array<FloatArray>?>(null)
        shouldThrow<DataException> { m.predict(nested, 32) }.message shouldContain "null"
        shouldThrow<DataException> { Utils.toCategorical(intArrayOf(1, Int.MAX_VALUE)) }.message shouldContain
            "sparse_categorical_crossentropy"
        shouldThrow<DataException> { Utils.toCategorical(longArrayOf(1, Long.MAX_VALUE), 0) }.message shouldContain
            "do not fit in memory"
        m.close()
    }

    test("one-hot targets with sparse_categorical_crossentropy, labels outside [0, 1] with binary_crossentropy") {
        val sparse = model("sparse_categorical_crossentropy")
        val e = shouldThrow<DataException> { sparse.fit(x, yCat, FitOptions.defaults().verbose(0)) }
        e.message shouldContain "These look like one-hot rows: use the loss categorical_crossentropy"
        val binary = model("binary_crossentropy", units = 1, activation = "sigmoid")
        shouldThrow<DataException> { binary.fit(x, FloatArray(32) { (it % 3).toFloat() }, FitOptions.defaults().verbose(0)) }
            .message shouldContain "binary_crossentropy expects targets in [0, 1] (labels 0/1, or probabilities), but sample 2"
        listOf(sparse, binary).forEach { it.close() }
    }

    test("bad validation data is named as the validation data") {
        val m = model()
        val e = shouldThrow<DataException> {
            m.fit(x, yCat, FitOptions.defaults().verbose(0).validationData(Array(4) { FloatArray(5) }, Utils.toCategorical(IntArray(4), 3)))
        }
        e.message shouldContain "Error when checking validation_data x: expected dense_1_input to have shape (None, 4)"
        m.close()
    }

    test("setLearningRate refuses NaN and negative rates; a custom loss must keep the batch axis") {
        val m = model()
        shouldThrow<InvalidConfigException> { m.setLearningRate(Double.NaN) }.message shouldContain "finite number >= 0"
        shouldThrow<InvalidConfigException> { m.setLearningRate(-0.1) }.message shouldContain "got -0.1"
        m.setLearningRate(0.02)
        m.learningRate() shouldBe (0.02 plusOrMinus 1e-7)
        val summed = CustomLoss("summed") { ops, t, p -> ops.sum(ops.square(ops.sub(t, p)), false) }
        val bad = Sequential(listOf(Layers.dense(3).inputDim(4))).seed(1).also { it.compile("sgd", summed) }
        val e = shouldThrow<InvalidConfigException> { bad.fit(x, yCat, FitOptions.defaults().verbose(0)) }
        e.message shouldContain "Loss 'summed' returned a tensor of shape ()"
        e.message shouldContain "Do not reduce over the batch axis"
        listOf(m, bad).forEach { it.close() }
    }

    test("class_weight with a class the data does not have is refused") {
        val m = model()
        shouldThrow<DataException> {
            m.fit(x, yCat, FitOptions.defaults().verbose(0).classWeight(mapOf(0 to 1.0, 1 to 1.0, 2 to 1.0, 7 to 2.0)))
        }.message shouldContain "'class_weight' has the classes [7], which do not occur in the data (its classes are [0, 1, 2])"
        m.close()
    }

    test("NaN or infinity in x, y, sample weights, validation data or setWeights is named before it reaches a weight") {
        val m = model()
        fun flat() = m.getWeights().map { w -> FloatArray(w.size().toInt()).also { w.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(it, false, false)) }.toList() }
        val before = flat()
        val nanX = x.map { it.clone() }.toTypedArray().also { it[5][2] = Float.NaN }
        shouldThrow<DataException> { m.fit(nanX, yCat, FitOptions.defaults().verbose(0)) }.message shouldContain
            "fit: x has a non-finite value (NaN) at sample 5, value 2 of the sample"
        val infY = yCat.map { it.clone() }.toTypedArray().also { it[1][0] = Float.POSITIVE_INFINITY }
        shouldThrow<DataException> { m.fit(x, infY, FitOptions.defaults().verbose(0)) }.message shouldContain
            "y has a non-finite value (Infinity) at sample 1"
        shouldThrow<DataException> {
            m.fit(x, yCat, FitOptions.defaults().verbose(0).sampleWeight(FloatArray(32) { if (it == 9) Float.NaN else 1f }))
        }.message shouldContain "the sample weight of sample 9 is NaN"
        shouldThrow<DataException> {
            m.fit(x, yCat, FitOptions.defaults().verbose(0).validationData(nanX, yCat))
        }.message shouldContain "validation_data x has a non-finite value"
        shouldThrow<DataException> { m.evaluate(nanX, yCat, 8) }.message shouldContain "evaluate: x has a non-finite value"
        val w = m.getWeights().toMutableList()
        shouldThrow<DataException> {
            m.setWeights(w.mapIndexed { i, a -> if (i == 1) FloatArray(8) { Float.NaN } else a })
        }.message shouldContain "setWeights: weights[1] (dense_1/bias) has a non-finite value (NaN)"
        flat() shouldBe before
        // Trusted data skips the check; TerminateOnNaN still stops a run whose loss becomes NaN.
        val h = m.fit(nanX, yCat, FitOptions.epochs(3).verbose(0).checkFinite(false).callbacks(TerminateOnNaN()))
        h.epochs() shouldBe 1
        m.close()
    }

    test("errors from TensorFlow itself become Strata's, without node names") {
        // A custom loss that breaks a TensorFlow op at run time, past every static check.
        val broken = CustomLoss("broken") { ops, t, p -> ops.mean(ops.reshape(ops.sub(t, p), io.strata.Shape.of(-1, 7)), false, 1) }
        val m = Sequential(listOf(Layers.dense(3).inputDim(4))).seed(1).also { it.compile("sgd", broken) }
        val e = shouldThrow<StrataException> { m.fit(x, yCat, FitOptions.defaults().verbose(0)) }
        noTensorFlow(e)
        e.message shouldContain "TensorFlow could not"
        m.close()
    }
})
