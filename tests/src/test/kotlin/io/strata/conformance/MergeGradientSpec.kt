// SPDX-License-Identifier: Apache-2.0
package io.strata.conformance

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.doubles.shouldBeLessThan
import io.strata.Shape
import io.strata.layers.Input
import io.strata.layers.Layer
import io.strata.layers.Layers
import io.strata.layers.SymbolicTensor
import io.strata.models.Merge
import io.strata.models.Model
import io.strata.models.Sequential
import io.strata.optimizers.SGD
import kotlin.random.Random

/**
 * Finite-difference checks of every Keras 1 Merge mode and every Keras 2 merge layer, of shared layers
 * and of models used as layers: the gradient of one SGD step (lr = 1) against central differences.
 */
class MergeGradientSpec : FunSpec({

    fun check(model: Model) {
        val r = Random(5)
        model.seed(3).compile(SGD().lr(1.0), "mse")
        val n = 6
        val xs = model.inputShapes().map { DataArrayOf(r, n, it.dropFirst().dims().map(Long::toInt)) }
        val out = model.outputShape().dropFirst()
        val y = DataArrayOf(r, n, out.dims().map(Long::toInt))
        val worst = gradientError(model, xs, y)
        model.close()
        worst shouldBeLessThan 2e-2
    }

    fun vector(units: Int = 3) = Sequential(listOf(Layers.dense(units).activation("tanh").inputDim(4)))
    fun sequence() = Sequential(listOf(Layers.dense(3).activation("tanh").inputShape(4, 2)))

    data class MergeCase(val name: String, val merge: () -> Merge)
    val mergeCases = listOf(
        MergeCase("sum") { Merge(listOf(vector(), vector())) },
        MergeCase("mul") { Merge(listOf(vector(), vector()), "mul") },
        MergeCase("ave") { Merge(listOf(vector(), vector(), vector()), "ave") },
        MergeCase("max") { Merge(listOf(vector(), vector()), "max") },
        MergeCase("concat") { Merge(listOf(vector(3), vector(2)), "concat") },
        MergeCase("concat along time") { Merge(listOf(sequence(), sequence()), "concat", 1) },
        MergeCase("dot") { Merge(listOf(vector(), vector()), "dot") },
        MergeCase("dot of sequences") { Merge(listOf(sequence(), sequence()), "dot", 2) },
        MergeCase("cos") { Merge(listOf(vector(), vector()), "cos") },
        MergeCase("function x - y") { Merge(listOf(vector(), vector()), { ops, x -> ops.sub(x[0], x[1]) }, Shape.of(3)) },
    )
    withData(nameFn = { "Merge mode ${it.name}" }, mergeCases) { c ->
        val m = Sequential(listOf(c.merge(), Layers.flatten(), Layers.dense(2)))
        check(m)
    }

    data class LayerCase(val name: String, val shapes: List<List<Long>>, val layer: () -> Layer)
    val layerCases = listOf(
        LayerCase("Concatenate", listOf(listOf(4), listOf(2))) { Layers.concatenate() },
        LayerCase("Concatenate(axis=1) of sequences", listOf(listOf(3, 2), listOf(4, 2))) { Layers.concatenate(1) },
        LayerCase("Add", listOf(listOf(3), listOf(3), listOf(3))) { Layers.add() },
        LayerCase("Add with broadcasting", listOf(listOf(3, 2), listOf(2))) { Layers.add() },
        LayerCase("Subtract", listOf(listOf(3), listOf(3))) { Layers.subtract() },
        LayerCase("Multiply", listOf(listOf(3), listOf(3))) { Layers.multiply() },
        LayerCase("Average", listOf(listOf(3), listOf(3))) { Layers.average() },
        LayerCase("Maximum", listOf(listOf(3), listOf(3))) { Layers.maximum() },
        LayerCase("Minimum", listOf(listOf(3), listOf(3))) { Layers.minimum() },
        LayerCase("Dot(1)", listOf(listOf(3), listOf(3))) { Layers.dot(1) },
        LayerCase("Dot(1, normalize)", listOf(listOf(3), listOf(3))) { Layers.dot(1).normalize(true) },
        LayerCase("Dot(2) of sequences", listOf(listOf(4, 3), listOf(5, 3))) { Layers.dot(2) },
        LayerCase("Dot(1) of sequences", listOf(listOf(4, 3), listOf(4, 2))) { Layers.dot(1) },
        LayerCase("Dot(2, 1), rank 3 and rank 2", listOf(listOf(4, 3), listOf(3))) { Layers.dot(2, 1) },
    )
    withData(nameFn = { "layer ${it.name}" }, layerCases) { c ->
        // Each input goes through its own Dense first, so the gradient reaches weights on both sides.
        val inputs = c.shapes.map { Input.of(*it.toLongArray()) }
        val projected = inputs.map { x -> Layers.dense(x.shape().dim(-1).toInt()).activation("tanh").apply(x) }
        var merged: SymbolicTensor = c.layer().apply(projected)
        if (merged.shape().rank() > 2) merged = Layers.flatten().apply(merged)
        check(Model(inputs, listOf(Layers.dense(2).apply(merged))))
    }

    test("a shared layer: one Dense applied to two inputs gets the sum of both gradients") {
        val a = Input.of(4)
        val b = Input.of(4)
        val shared = Layers.dense(3).activation("tanh")
        val y = Layers.dense(2).apply(Layers.concatenate().apply(shared.apply(a), shared.apply(b)))
        check(Model(listOf(a, b), listOf(y)))
    }

    test("a model used as a layer twice (a siamese pair)") {
        val encoder = Sequential(listOf(Layers.dense(3).activation("tanh").inputDim(4), Layers.dense(3)))
        val a = Input.of(4)
        val b = Input.of(4)
        val y = Layers.dense(2).apply(Layers.multiply().apply(encoder.apply(a), encoder.apply(b)))
        check(Model(listOf(a, b), listOf(y)))
    }
})
