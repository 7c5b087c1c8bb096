// SPDX-License-Identifier: Apache-2.0
package io.strata.jupyter

import io.strata.models.Model
import io.strata.training.FitOptions
import io.strata.training.History
import io.strata.training.Shuffle
import io.strata.training.TrainingListener
import org.tensorflow.ndarray.FloatNdArray

/*
 * Keras's fit, evaluate and predict for notebook cells, which are not coroutines: the same arguments
 * as the DSL's suspending calls, run on the cell's thread (the kernel's interrupt stops training at
 * the next batch, as cancelling does). The integration imports these by name, so in a notebook they
 * take precedence over the DSL's suspending ones; `runBlocking { }` around the DSL's calls still works.
 */

/** Keras's `fit` in a notebook cell: blocks until training ends and returns the [History]. */
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
): History = fit(x, y, options(epochs, batchSize, verbose, callbacks, validationSplit, validationData,
    shuffle?.let { if (it) Shuffle.TRUE else Shuffle.FALSE }, classWeight, sampleWeight, initialEpoch))

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
): History = fit(x, y, options(epochs, batchSize, verbose, callbacks, validationSplit, validationData,
    Shuffle.valueOf(shuffle.uppercase()), classWeight, sampleWeight, initialEpoch))

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
public fun Model.evaluate(x: Any, y: Any, batchSize: Int = 32): List<Double> = evaluate(x, y, batchSize)

/** Keras's `predict` in a notebook cell; the result renders as its values. */
public fun Model.predict(x: Any, batchSize: Int = 32): FloatNdArray = predict(x, batchSize)

/** Keras's `predict` of a model with several outputs, in a notebook cell. */
public fun Model.predictOutputs(x: Any, batchSize: Int = 32): List<FloatNdArray> = predictOutputs(x, batchSize)

private fun options(
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
