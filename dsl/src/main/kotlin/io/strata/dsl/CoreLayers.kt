// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.Shape
import io.strata.activations.ActivationFunction
import io.strata.constraints.Constraint
import io.strata.initializers.Initializer
import io.strata.layers.Activation
import io.strata.layers.Dense
import io.strata.layers.Dropout
import io.strata.layers.Flatten
import io.strata.layers.InputLayer
import io.strata.layers.Reshape
import io.strata.regularizers.Regularizer
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract

/** The configuration block of [dense]. */
public class DenseScope @PublishedApi internal constructor(layer: Dense) : LayerScope<Dense>(layer) {
    /** Keras's `activation`. */
    public var activation: ActivationFunction
        get() = layer.activation()
        set(value) {
            layer = layer.activation(value)
        }

    /** Keras's `use_bias`. */
    public var useBias: Boolean
        get() = layer.useBias()
        set(value) {
            layer = layer.useBias(value)
        }

    /** Keras's `kernel_initializer`. */
    public var kernelInitializer: Initializer
        get() = layer.kernelInitializer()
        set(value) {
            layer = layer.kernelInitializer(value)
        }

    /** Keras's `bias_initializer`. */
    public var biasInitializer: Initializer
        get() = layer.biasInitializer()
        set(value) {
            layer = layer.biasInitializer(value)
        }

    /** Keras's `kernel_regularizer`. */
    public var kernelRegularizer: Regularizer?
        get() = layer.kernelRegularizer()
        set(value) {
            layer = layer.kernelRegularizer(value)
        }

    /** Keras's `bias_regularizer`. */
    public var biasRegularizer: Regularizer?
        get() = layer.biasRegularizer()
        set(value) {
            layer = layer.biasRegularizer(value)
        }

    /** Keras's `kernel_constraint`. */
    public var kernelConstraint: Constraint?
        get() = layer.kernelConstraint()
        set(value) {
            layer = layer.kernelConstraint(value)
        }

    /** Keras's `bias_constraint`. */
    public var biasConstraint: Constraint?
        get() = layer.biasConstraint()
        set(value) {
            layer = layer.biasConstraint(value)
        }
}

/**
 * Keras's `Dense(units)`: a densely connected layer, `activation(dot(x, kernel) + bias)`, acting on the
 * last axis. Every argument is optional except [units].
 *
 * ```kotlin
 * dense(64, inputDim = 20) { activation = relu }
 * dense(10, activation = softmax)
 * ```
 */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.dense(
    units: Int,
    activation: ActivationFunction? = null,
    useBias: Boolean? = null,
    kernelInitializer: Initializer? = null,
    biasInitializer: Initializer? = null,
    kernelRegularizer: Regularizer? = null,
    biasRegularizer: Regularizer? = null,
    activityRegularizer: Regularizer? = null,
    kernelConstraint: Constraint? = null,
    biasConstraint: Constraint? = null,
    inputDim: Int? = null,
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    inputLength: Int? = null,
    batchSize: Int? = null,
    trainable: Boolean? = null,
    name: String? = null,
    block: DenseScope.() -> Unit = {},
): Dense {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    var l = Dense(units).common(name, inputDim, inputShape, batchInputShape, inputLength, batchSize, trainable, activityRegularizer)
    if (activation != null) l = l.activation(activation)
    if (useBias != null) l = l.useBias(useBias)
    if (kernelInitializer != null) l = l.kernelInitializer(kernelInitializer)
    if (biasInitializer != null) l = l.biasInitializer(biasInitializer)
    if (kernelRegularizer != null) l = l.kernelRegularizer(kernelRegularizer)
    if (biasRegularizer != null) l = l.biasRegularizer(biasRegularizer)
    if (kernelConstraint != null) l = l.kernelConstraint(kernelConstraint)
    if (biasConstraint != null) l = l.biasConstraint(biasConstraint)
    val scope = DenseScope(l)
    scope.block()
    return emit(scope.layer)
}

