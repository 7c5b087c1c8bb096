// SPDX-License-Identifier: Apache-2.0
package io.strata.conformance

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.doubles.shouldBeLessThan
import io.strata.layers.Layer
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.optimizers.SGD
import io.strata.regularizers.Regularizers
import org.tensorflow.ndarray.buffer.DataBuffers
import kotlin.math.abs
import kotlin.math.max
import kotlin.random.Random

/**
 * Finite-difference checks of the backend's gradients through the public API: one plain SGD step with
 * lr = 1 moves the weights by exactly -grad, which is compared with central differences of the loss
 * computed by testOnBatch.
 */
class GradientCheckSpec : FunSpec({

    data class Case(
        val name: String,
        val layers: List<Layer>,
        val loss: String,
        val input: ((Random, Int) -> Any)? = null,
        val resetStates: Boolean = false,
        val target: (Random, Int) -> Any,
    )

    fun floats(r: Random, n: Int, d: Int, lo: Float = -1f, hi: Float = 1f) =
        Array(n) { FloatArray(d) { lo + r.nextFloat() * (hi - lo) } }

    fun oneHot(r: Random, n: Int, c: Int) = Array(n) { FloatArray(c).also { it[r.nextInt(c)] = 1f } }

    fun check(case: Case) {
        val r = Random(7)
        val model = Sequential(case.layers).seed(3)
        model.compile(SGD().lr(1.0), case.loss)
        val inputSample = model.inputShape().dropFirst()
        val n = 6
        val x = case.input?.invoke(r, n) ?: DataArrayOf(r, n, inputSample.dims().map { it.toInt() })
        val y = case.target(r, n)
        val worst = gradientError(model, x, y, case.resetStates)
        model.close()
        worst shouldBeLessThan 2e-2
    }

    val mse = { r: Random, n: Int -> floats(r, n, 3) }
    val activations = listOf("linear", "relu", "sigmoid", "hard_sigmoid", "tanh", "softmax", "softplus", "softsign", "elu", "selu", "exponential")
    withData(nameFn = { "activation $it" }, activations) { act ->
        check(Case(act, listOf(Layers.dense(3).activation(act).inputDim(4).biasInitializer("uniform")), "mse", target = mse))
    }

    val lossCases = listOf(
        Case("categorical_crossentropy", listOf(Layers.dense(4).activation("softmax").inputDim(5)), "categorical_crossentropy") { r, n -> oneHot(r, n, 4) },
        // The guide trains on np.random.random targets, which do not sum to 1 (TF's fused op alone gets this gradient wrong).
        Case("categorical_crossentropy, targets not summing to 1", listOf(Layers.dense(4).activation("softmax").inputDim(5)), "categorical_crossentropy") { r, n -> floats(r, n, 4, 0f, 1f) },
        Case("sparse_categorical_crossentropy", listOf(Layers.dense(4).activation("softmax").inputDim(5)), "sparse_categorical_crossentropy") { r, n -> IntArray(n) { r.nextInt(4) } },
        Case("binary_crossentropy", listOf(Layers.dense(2).activation("sigmoid").inputDim(5)), "binary_crossentropy") { r, n -> Array(n) { FloatArray(2) { r.nextInt(2).toFloat() } } },
        Case("mse", listOf(Layers.dense(3).inputDim(5)), "mean_squared_error", target = mse),
        Case("mae", listOf(Layers.dense(3).inputDim(5)), "mae", target = mse),
        Case("mape", listOf(Layers.dense(3).inputDim(5)), "mape") { r, n -> floats(r, n, 3, 0.5f, 2f) },
        Case("msle", listOf(Layers.dense(3).activation("softplus").inputDim(5)), "msle") { r, n -> floats(r, n, 3, 0f, 2f) },
        Case("hinge", listOf(Layers.dense(3).activation("tanh").inputDim(5)), "hinge") { r, n -> Array(n) { FloatArray(3) { if (r.nextBoolean()) 1f else -1f } } },
        Case("squared_hinge", listOf(Layers.dense(3).activation("tanh").inputDim(5)), "squared_hinge") { r, n -> Array(n) { FloatArray(3) { if (r.nextBoolean()) 1f else -1f } } },
        Case("kullback_leibler_divergence", listOf(Layers.dense(4).activation("softmax").inputDim(5)), "kullback_leibler_divergence") { r, n -> Array(n) { FloatArray(4) { r.nextFloat() + 0.1f }.let { a -> val s = a.sum(); FloatArray(4) { a[it] / s } } } },
        Case("poisson", listOf(Layers.dense(3).activation("softplus").inputDim(5)), "poisson") { r, n -> floats(r, n, 3, 0f, 3f) },
        Case("cosine_proximity", listOf(Layers.dense(3).inputDim(5)), "cosine_proximity", target = mse),
        Case("logcosh", listOf(Layers.dense(3).inputDim(5)), "logcosh", target = mse),
        Case("categorical_hinge", listOf(Layers.dense(4).activation("softmax").inputDim(5)), "categorical_hinge") { r, n -> oneHot(r, n, 4) },
    )
    withData(nameFn = { "loss ${it.name}" }, lossCases) { check(it) }

    val layerCases = listOf(
        Case("Dense on rank 3 + Flatten", listOf(Layers.dense(4).activation("tanh").inputShape(3, 2), Layers.flatten(), Layers.dense(3)), "mse", target = mse),
        Case("Reshape + Dense", listOf(Layers.reshape(2, 3).inputShape(6), Layers.dense(2).activation("relu"), Layers.flatten(), Layers.dense(3)), "mse", target = mse),
        Case("Activation layer", listOf(Layers.dense(5).inputDim(4), Layers.activation("tanh"), Layers.dense(3)), "mse", target = mse),
        Case("regularized Dense", listOf(Layers.dense(3).inputDim(4).kernelRegularizer(Regularizers.l1l2(0.01, 0.02)).biasRegularizer(Regularizers.l2(0.1)).activityRegularizer(Regularizers.l1(0.01))), "mse", target = mse),
        Case("Dropout at rate 0 and InputLayer", listOf(Layers.inputLayer().inputShape(4), Layers.dense(3).activation("sigmoid"), Layers.dropout(0.0)), "mse", target = mse),
    )
    withData(nameFn = { "layer ${it.name}" }, layerCases) { check(it) }

    val two = { r: Random, n: Int -> floats(r, n, 2) }
    fun head(vararg layers: Layer) = layers.toList() + listOf(Layers.flatten(), Layers.dense(2))
    val convCases = listOf(
        Case("Conv2D valid relu", head(Layers.conv2d(3, 2, 2).activation("tanh").inputShape(4, 4, 2)), "mse", target = two),
        Case("Conv2D same, strides 2, channels_first", head(Layers.conv2d(3, 3).padding("same").strides(2).dataFormat("channels_first").inputShape(2, 5, 5)), "mse", target = two),
        Case("Conv2D dilated", head(Layers.conv2d(2, 2).dilationRate(2).inputShape(5, 5, 1)), "mse", target = two),
        Case("Conv1D valid and same", head(Layers.conv1d(3, 2).inputShape(6, 2), Layers.conv1d(2, 3).padding("same")), "mse", target = two),
        Case("Conv1D causal dilated", head(Layers.conv1d(2, 2).padding("causal").dilationRate(2).inputShape(6, 2)), "mse", target = two),
        Case("MaxPooling2D and AveragePooling2D", head(Layers.conv2d(2, 2).inputShape(5, 5, 1), Layers.maxPooling2d(2).padding("same"), Layers.averagePooling2d(2)), "mse", target = two),
        Case("pooling channels_first", head(Layers.conv2d(2, 2).dataFormat("channels_first").inputShape(1, 5, 5), Layers.averagePooling2d(2).dataFormat("channels_first")), "mse", target = two),
        Case("MaxPooling1D and AveragePooling1D", head(Layers.conv1d(2, 2).inputShape(9, 2), Layers.maxPooling1d(2), Layers.averagePooling1d(2)), "mse", target = two),
        Case("global pooling", listOf(Layers.conv1d(3, 2).inputShape(5, 2), Layers.globalMaxPooling1d(), Layers.dense(2)), "mse", target = two),
        Case("global average pooling 2D", listOf(Layers.conv2d(3, 2).inputShape(4, 4, 1), Layers.globalAveragePooling2d(), Layers.dense(2)), "mse", target = two),
        Case("zero padding and upsampling", head(Layers.zeroPadding2d(1).inputShape(3, 3, 1), Layers.conv2d(2, 2), Layers.upSampling2d(2)), "mse", target = two),
        Case("1-D padding and upsampling", head(Layers.zeroPadding1d(1).inputShape(4, 2), Layers.conv1d(2, 2), Layers.upSampling1d(2)), "mse", target = two),
        Case("Embedding", head(Layers.embedding(7, 3).inputLength(4)), "mse", target = two, input = { r, n -> Array(n) { IntArray(4) { r.nextInt(7) } } }),
        Case("TimeDistributed, RepeatVector, Permute", head(Layers.timeDistributed(Layers.dense(3).activation("tanh")).inputShape(3, 4), Layers.permute(2, 1)), "mse", target = two),
        Case("RepeatVector", head(Layers.dense(3).inputDim(4), Layers.repeatVector(2)), "mse", target = two),
    )
    withData(nameFn = { "layer ${it.name}" }, convCases) { check(it) }

    val rnnCases = listOf(
        Case("SimpleRNN", listOf(Layers.simpleRnn(3).inputShape(4, 2), Layers.dense(2)), "mse", target = two),
        Case("SimpleRNN sequences backwards", head(Layers.simpleRnn(3).returnSequences(true).goBackwards(true).inputShape(4, 2)), "mse", target = two),
        Case("LSTM", listOf(Layers.lstm(3).inputShape(4, 2), Layers.dense(2)), "mse", target = two),
        Case("LSTM sequences", head(Layers.lstm(3).returnSequences(true).inputShape(4, 2)), "mse", target = two),
        Case("LSTM backwards", listOf(Layers.lstm(3).goBackwards(true).inputShape(4, 2), Layers.dense(2)), "mse", target = two),
        Case("GRU", listOf(Layers.gru(3).inputShape(4, 2), Layers.dense(2)), "mse", target = two),
        Case("GRU sequences backwards", head(Layers.gru(3).returnSequences(true).goBackwards(true).inputShape(4, 2)), "mse", target = two),
        Case("stateful LSTM", listOf(Layers.lstm(3).stateful(true).batchInputShape(6, 4, 2), Layers.dense(2)), "mse", target = two, resetStates = true),
        Case("stateful GRU sequences", head(Layers.gru(3).stateful(true).returnSequences(true).batchInputShape(6, 4, 2)), "mse", target = two, resetStates = true),
        Case("masked LSTM after Embedding(maskZero)", listOf(Layers.embedding(6, 3).maskZero(true).inputLength(5), Layers.lstm(3), Layers.dense(2)), "mse", target = two,
            input = { r, n -> Array(n) { i -> IntArray(5) { t -> if (t < i % 3) 0 else 1 + r.nextInt(5) } } }),
    )
    withData(nameFn = { "layer ${it.name}" }, rnnCases) { check(it) }

    // The same recurrent layers run as TensorFlow loops with Strata's backpropagation through time
    // (the default for sequences over 32 steps; forced here on short ones).
    withData(nameFn = { "layer ${it.name}, as a loop" }, rnnCases) {
        val saved = System.getProperty("strata.rnn.unroll")
        System.setProperty("strata.rnn.unroll", "never")
        try {
            check(it)
        } finally {
            if (saved == null) System.clearProperty("strata.rnn.unroll") else System.setProperty("strata.rnn.unroll", saved)
        }
    }
})

