// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.data.Batch
import io.strata.models.Model
import io.strata.training.FitOptions
import io.strata.training.History
import io.strata.training.TrainingListener
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ChannelResult
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible

/** Keras's generator arguments of `fit`; `null` keeps Keras's default. */
private fun generatorOptions(
    epochs: Int?,
    verbose: Int?,
    callbacks: List<TrainingListener>,
    validationData: Any?,
    validationSteps: Int?,
    shuffle: Boolean?,
    classWeight: Map<Int, Double>?,
    initialEpoch: Int?,
    workers: Int?,
    maxQueueSize: Int?,
): FitOptions {
    var o = FitOptions.defaults()
    if (epochs != null) o = o.withEpochs(epochs)
    if (verbose != null) o = o.verbose(verbose)
    if (callbacks.isNotEmpty()) o = o.callbacks(callbacks)
    if (validationData != null) o = o.validationData(validationData)
    if (validationSteps != null) o = o.validationSteps(validationSteps)
    if (shuffle != null) o = o.shuffle(shuffle)
    if (classWeight != null) o = o.classWeight(classWeight)
    if (initialEpoch != null) o = o.initialEpoch(initialEpoch)
    if (workers != null) o = o.workers(workers)
    if (maxQueueSize != null) o = o.maxQueueSize(maxQueueSize)
    return o
}

/**
 * Keras's `fit(Sequence)`, suspending: batches asked for by index on `workers` background threads,
 * in an order shuffled from the model's seed.
 *
 * ```kotlin
 * val batches = object : io.strata.data.Sequence {
 *     override fun size() = 10
 *     override fun get(index: Int) = io.strata.data.Batch.of(x, y)   // read batch `index` from disk here
 * }
 * val history = model.fit(batches, epochs = 5, workers = 1, validationData = batches)
 * ```
 */
public suspend fun Model.fit(
    data: io.strata.data.Sequence,
    epochs: Int? = null,
    verbose: Int? = null,
    callbacks: List<TrainingListener> = emptyList(),
    validationData: io.strata.data.Sequence? = null,
    shuffle: Boolean? = null,
    classWeight: Map<Int, Double>? = null,
    initialEpoch: Int? = null,
    workers: Int? = null,
    maxQueueSize: Int? = null,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): History {
    val o = generatorOptions(epochs, verbose, callbacks, validationData, null, shuffle, classWeight, initialEpoch, workers, maxQueueSize)
    return runInterruptible(dispatcher) { fit(data, o) }
}

/**
 * Keras 2's `fit_generator` over a Kotlin sequence of batches: `stepsPerEpoch` batches an epoch,
 * read ahead on a background thread. The sequence is iterated once across all epochs, so it should
 * be endless (`generateSequence`), as Keras's generators are.
 */
public suspend fun Model.fit(
    batches: kotlin.sequences.Sequence<Batch>,
    stepsPerEpoch: Int,
    epochs: Int? = null,
    verbose: Int? = null,
    callbacks: List<TrainingListener> = emptyList(),
    validationData: io.strata.data.Sequence? = null,
    classWeight: Map<Int, Double>? = null,
    initialEpoch: Int? = null,
    maxQueueSize: Int? = null,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): History {
    val o = generatorOptions(epochs, verbose, callbacks, validationData, null, null, classWeight, initialEpoch, null, maxQueueSize)
    return runInterruptible(dispatcher) { fitGenerator(batches.iterator(), stepsPerEpoch, o) }
}

/**
 * Keras 2's `fit_generator` over a [Flow] of batches: the flow is collected on [Dispatchers.IO] into
 * a buffer of `maxQueueSize` batches (10) while the model trains; cancelling stops both.
 */
public suspend fun Model.fit(
    batches: Flow<Batch>,
    stepsPerEpoch: Int,
    epochs: Int? = null,
    verbose: Int? = null,
    callbacks: List<TrainingListener> = emptyList(),
    validationData: io.strata.data.Sequence? = null,
    classWeight: Map<Int, Double>? = null,
    initialEpoch: Int? = null,
    maxQueueSize: Int? = null,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): History = coroutineScope {
    val channel = Channel<Batch>(maxQueueSize ?: 10)
    val producer = launch(Dispatchers.IO) {
        try {
            batches.collect { channel.send(it) }
            channel.close()
        } catch (e: Throwable) {
            channel.close(e)
            throw e
        }
    }
    val iterator = object : Iterator<Batch> {
        private var next: ChannelResult<Batch>? = null
        override fun hasNext(): Boolean {
            val r = next ?: runBlocking { channel.receiveCatching() }.also { next = it }
            if (r.isClosed) r.exceptionOrNull()?.let { throw it }
            return r.isSuccess
        }
        override fun next(): Batch {
            if (!hasNext()) throw NoSuchElementException("the flow of batches has ended")
            return next!!.getOrThrow().also { next = null }
        }
    }
    val o = generatorOptions(epochs, verbose, callbacks, validationData, null, null, classWeight, initialEpoch, null, maxQueueSize)
    try {
        runInterruptible(dispatcher) { fitGenerator(iterator, stepsPerEpoch, o) }
    } finally {
        producer.cancel()
        channel.cancel()
    }
}

/** Keras's `evaluate(Sequence)`, suspending. */
public suspend fun Model.evaluate(data: io.strata.data.Sequence, dispatcher: CoroutineDispatcher = fitDispatcher): List<Double> =
    runInterruptible(dispatcher) { evaluate(data) }

/** Keras's `predict(Sequence)` of a one-output model, suspending: the batches' rows in order. */
public suspend fun Model.predict(
    data: io.strata.data.Sequence,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): org.tensorflow.ndarray.FloatNdArray = runInterruptible(dispatcher) { predictOutputs(data).single() }