/** [dense] with Keras 1's `init`, `W_regularizer`, `b_regularizer` and `bias`. */
@Deprecated("Keras 1's names: use kernelInitializer, kernelRegularizer, biasRegularizer and useBias")
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.dense(
    units: Int,
    activation: ActivationFunction? = null,
    useBias: Boolean? = null,
    kernelInitializer: Initializer? = null,
    biasInitializer: Initializer? = null,
    kernelRegularizer: Regularizer? = null,
    biasRegularizer: Regularizer? = null,
    activityRegularizer: Regularizer? = null,
    kernelConstraint: Constraint? = null,
    biasConstraint: Constraint? = null,
    inputDim: Int? = null,
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    inputLength: Int? = null,
    batchSize: Int? = null,
    trainable: Boolean? = null,
    name: String? = null,
    init: Initializer? = null,
    W_regularizer: Regularizer? = null,
    b_regularizer: Regularizer? = null,
    bias: Boolean? = null,
    block: DenseScope.() -> Unit = {},
): Dense {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    return dense(units, activation, useBias ?: bias, kernelInitializer ?: init, biasInitializer, kernelRegularizer ?: W_regularizer,
        biasRegularizer ?: b_regularizer, activityRegularizer, kernelConstraint, biasConstraint, inputDim, inputShape,
        batchInputShape, inputLength, batchSize, trainable, name, block)
}

/** The configuration block of [activation]. */
public class ActivationScope @PublishedApi internal constructor(layer: Activation) : LayerScope<Activation>(layer)

/**
 * Keras's `Activation(activation)`: applies an activation to its input.
 *
 * ```kotlin
 * activation(relu)
 * ```
 */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.activation(
    activation: ActivationFunction,
    inputDim: Int? = null,
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    name: String? = null,
    block: ActivationScope.() -> Unit = {},
): Activation {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val l = Activation(activation).common(name, inputDim, inputShape, batchInputShape, null, null, null, null)
    val scope = ActivationScope(l)
    scope.block()
    return emit(scope.layer)
}

/** The configuration block of [dropout]. */
public class DropoutScope @PublishedApi internal constructor(layer: Dropout) : LayerScope<Dropout>(layer) {
    /** Keras's `seed`. */
    public var seed: Long?
        get() = layer.seed()
        set(value) {
            if (value != null) layer = layer.seed(value)
        }

    /** Keras's `noise_shape`; `null` entries take the input's size. */
    public fun noiseShape(vararg dims: Int?) {
        layer = layer.noiseShape(Shape.ofNullable(*dims))
    }
}

/**
 * Keras's `Dropout(rate)`: drops the fraction [rate] of its inputs while training.
 *
 * ```kotlin
 * dropout(0.5)
 * ```
 */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.dropout(
    rate: Double,
    seed: Long? = null,
    inputDim: Int? = null,
    inputShape: List<Int>? = null,
    name: String? = null,
    block: DropoutScope.() -> Unit = {},
): Dropout {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    var l = Dropout(rate).common(name, inputDim, inputShape, null, null, null, null, null)
    if (seed != null) l = l.seed(seed)
    val scope = DropoutScope(l)
    scope.block()
    return emit(scope.layer)
}

/** The configuration block of [flatten]. */
public class FlattenScope @PublishedApi internal constructor(layer: Flatten) : LayerScope<Flatten>(layer)

/**
 * Keras's `Flatten()`: flattens each sample to one dimension.
 *
 * ```kotlin
 * flatten()
 * ```
 */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.flatten(
    inputShape: List<Int>? = null,
    name: String? = null,
    block: FlattenScope.() -> Unit = {},
): Flatten {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val scope = FlattenScope(Flatten().common(name, null, inputShape, null, null, null, null, null))
    scope.block()
    return emit(scope.layer)
}

/** The configuration block of [reshape]. */
public class ReshapeScope @PublishedApi internal constructor(layer: Reshape) : LayerScope<Reshape>(layer)

/**
 * Keras's `Reshape(target_shape)`: reshapes each sample; one dimension may be -1.
 *
 * ```kotlin
 * reshape(listOf(4, -1))
 * ```
 */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.reshape(
    targetShape: List<Int>,
    inputShape: List<Int>? = null,
    name: String? = null,
    block: ReshapeScope.() -> Unit = {},
): Reshape {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val target = Reshape(*targetShape.map { it.toLong() }.toLongArray())
    val scope = ReshapeScope(target.common(name, null, inputShape, null, null, null, null, null))
    scope.block()
    return emit(scope.layer)
}

/** The configuration block of [inputLayer]. */
public class InputLayerScope @PublishedApi internal constructor(layer: InputLayer) : LayerScope<InputLayer>(layer)

/**
 * Keras's `InputLayer`: declares the model's input shape.
 *
 * ```kotlin
 * inputLayer(inputShape = listOf(784))
 * ```
 */
@OptIn(ExperimentalContracts::class)
public inline fun LayerBuilderScope.inputLayer(
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    name: String? = null,
    block: InputLayerScope.() -> Unit = {},
): InputLayer {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val scope = InputLayerScope(InputLayer().common(name, null, inputShape, batchInputShape, null, null, null, null))
    scope.block()
    return emit(scope.layer)
}