/** Random inputs of the given per-sample shape, as nested float arrays. */
internal fun DataArrayOf(r: Random, n: Int, sample: List<Int>): Any = when (sample.size) {
    1 -> Array(n) { FloatArray(sample[0]) { r.nextFloat() * 2 - 1 } }
    2 -> Array(n) { Array(sample[0]) { FloatArray(sample[1]) { r.nextFloat() * 2 - 1 } } }
    3 -> Array(n) { Array(sample[0]) { Array(sample[1]) { FloatArray(sample[2]) { r.nextFloat() * 2 - 1 } } } }
    else -> error("unsupported input rank ${sample.size}")
}

/**
 * Dropout's gradient in training mode: a fresh model with the same seed draws the same first mask,
 * so the loss of a first training step (at lr 0) is a function of the weights alone and can be
 * differentiated by finite differences.
 */
class DropoutGradientSpec : FunSpec({
    test("Dropout in training mode: the SGD step matches central differences of the masked loss") {
        val r = Random(3)
        val x = Array(8) { FloatArray(5) { r.nextFloat() * 2 - 1 } }
        val y = Array(8) { FloatArray(2) { r.nextFloat() } }
        fun model(lr: Double) = io.strata.models.Sequential(listOf(
            Layers.dense(6).activation("tanh").inputDim(5), Layers.dropout(0.4), Layers.dense(2),
        )).seed(11).also { it.compile(SGD().lr(lr), "mse") }
        fun flat(m: io.strata.models.Sequential) =
            m.getWeights().map { w -> FloatArray(w.size().toInt()).also { w.copyTo(DataBuffers.of(it, false, false)) } }
        val probe = model(1.0)
        val start = flat(probe)
        val shapes = probe.getWeights().map { it.shape().asArray() }
        probe.trainOnBatch(x, y)
        val after = flat(probe)
        probe.close()
        fun maskedLoss(values: List<FloatArray>): Double {
            val m = model(0.0)
            m.setWeights(values.mapIndexed { i, v -> org.tensorflow.ndarray.NdArrays.wrap(org.tensorflow.ndarray.Shape.of(*shapes[i]), DataBuffers.of(v, true, false)) })
            val loss = m.trainOnBatch(x, y)[0]
            m.close()
            return loss
        }
        val eps = 1e-2f
        var worst = 0.0
        for (k in start.indices) {
            for (i in listOf(0, start[k].size / 2, start[k].size - 1)) {
                val plus = start.map { it.clone() }.also { it[k][i] += eps }
                val minus = start.map { it.clone() }.also { it[k][i] -= eps }
                val numeric = (maskedLoss(plus) - maskedLoss(minus)) / (2 * eps)
                val analytic = (start[k][i] - after[k][i]).toDouble()
                worst = max(worst, abs(numeric - analytic) / max(1e-2, abs(numeric) + abs(analytic)))
            }
        }
        worst shouldBeLessThan 2e-2
    }
})
