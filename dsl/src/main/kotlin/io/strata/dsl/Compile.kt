// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.backend.Ops
import io.strata.backend.Tensor
import io.strata.losses.CustomLoss
import io.strata.losses.Loss
import io.strata.losses.Losses
import io.strata.metrics.CustomMetric
import io.strata.metrics.Metric
import io.strata.metrics.Metrics
import io.strata.models.Model
import io.strata.optimizers.Adadelta
import io.strata.optimizers.Adagrad
import io.strata.optimizers.Adam
import io.strata.optimizers.Adamax
import io.strata.optimizers.Nadam
import io.strata.optimizers.Optimizer
import io.strata.optimizers.RMSprop
import io.strata.optimizers.SGD
import io.strata.training.CompileOptions
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract

/**
 * The arguments of Keras's `compile`, with the optimizers, losses and metrics as members: they are
 * valid here and nowhere else. Optimizer arguments left out keep Keras's defaults (held in Java).
 *
 * ```kotlin
 * model.compile {
 *     optimizer = sgd(lr = 0.1, momentum = 0.9, nesterov = true)
 *     loss = categoricalCrossentropy
 *     metrics(accuracy)
 * }
 * ```
 */
public class CompileScope @PublishedApi internal constructor() : DslScope {
    /** The optimizer: an object from [sgd], [rmsprop], …, or an id such as `"rmsprop"`. */
    public var optimizer: Any = "rmsprop"

    /**
     * The loss: one of the members below, a [customLoss], or an id such as `"mse"`; for a model with
     * several outputs also a list with one per output, or a map by output name.
     */
    public var loss: Any? = null

    /** The metrics: [Metric]s or ids (for a model with several outputs: computed for every output). */
    public var metrics: List<Any> = emptyList()

    /** Metrics by output name, for a model with several outputs; overrides [metrics]. */
    public var metricsByOutput: Map<String, List<Any>>? = null

    /**
     * Keras's `loss_weights` of a model with several outputs: a list (one per output) or a map by output
     * name of numbers; `null` weighs every output 1. For one loss per output, set [loss] to a list or a
     * map by output name.
     */
    public var lossWeights: Any? = null

    /**
     * Keras's `steps_per_execution`: how many batches `fit`, `evaluate` and `predict` run in one native
     * call (results equal single steps; batch callbacks run once per execution, with its last step's
     * logs).
     */
    public var stepsPerExecution: Int = 1

    /** Keras's `jit_compile`: `true`, `false` or `"auto"` (the default: XLA only where it was measured faster). */
    public var jitCompile: Any = "auto"

    /** Sets the metrics. */
    public fun metrics(vararg metrics: Any) {
        this.metrics = metrics.toList()
    }

    @PublishedApi
    internal fun compileOptions(): CompileOptions {
        val o = CompileOptions.defaults().stepsPerExecution(stepsPerExecution)
        return when (val j = jitCompile) {
            is Boolean -> o.jitCompile(j)
            is String -> o.jitCompile(j)
            else -> throw io.strata.InvalidConfigException(
                "compile { }: 'jitCompile' must be true, false or \"auto\", got ${j::class.simpleName} $j.",
            )
        }
    }

    /** Stochastic gradient descent (Keras defaults: lr 0.01, no momentum). */
    public fun sgd(
        lr: Double? = null,
        momentum: Double? = null,
        decay: Double? = null,
        nesterov: Boolean? = null,
        clipnorm: Double? = null,
        clipvalue: Double? = null,
    ): Optimizer<*> {
        var o = common(SGD(), lr, decay, clipnorm, clipvalue)
        if (momentum != null) o = o.momentum(momentum)
        if (nesterov != null) o = o.nesterov(nesterov)
        return o
    }

    /** RMSprop (Keras defaults: lr 0.001, rho 0.9, epsilon 1e-7; `centered` is tf.keras's). */
    public fun rmsprop(
        lr: Double? = null,
        rho: Double? = null,
        epsilon: Double? = null,
        decay: Double? = null,
        clipnorm: Double? = null,
        clipvalue: Double? = null,
        centered: Boolean? = null,
    ): Optimizer<*> {
        var o = common(RMSprop(), lr, decay, clipnorm, clipvalue)
        if (rho != null) o = o.rho(rho)
        if (epsilon != null) o = o.epsilon(epsilon)
        if (centered != null) o = o.centered(centered)
        return o
    }

    /** Adagrad (Keras defaults: lr 0.01, epsilon 1e-7; `initialAccumulatorValue` is tf.keras's, 0 here). */
    public fun adagrad(
        lr: Double? = null,
        epsilon: Double? = null,
        decay: Double? = null,
        initialAccumulatorValue: Double? = null,
    ): Optimizer<*> {
        var o = common(Adagrad(), lr, decay, null, null)
        if (epsilon != null) o = o.epsilon(epsilon)
        if (initialAccumulatorValue != null) o = o.initialAccumulatorValue(initialAccumulatorValue)
        return o
    }

    /** Adadelta (Keras defaults: lr 1.0, rho 0.95, epsilon 1e-7). */
    public fun adadelta(lr: Double? = null, rho: Double? = null, epsilon: Double? = null, decay: Double? = null): Optimizer<*> {
        var o = common(Adadelta(), lr, decay, null, null)
        if (rho != null) o = o.rho(rho)
        if (epsilon != null) o = o.epsilon(epsilon)
        return o
    }

