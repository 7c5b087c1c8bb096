// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.models.Model
import io.strata.training.Shuffle
import io.strata.training.TrainingEvent
import io.strata.training.TrainingListener
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.channels.trySendBlocking
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runInterruptible

/**
 * Training as a cold [Flow] of [TrainingEvent]s: collecting starts a `fit` with these arguments,
 * cancelling the collector stops it at the next batch boundary, and the flow completes when training
 * ends (with training's exception if it fails).
 *
 * Buffering: events pass through the channel of [callbackFlow] with its default bounded buffer
 * (64 events). When the collector falls behind, the training thread waits for it (back-pressure), so
 * no event is lost and memory stays bounded. To let training run ahead and see only the newest batch
 * events, apply `.conflate()` or `.buffer(…)` yourself.
 *
 * ```kotlin
 * model.fitFlow(x, y, epochs = 5)
 *     .filterIsInstance<TrainingEvent.EpochEnded>()
 *     .collect { println("epoch ${it.epoch()}: ${it.logs()}") }
 * ```
 */
public fun Model.fitFlow(
    x: Any,
    y: Any,
    epochs: Int? = null,
    batchSize: Int? = null,
    verbose: Int? = 0,
    validationSplit: Double? = null,
    validationData: Pair<Any, Any>? = null,
    shuffle: Shuffle? = null,
    classWeight: Map<Int, Double>? = null,
    sampleWeight: FloatArray? = null,
    initialEpoch: Int? = null,
    dispatcher: CoroutineDispatcher = fitDispatcher,
): Flow<TrainingEvent> = callbackFlow {
    val listener = TrainingListener { event ->
        try {
            trySendBlocking(event)
        } catch (e: InterruptedException) {
            // The collector is gone and training was interrupted: keep the flag, so the loop stops at
            // the next batch boundary.
            Thread.currentThread().interrupt()
        }
    }
    val options = fitOptions(epochs, batchSize, verbose, listOf(listener), validationSplit, validationData, shuffle,
        classWeight, sampleWeight, initialEpoch)
    val model = this@fitFlow
    launch {
        try {
            runInterruptible(dispatcher) { model.fit(x, y, options) }
            channel.close()
        } catch (e: Throwable) {
            channel.close(e)
        }
    }
    awaitClose { }
}
