// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.models.Model
import io.strata.training.FitOptions
import io.strata.training.History
import io.strata.training.Shuffle
import io.strata.training.TrainingListener
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runInterruptible
import org.tensorflow.ndarray.FloatNdArray

/**
 * The dispatcher that Strata's suspending calls run on by default: [Dispatchers.IO], whose threads may
 * block in native code for long stretches without occupying [Dispatchers.Default]. Each call takes one
 * of its threads, so several models train in parallel.
 */
public val fitDispatcher: CoroutineDispatcher get() = Dispatchers.IO

/** Builds Keras's fit arguments; `null` keeps Keras's default. */
@PublishedApi
internal fun fitOptions(
    epochs: Int?,
    batchSize: Int?,
    verbose: Int?,
    callbacks: List<TrainingListener>,
    validationSplit: Double?,
    validationData: Pair<Any, Any>?,
    shuffle: Shuffle?,
    classWeight: Map<Int, Double>?,
    sampleWeight: FloatArray?,
    initialEpoch: Int?,
): FitOptions {
    var o = FitOptions.defaults()
    if (epochs != null) o = o.withEpochs(epochs)
    if (batchSize != null) o = o.batchSize(batchSize)
    if (verbose != null) o = o.verbose(verbose)
    if (callbacks.isNotEmpty()) o = o.callbacks(callbacks)
    if (validationSplit != null) o = o.validationSplit(validationSplit)
    if (validationData != null) o = o.validationData(validationData.first, validationData.second)
    if (shuffle != null) o = o.shuffle(shuffle)
    if (classWeight != null) o = o.classWeight(classWeight)
    if (sampleWeight != null) o = o.sampleWeight(sampleWeight)
    if (initialEpoch != null) o = o.initialEpoch(initialEpoch)
    return o
}

/**
 * Keras's `fit`, suspending: training runs on [dispatcher] and cancelling the coroutine stops it at
 * the next batch boundary, leaving the weights of the last completed step (a later `fit` continues
 * from there).
 *
 * ```kotlin
 * val history = model.fit(x, y, epochs = 10, batchSize = 32, validationSplit = 0.2)
 * ```
 *
 * @param nb_epoch Keras 1's name for [epochs]
 */
public suspend fun Model.fit(
    x: Any,
    y: Any,
    epochs: Int? = null,
    batchSize: Int? = null,
    verbose: Int? = null,
    callbacks: List<TrainingListener> = emptyList(),
    validationSplit: Double? = null,
    validationData: Pair<Any, Any>? = null,
    shuffle: Shuffle? = null,
    classWeight: Map<Int, Double>? = null,
    sampleWeight: FloatArray? = null,
    initialEpoch: Int? = null,
    nb_epoch: Int? = null,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): History {
    val options = fitOptions(epochs ?: nb_epoch, batchSize, verbose, callbacks, validationSplit, validationData,
        shuffle, classWeight, sampleWeight, initialEpoch)
    return runInterruptible(dispatcher) { fit(x, y, options) }
}

/** Keras's `evaluate`, suspending: `[loss, metrics…]`. */
public suspend fun Model.evaluate(
    x: Any,
    y: Any,
    batchSize: Int = 32,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): List<Double> = runInterruptible(dispatcher) { evaluate(x, y, batchSize) }

/** Keras's `predict`, suspending. */
public suspend fun Model.predict(
    x: Any,
    batchSize: Int = 32,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): FloatNdArray = runInterruptible(dispatcher) { predict(x, batchSize) }

/** Keras's `predict` of a model with several outputs, suspending: one array per output. */
public suspend fun Model.predictOutputs(
    x: Any,
    batchSize: Int = 32,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): List<FloatNdArray> = runInterruptible(dispatcher) { predictOutputs(x, batchSize) }
