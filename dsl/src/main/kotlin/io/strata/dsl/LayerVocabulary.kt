// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.activations.ActivationFunction
import io.strata.activations.Activations
import io.strata.activations.CustomActivation
import io.strata.backend.Ops
import io.strata.backend.Tensor
import io.strata.constraints.Constraint
import io.strata.constraints.Constraints
import io.strata.initializers.Initializer
import io.strata.initializers.Initializers
import io.strata.regularizers.Regularizer
import io.strata.regularizers.Regularizers

/**
 * The words valid where layers are declared: activations, initializers, regularizers and constraints.
 * They are members of the scopes (not global), so they appear only where they make sense:
 *
 * ```kotlin
 * sequential {
 *     dense(64, activation = relu, kernelInitializer = heNormal, inputDim = 20)
 * }
 * ```
 */
public interface LayerVocabulary : DslScope {
    /** `f(x) = x`. */
    public val linear: ActivationFunction get() = Activations.LINEAR

    /** `max(x, 0)`. */
    public val relu: ActivationFunction get() = Activations.RELU

    /** The logistic sigmoid. */
    public val sigmoid: ActivationFunction get() = Activations.SIGMOID

    /** Keras's piecewise-linear sigmoid. */
    public val hardSigmoid: ActivationFunction get() = Activations.HARD_SIGMOID

    /** The hyperbolic tangent. */
    public val tanh: ActivationFunction get() = Activations.TANH

    /** The softmax over the last axis. */
    public val softmax: ActivationFunction get() = Activations.SOFTMAX

    /** `log(1 + e^x)`. */
    public val softplus: ActivationFunction get() = Activations.SOFTPLUS

    /** `x / (1 + |x|)`. */
    public val softsign: ActivationFunction get() = Activations.SOFTSIGN

    /** The exponential linear unit. */
    public val elu: ActivationFunction get() = Activations.ELU

    /** The scaled exponential linear unit. */
    public val selu: ActivationFunction get() = Activations.SELU

    /** `e^x`. */
    public val exponential: ActivationFunction get() = Activations.EXPONENTIAL

    /** A named activation of your own over [Ops]. */
    public fun customActivation(id: String, function: (Ops, Tensor) -> Tensor): ActivationFunction =
        CustomActivation(id) { ops, x -> function(ops, x) }

    /** Glorot uniform, Keras's kernel default. */
    public val glorotUniform: Initializer get() = Initializers.glorotUniform()

    /** Glorot normal. */
    public val glorotNormal: Initializer get() = Initializers.glorotNormal()

    /** He uniform. */
    public val heUniform: Initializer get() = Initializers.heUniform()

    /** He normal. */
    public val heNormal: Initializer get() = Initializers.heNormal()

    /** LeCun uniform. */
    public val lecunUniform: Initializer get() = Initializers.lecunUniform()

    /** LeCun normal. */
    public val lecunNormal: Initializer get() = Initializers.lecunNormal()

    /** `U(-0.05, 0.05)` (Keras 1's `uniform`). */
    public val uniform: Initializer get() = Initializers.uniform()

    /** `N(0, 0.05²)`. */
    public val normal: Initializer get() = Initializers.normal()

    /** Truncated `N(0, 0.05²)`. */
    public val truncatedNormal: Initializer get() = Initializers.truncatedNormal()

    /** All zeros, Keras's bias default. */
    public val zeros: Initializer get() = Initializers.zeros()

    /** All ones. */
    public val ones: Initializer get() = Initializers.ones()

    /** A random orthogonal matrix. */
    public val orthogonal: Initializer get() = Initializers.orthogonal()

    /** The identity matrix. */
    public val identity: Initializer get() = Initializers.identity()

    /** Every value [value]. */
    public fun constant(value: Double): Initializer = Initializers.constant(value)

    /** `l * sum(|x|)`, Keras's default factor 0.01. */
    public fun l1(l: Double = 0.01): Regularizer = Regularizers.l1(l)

    /** `l * sum(x²)`, Keras's default factor 0.01. */
    public fun l2(l: Double = 0.01): Regularizer = Regularizers.l2(l)

    /** `l1 * sum(|x|) + l2 * sum(x²)`. */
    public fun l1l2(l1: Double = 0.01, l2: Double = 0.01): Regularizer = Regularizers.l1l2(l1, l2)

    /** Keras's `max_norm` (defaults 2.0 over axis 0). */
    public fun maxNorm(maxValue: Double = 2.0, axis: Int = 0): Constraint = Constraints.maxNorm(maxValue, axis)

    /** Keras's `non_neg`. */
    public val nonNeg: Constraint get() = Constraints.nonNeg()

    /** Keras's `unit_norm` (over axis 0). */
    public fun unitNorm(axis: Int = 0): Constraint = Constraints.unitNorm(axis)
}