    /** Adam (Keras defaults: lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7). */
    public fun adam(
        lr: Double? = null,
        beta1: Double? = null,
        beta2: Double? = null,
        epsilon: Double? = null,
        decay: Double? = null,
        amsgrad: Boolean? = null,
        clipnorm: Double? = null,
        clipvalue: Double? = null,
    ): Optimizer<*> {
        var o = common(Adam(), lr, decay, clipnorm, clipvalue)
        if (beta1 != null) o = o.beta1(beta1)
        if (beta2 != null) o = o.beta2(beta2)
        if (epsilon != null) o = o.epsilon(epsilon)
        if (amsgrad != null) o = o.amsgrad(amsgrad)
        return o
    }

    /** Adamax (Keras defaults: lr 0.002). */
    public fun adamax(lr: Double? = null, beta1: Double? = null, beta2: Double? = null, decay: Double? = null): Optimizer<*> {
        var o = common(Adamax(), lr, decay, null, null)
        if (beta1 != null) o = o.beta1(beta1)
        if (beta2 != null) o = o.beta2(beta2)
        return o
    }

    /** Nadam (Keras defaults: lr 0.002, schedule_decay 0.004). */
    public fun nadam(lr: Double? = null, beta1: Double? = null, beta2: Double? = null, scheduleDecay: Double? = null): Optimizer<*> {
        var o = common(Nadam(), lr, null, null, null)
        if (beta1 != null) o = o.beta1(beta1)
        if (beta2 != null) o = o.beta2(beta2)
        if (scheduleDecay != null) o = o.scheduleDecay(scheduleDecay)
        return o
    }

    private fun <O : Optimizer<O>> common(o: O, lr: Double?, decay: Double?, clipnorm: Double?, clipvalue: Double?): O {
        var r = o
        if (lr != null) r = r.lr(lr)
        if (decay != null) r = r.decay(decay)
        if (clipnorm != null) r = r.clipnorm(clipnorm)
        if (clipvalue != null) r = r.clipvalue(clipvalue)
        return r
    }

    /** Categorical cross-entropy (one-hot targets). */
    public val categoricalCrossentropy: Loss get() = Losses.categoricalCrossentropy()

    /** Sparse categorical cross-entropy (integer targets). */
    public val sparseCategoricalCrossentropy: Loss get() = Losses.sparseCategoricalCrossentropy()

    /** Binary cross-entropy. */
    public val binaryCrossentropy: Loss get() = Losses.binaryCrossentropy()

    /** Mean squared error. */
    public val meanSquaredError: Loss get() = Losses.meanSquaredError()

    /** Mean absolute error. */
    public val meanAbsoluteError: Loss get() = Losses.meanAbsoluteError()

    /** Any Keras loss by id (`"hinge"`, `"kld"`, …). */
    public fun loss(id: String): Loss = Losses.named(id)

    /** A loss of your own: the per-sample loss over [Ops]. */
    public fun customLoss(name: String, function: (ops: Ops, yTrue: Tensor, yPred: Tensor) -> Tensor): Loss =
        CustomLoss(name) { ops, t, p -> function(ops, t, p) }

    /** `accuracy`, resolved against the loss as Keras does. */
    public val accuracy: Metric get() = Metrics.accuracy()

    /** Binary accuracy. */
    public val binaryAccuracy: Metric get() = Metrics.binaryAccuracy()

    /** Categorical accuracy. */
    public val categoricalAccuracy: Metric get() = Metrics.categoricalAccuracy()

    /** Sparse categorical accuracy. */
    public val sparseCategoricalAccuracy: Metric get() = Metrics.sparseCategoricalAccuracy()

    /** Top-k categorical accuracy. */
    public fun topKCategoricalAccuracy(k: Int = 5): Metric =
        if (k == 5) Metrics.topKCategoricalAccuracy() else Metrics.topKCategoricalAccuracy(k)

    /** Any Keras metric or loss by id (`"mae"`). */
    public fun metric(id: String): Metric = Metrics.named(id)

    /** A metric of your own, averaged over the batch. */
    public fun customMetric(name: String, function: (ops: Ops, yTrue: Tensor, yPred: Tensor) -> Tensor): Metric =
        CustomMetric.of(name) { ops, t, p -> function(ops, t, p) }

    /** A metric returning several named values (Keras's metric returning a dict). */
    public fun customMetric(
        name: String,
        valueNames: List<String>,
        function: (ops: Ops, yTrue: Tensor, yPred: Tensor) -> Map<String, Tensor>,
    ): Metric = CustomMetric.multi(name, valueNames) { ops, t, p -> function(ops, t, p) }
}

/**
 * Keras's `compile`, with the vocabulary of [CompileScope].
 *
 * ```kotlin
 * model.compile {
 *     optimizer = rmsprop(lr = 0.002)
 *     loss = categoricalCrossentropy
 *     metrics(accuracy)
 * }
 * ```
 */
@OptIn(ExperimentalContracts::class)
public inline fun <M : Model> M.compile(block: CompileScope.() -> Unit): M {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val scope = CompileScope()
    scope.block()
    val loss = requireNotNull(scope.loss) { "compile { }: set 'loss', e.g. loss = categoricalCrossentropy" }
    compile(scope.optimizer, loss, scope.metricsByOutput ?: scope.metrics, scope.lossWeights, scope.compileOptions())
    return this
}
