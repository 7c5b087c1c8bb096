// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl.layers

import io.strata.activations.ActivationFunction
import io.strata.dsl.LayerBuilderScope
import io.strata.layers.GRU
import io.strata.layers.LSTM
import io.strata.layers.RNN
import io.strata.layers.SimpleRNN

@PublishedApi
internal fun <L : RNN<L>> L.recurrent(
    activation: ActivationFunction?,
    returnSequences: Boolean?,
    goBackwards: Boolean?,
    stateful: Boolean?,
    dropout: Double?,
    recurrentDropout: Double?,
    inputDim: Int?,
    inputLength: Int?,
    inputShape: List<Int>?,
    batchInputShape: List<Int?>?,
    name: String?,
): L {
    var l = common(name, inputDim, inputShape, batchInputShape, inputLength, null, null, null)
    if (activation != null) l = l.activation(activation)
    if (returnSequences != null) l = l.returnSequences(returnSequences)
    if (goBackwards != null) l = l.goBackwards(goBackwards)
    if (stateful != null) l = l.stateful(stateful)
    if (dropout != null) l = l.dropout(dropout)
    if (recurrentDropout != null) l = l.recurrentDropout(recurrentDropout)
    return l
}

/**
 * Keras's `LSTM(units)`; Keras 1's `output_dim` and `inner_activation` are accepted.
 *
 * ```kotlin
 * lstm(32, returnSequences = true, inputShape = listOf(8, 16))
 * ```
 */
public fun LayerBuilderScope.lstm(
    units: Int = 0,
    activation: ActivationFunction? = null,
    recurrentActivation: ActivationFunction? = null,
    returnSequences: Boolean? = null,
    goBackwards: Boolean? = null,
    stateful: Boolean? = null,
    dropout: Double? = null,
    recurrentDropout: Double? = null,
    inputDim: Int? = null,
    inputLength: Int? = null,
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    name: String? = null,
    output_dim: Int? = null,
    inner_activation: ActivationFunction? = null,
): LSTM {
    var l = LSTM(output_dim ?: units).recurrent(activation, returnSequences, goBackwards, stateful, dropout,
        recurrentDropout, inputDim, inputLength, inputShape, batchInputShape, name)
    (recurrentActivation ?: inner_activation)?.let { l = l.recurrentActivation(it) }
    return emit(l)
}

/** Keras's `GRU(units)`; Keras 1's `output_dim` is accepted. */
public fun LayerBuilderScope.gru(
    units: Int = 0,
    activation: ActivationFunction? = null,
    returnSequences: Boolean? = null,
    goBackwards: Boolean? = null,
    stateful: Boolean? = null,
    dropout: Double? = null,
    recurrentDropout: Double? = null,
    inputDim: Int? = null,
    inputLength: Int? = null,
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    name: String? = null,
    output_dim: Int? = null,
): GRU {
    return emit(GRU(output_dim ?: units).recurrent(activation, returnSequences, goBackwards, stateful, dropout, recurrentDropout,
        inputDim, inputLength, inputShape, batchInputShape, name))
}

/** Keras's `SimpleRNN(units)`. */
public fun LayerBuilderScope.simpleRnn(
    units: Int,
    activation: ActivationFunction? = null,
    returnSequences: Boolean? = null,
    goBackwards: Boolean? = null,
    stateful: Boolean? = null,
    dropout: Double? = null,
    recurrentDropout: Double? = null,
    inputDim: Int? = null,
    inputLength: Int? = null,
    inputShape: List<Int>? = null,
    batchInputShape: List<Int?>? = null,
    name: String? = null,
): SimpleRNN {
    return emit(SimpleRNN(units).recurrent(activation, returnSequences, goBackwards, stateful, dropout, recurrentDropout,
        inputDim, inputLength, inputShape, batchInputShape, name))
}
