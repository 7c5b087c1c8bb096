// SPDX-License-Identifier: Apache-2.0
package io.strata.jupyter

import io.strata.models.Model
import io.strata.training.History
import io.strata.training.TrainingListener
import kotlinx.coroutines.runBlocking
import org.tensorflow.ndarray.FloatNdArray
import io.strata.dsl.evaluate as evaluateSuspending
import io.strata.dsl.fit as fitSuspending
import io.strata.dsl.predict as predictSuspending
import io.strata.dsl.predictOutputs as predictOutputsSuspending

/*
 * Keras's fit, evaluate and predict for notebook cells, which are not coroutines: the DSL's suspending
 * calls with the same arguments, waited for in the cell (interrupting the kernel cancels them, which
 * stops training at the next batch). The integration imports these by name, so in a notebook they
 * take precedence over the DSL's; `runBlocking { }` around the DSL's calls works as well.
 */

/** Keras's `fit` in a notebook cell: returns the [History] when training ends. */
public fun Model.fit(
    x: Any,
    y: Any,
    epochs: Int? = null,
    batchSize: Int? = null,
    verbose: Int? = null,
    callbacks: List<TrainingListener> = emptyList(),
    validationSplit: Double? = null,
    validationData: Pair<Any, Any>? = null,
    shuffle: Boolean? = null,
    classWeight: Map<Int, Double>? = null,
    sampleWeight: FloatArray? = null,
    initialEpoch: Int? = null,
): History = runBlocking {
    fitSuspending(x, y, epochs, batchSize, verbose, callbacks, validationSplit, validationData, shuffle, classWeight,
        sampleWeight, initialEpoch)
}

/** [fit] with `shuffle = "batch"`. */
public fun Model.fit(
    x: Any,
    y: Any,
    epochs: Int? = null,
    batchSize: Int? = null,
    verbose: Int? = null,
    callbacks: List<TrainingListener> = emptyList(),
    validationSplit: Double? = null,
    validationData: Pair<Any, Any>? = null,
    shuffle: String,
    classWeight: Map<Int, Double>? = null,
    sampleWeight: FloatArray? = null,
    initialEpoch: Int? = null,
): History = runBlocking {
    fitSuspending(x, y, epochs, batchSize, verbose, callbacks, validationSplit, validationData, shuffle, classWeight,
        sampleWeight, initialEpoch)
}

/** [fit] with Keras 1's `nb_epoch`. */
@Deprecated("Keras 1's name: use epochs", ReplaceWith("fit(x, y, epochs = nb_epoch)"))
public fun Model.fit(
    x: Any,
    y: Any,
    batchSize: Int? = null,
    verbose: Int? = null,
    callbacks: List<TrainingListener> = emptyList(),
    validationSplit: Double? = null,
    validationData: Pair<Any, Any>? = null,
    shuffle: Boolean? = null,
    classWeight: Map<Int, Double>? = null,
    sampleWeight: FloatArray? = null,
    initialEpoch: Int? = null,
    nb_epoch: Int,
): History = fit(x, y, nb_epoch, batchSize, verbose, callbacks, validationSplit, validationData, shuffle, classWeight,
    sampleWeight, initialEpoch)

/** Keras's `evaluate` in a notebook cell: `[loss, metrics…]`. */
public fun Model.evaluate(x: Any, y: Any, batchSize: Int = 32): List<Double> =
    runBlocking { evaluateSuspending(x, y, batchSize) }

/** Keras's `predict` in a notebook cell; the result renders as its values. */
public fun Model.predict(x: Any, batchSize: Int = 32): FloatNdArray = runBlocking { predictSuspending(x, batchSize) }

/** Keras's `predict` of a model with several outputs, in a notebook cell. */
public fun Model.predictOutputs(x: Any, batchSize: Int = 32): List<FloatNdArray> =
    runBlocking { predictOutputsSuspending(x, batchSize) }
