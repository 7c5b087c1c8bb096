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
 * val history = model.fit(x, y, epochs = 10, batchSize = 32, validationSplit = 0.2, shuffle = false)
 * ```
 *
 * `shuffle` is Keras's: `true` (the default), `false`, or `"batch"` (the overload taking a string).
 * Name the arguments after `y`: a positional call such as `fit(x, y, options)` is the blocking Java
 * method of [Model].
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
    shuffle: Boolean? = null,
    classWeight: Map<Int, Double>? = null,
    sampleWeight: FloatArray? = null,
    initialEpoch: Int? = null,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): History {
    val options = fitOptions(epochs, batchSize, verbose, callbacks, validationSplit, validationData,
        shuffle?.let { if (it) Shuffle.TRUE else Shuffle.FALSE }, classWeight, sampleWeight, initialEpoch)
    return runInterruptible(dispatcher) { fit(x, y, options) }
}

/** [fit] with Keras's `shuffle="batch"` (shuffle in batch-sized chunks, for HDF5 data) or another [Shuffle] name. */
public suspend fun Model.fit(
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
    dispatcher: CoroutineDispatcher = fitDispatcher,
): History {
    val mode = when (shuffle.lowercase()) {
        "batch" -> Shuffle.BATCH
        "true" -> Shuffle.TRUE
        "false" -> Shuffle.FALSE
        else -> throw io.strata.InvalidConfigException(
            "fit: shuffle must be true, false or \"batch\", got \"$shuffle\".",
        )
    }
    val options = fitOptions(epochs, batchSize, verbose, callbacks, validationSplit, validationData, mode, classWeight,
        sampleWeight, initialEpoch)
    return runInterruptible(dispatcher) { fit(x, y, options) }
}

/** [fit] with Keras 1's `nb_epoch` for `epochs`. */
@Deprecated("Keras 1's name: use epochs", ReplaceWith("fit(x, y, epochs = nb_epoch)"))
public suspend fun Model.fit(
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
    dispatcher: CoroutineDispatcher = fitDispatcher,
): History = fit(x, y, nb_epoch, batchSize, verbose, callbacks, validationSplit, validationData, shuffle, classWeight,
    sampleWeight, initialEpoch, dispatcher)

/**
 * Keras's `evaluate`, suspending: `[loss, metrics…]`. Name `batchSize`: `evaluate(x, y, 128)` with a
 * positional size is the blocking Java method of [Model] (Kotlin prefers a member to an extension).
 */
public suspend fun Model.evaluate(
    x: Any,
    y: Any,
    batchSize: Int = 32,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): List<Double> = runInterruptible(dispatcher) { evaluate(x, y, batchSize) }

/** Keras's `predict`, suspending. Name `batchSize` (a positional one calls the blocking Java method). */
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
