// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.layers.Add
import io.strata.layers.Average
import io.strata.layers.Concatenate
import io.strata.layers.Dot
import io.strata.layers.Input
import io.strata.layers.InputLayer
import io.strata.layers.Layer
import io.strata.layers.Maximum
import io.strata.layers.Minimum
import io.strata.layers.Multiply
import io.strata.layers.Subtract
import io.strata.layers.SymbolicTensor
import io.strata.models.Model
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract

/**
 * The builder scope of [model], Keras's functional API: [input] makes the inputs, every layer builder
 * returns its layer, and calling a layer on tensors (`dense(32)(x)`) applies it. A layer kept in a
 * `val` and called twice is one shared layer. [output] (or [outputs]) names what the model returns.
 */
public class ModelScope @PublishedApi internal constructor() : LayerBuilderScope {
    @PublishedApi internal val declaredInputs: MutableList<SymbolicTensor> = mutableListOf()
    @PublishedApi internal var chosenInputs: List<SymbolicTensor>? = null
    @PublishedApi internal var chosenOutputs: List<SymbolicTensor> = emptyList()

    override fun <L : Layer> emit(layer: L): L = layer

    /** Keras's `Input(shape)`: a model input of per-sample [shape]; inputs are the model's in the order made. */
    public fun input(vararg shape: Int, name: String? = null, batchSize: Int? = null): SymbolicTensor {
        var l = InputLayer().inputShape(*shape.map { it.toLong() }.toLongArray())
        if (batchSize != null) l = l.batchSize(batchSize)
        if (name != null) l = l.name(name)
        return Input.from(l).also { declaredInputs.add(it) }
    }

    /** Sets the model's inputs and their order (by default every [input], in the order made). */
    public fun inputs(vararg tensors: SymbolicTensor) {
        chosenInputs = tensors.toList()
    }

    /** Sets the model's output. */
    public fun output(tensor: SymbolicTensor) {
        chosenOutputs = listOf(tensor)
    }

    /** Sets the model's outputs, in order. */
    public fun outputs(vararg tensors: SymbolicTensor) {
        chosenOutputs = tensors.toList()
    }

    /** Applies this layer to [input] (Keras's `layer(x)`). */
    public operator fun Layer.invoke(input: SymbolicTensor): SymbolicTensor = apply(input)

    /** Applies this (merge) layer to several tensors (Keras's `layer([a, b])`). */
    public operator fun Layer.invoke(first: SymbolicTensor, vararg more: SymbolicTensor): SymbolicTensor =
        apply(first, *more)

    /** Applies this layer to a list of tensors. */
    public operator fun Layer.invoke(inputs: List<SymbolicTensor>): SymbolicTensor = apply(inputs)

    /** Keras's `Concatenate(axis=-1)`. */
    public fun concatenate(axis: Int = -1, name: String? = null): Concatenate =
        Concatenate().axis(axis).let { if (name != null) it.name(name) else it }

    /** Keras's `Add()`. */
    public fun add(name: String? = null): Add = Add().let { if (name != null) it.name(name) else it }

    /** Keras's `Subtract()`. */
    public fun subtract(name: String? = null): Subtract = Subtract().let { if (name != null) it.name(name) else it }

    /** Keras's `Multiply()`. */
    public fun multiply(name: String? = null): Multiply = Multiply().let { if (name != null) it.name(name) else it }

    /** Keras's `Average()`. */
    public fun average(name: String? = null): Average = Average().let { if (name != null) it.name(name) else it }

    /** Keras's `Maximum()`. */
    public fun maximum(name: String? = null): Maximum = Maximum().let { if (name != null) it.name(name) else it }

    /** Keras's `Minimum()`. */
    public fun minimum(name: String? = null): Minimum = Minimum().let { if (name != null) it.name(name) else it }

    /** Keras's `Dot(axes, normalize=False)`: one axis for both inputs, or one per input. */
    public fun dot(vararg axes: Int, normalize: Boolean = false, name: String? = null): Dot =
        Dot(*axes).normalize(normalize).let { if (name != null) it.name(name) else it }
}

/**
 * Builds a model with Keras's functional API; returns the Java [Model].
 *
 * ```kotlin
 * val model = model {
 *     val a = input(784)
 *     val b = input(784)
 *     val x = concatenate()(dense(32)(a), dense(32)(b))
 *     output(dense(10, activation = softmax)(x))
 * }
 * ```
 *
 * @param name the model's name (default `model_N`)
 * @param seed seeds weight initialization, dropout and shuffling (reproducible runs on CPU)
 */
@OptIn(ExperimentalContracts::class)
public inline fun model(name: String? = null, seed: Long? = null, block: ModelScope.() -> Unit): Model {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val scope = ModelScope()
    scope.block()
    val inputs = scope.chosenInputs ?: scope.declaredInputs
    require(scope.chosenOutputs.isNotEmpty()) { "model { }: set the model's output, e.g. output(dense(10)(x))" }
    val m = if (name == null) Model(inputs, scope.chosenOutputs) else Model(inputs, scope.chosenOutputs, name)
    if (seed != null) m.seed(seed)
    return m
}
