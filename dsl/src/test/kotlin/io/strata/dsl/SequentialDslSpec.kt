// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.strata.activations.Activations
import io.strata.initializers.VarianceScaling
import io.strata.layers.Dense
import io.strata.layers.Dropout
import io.strata.layers.Layers
import io.strata.models.Sequential
import io.strata.optimizers.SGD
import io.strata.regularizers.L1L2

class SequentialDslSpec : FunSpec({

    test("the DSL builds the same model as the Java API") {
        val dsl = sequential {
            dense(64, activation = relu, inputDim = 20)
            dropout(0.5)
            dense(64) { activation = relu }
            dropout(0.5)
            dense(10, activation = softmax)
        }
        val java = Sequential(listOf(
            Layers.dense(64).activation("relu").inputDim(20), Layers.dropout(0.5),
            Layers.dense(64).activation("relu"), Layers.dropout(0.5), Layers.dense(10).activation("softmax"),
        ))
        dsl.shouldBeInstanceOf<Sequential>()
        dsl.summaryString(65) shouldBe java.summaryString(65)
    }

    test("arguments left out keep Keras's defaults from the Java layer") {
        val d = sequential { dense(3, inputDim = 2) }.layers()[0] as Dense
        d.activation() shouldBe Activations.LINEAR
        d.useBias() shouldBe true
        (d.kernelInitializer() as VarianceScaling).id() shouldBe "glorot_uniform"
    }

    test("Keras 1 names and the configuration block set the same arguments") {
        @Suppress("DEPRECATION")
        val m = sequential {
            dense(8, init = uniform, W_regularizer = l2(0.01), bias = false, inputDim = 4)
            dense(8) {
                kernelInitializer = heNormal
                kernelRegularizer = l1l2(0.01, 0.02)
                name = "hidden"
            }
            dropout(0.2) { seed = 7 }
            reshape(listOf(2, 4))
            flatten()
            activation(tanh)
        }
        val first = m.layers()[0] as Dense
        first.kernelInitializer().id() shouldBe "random_uniform"
        first.useBias() shouldBe false
        (first.kernelRegularizer() as L1L2).l2() shouldBe 0.01
        m.layerNames() shouldBe listOf("dense_1", "hidden", "dropout_1", "reshape_1", "flatten_1", "activation_1")
        (m.layers()[2] as Dropout).seed() shouldBe 7L
    }

    test("inputLayer, seeds and names reach the Java model") {
        val m = sequential(name = "mlp", seed = 5) {
            inputLayer(inputShape = listOf(6))
            dense(2)
        }
        m.name() shouldBe "mlp"
        m.inputShape().toString() shouldBe "(None, 6)"
    }

    test("compile takes the optimizer, loss and metrics vocabulary") {
        val m = sequential { dense(2, activation = softmax, inputDim = 3) }
        m.compile {
            optimizer = sgd(lr = 0.1, momentum = 0.9, nesterov = true, decay = 1e-6)
            loss = categoricalCrossentropy
            metrics(accuracy, metric("mae"))
        }
        val sgd = m.optimizer() as SGD
        sgd.lr() shouldBe 0.1
        sgd.nesterov() shouldBe true
        m.metricsNames() shouldBe listOf("loss", "accuracy", "mae")
    }
})
