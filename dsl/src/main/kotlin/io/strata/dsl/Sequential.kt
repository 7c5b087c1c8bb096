// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.InvalidConfigException
import io.strata.Shape
import io.strata.backend.Ops
import io.strata.backend.Tensor
import io.strata.layers.Layer
import io.strata.models.Merge
import io.strata.models.Model
import io.strata.models.Sequential
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract

/**
 * Where layers are declared: one builder per Keras layer class ([dense],
 * [dropout], …), each an extension on this scope, so that libraries can
 * add their own. Each builder hands the layer it built to [emit] and returns it: a [SequentialScope]
 * appends it to the model, a [ModelScope] returns it to be called on tensors.
 */
public interface LayerBuilderScope : LayerVocabulary {
    /** What a builder does with the layer it built; returns the layer. */
    public fun <L : Layer> emit(layer: L): L
}

/** The builder scope of [sequential]: every layer builder appends its layer. */
public class SequentialScope @PublishedApi internal constructor(
    /** The Java model being built. */
    public val model: Sequential,
) : LayerBuilderScope {
    /** Appends a layer built in Java (or by another library), or a model used as a layer. */
    public fun add(layer: Layer) {
        model.add(layer)
    }

    override fun <L : Layer> emit(layer: L): L {
        model.add(layer)
        return layer
    }

    /**
     * Keras 1's `Merge(layers, mode)` of branch models, as the first layer: the model's inputs are the
     * branches' inputs, in order. [mode] is `sum` (the default), `mul`, `ave`, `max`, `concat` (along
     * [concatAxis], default -1), `dot` or `cos` (along [dotAxes], default -1).
     *
     * ```kotlin
     * val model = sequential {
     *     merge(left, right, mode = "concat")
     *     dense(10, activation = softmax)
     * }
     * ```
     */
    public fun merge(
        vararg branches: Model,
        mode: String = "sum",
        concatAxis: Int? = null,
        dotAxes: List<Int>? = null,
        name: String? = null,
    ): Merge {
        if (concatAxis != null && mode != "concat") {
            throw InvalidConfigException("merge: 'concatAxis' is for mode concat, not $mode.")
        }
        if (dotAxes != null && mode != "dot" && mode != "cos") {
            throw InvalidConfigException("merge: 'dotAxes' is for modes dot and cos, not $mode.")
        }
        val axes = concatAxis?.let { intArrayOf(it) } ?: dotAxes?.toIntArray() ?: IntArray(0)
        var m = Merge(branches.toList(), mode, *axes)
        if (name != null) m = m.name(name)
        return emit(m)
    }

    /**
     * Keras 1's `Merge(layers, mode=function, output_shape=...)`: the branches joined by [mode], a
     * function of their tensors written against [Ops], whose per-sample output shape is [outputShape].
     *
     * ```kotlin
     * merge(left, right, outputShape = listOf(32)) { ops, x -> ops.sub(x[0], x[1]) }
     * ```
     */
    public fun merge(
        vararg branches: Model,
        outputShape: List<Int>,
        name: String? = null,
        mode: (ops: Ops, inputs: List<Tensor>) -> Tensor,
    ): Merge {
        var m = Merge(branches.toList(), { ops, xs -> mode(ops, xs) }, Shape.of(*outputShape.map { it.toLong() }.toLongArray()))
        if (name != null) m = m.name(name)
        return emit(m)
    }
}

/**
 * Builds a Keras Sequential model; returns the Java [Sequential] itself.
 *
 * ```kotlin
 * val model = sequential(seed = 42) {
 *     dense(64, activation = relu, inputDim = 20)
 *     dropout(0.5)
 *     dense(10, activation = softmax)
 * }
 * ```
 *
 * @param name the model's name (default `sequential_N`)
 * @param seed seeds weight initialization, dropout and shuffling (reproducible runs on CPU)
 */
@OptIn(ExperimentalContracts::class)
public inline fun sequential(name: String? = null, seed: Long? = null, block: SequentialScope.() -> Unit): Sequential {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val model = if (name == null) Sequential() else Sequential(emptyList(), name)
    if (seed != null) model.seed(seed)
    SequentialScope(model).block()
    return model
}
