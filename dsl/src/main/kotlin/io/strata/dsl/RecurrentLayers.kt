// SPDX-License-Identifier: Apache-2.0
package io.strata.dsl

import io.strata.activations.ActivationFunction
import io.strata.layers.GRU
import io.strata.layers.LSTM
import io.strata.layers.RNN
import io.strata.layers.SimpleRNN

/** The configuration block of `lstm`, `gru` and `simpleRnn`: `lstm(32) { inputShape(10, 64) }`. */
public class RecurrentScope<L : RNN<L>> @PublishedApi internal constructor(layer: L) : LayerScope<L>(layer)

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
 * Keras's `LSTM(units)`.
 *
 * ```kotlin
 * lstm(32, returnSequences = true, inputShape = listOf(8, 16))
 * ```
 */
public fun LayerBuilderScope.lstm(
    units: Int,
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
    block: RecurrentScope<LSTM>.() -> Unit = {},
): LSTM {
    var l = LSTM(units).recurrent(activation, returnSequences, goBackwards, stateful, dropout,
        recurrentDropout, inputDim, inputLength, inputShape, batchInputShape, name)
    if (recurrentActivation != null) l = l.recurrentActivation(recurrentActivation)
    return emit(RecurrentScope(l).apply(block).layer)
}

/** Keras 1's `LSTM(output_dim, inner_activation=…, dropout_W=…, dropout_U=…)`. */
@Deprecated("Keras 1's names: use units, recurrentActivation, dropout and recurrentDropout", ReplaceWith("lstm(output_dim)"))
public fun LayerBuilderScope.lstm(
    output_dim: Int,
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
    inner_activation: ActivationFunction? = null,
    dropout_W: Double? = null,
    dropout_U: Double? = null,
): LSTM = lstm(output_dim, activation, recurrentActivation ?: inner_activation, returnSequences, goBackwards, stateful,
    dropout ?: dropout_W, recurrentDropout ?: dropout_U, inputDim, inputLength, inputShape, batchInputShape, name)

/** Keras's `GRU(units)`. */
public fun LayerBuilderScope.gru(
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
    block: RecurrentScope<GRU>.() -> Unit = {},
): GRU {
    val l = GRU(units).recurrent(activation, returnSequences, goBackwards, stateful, dropout, recurrentDropout,
        inputDim, inputLength, inputShape, batchInputShape, name)
    return emit(RecurrentScope(l).apply(block).layer)
}

/** Keras 1's `GRU(output_dim, inner_activation=…, dropout_W=…, dropout_U=…)`. */
@Deprecated("Keras 1's names: use units, dropout and recurrentDropout", ReplaceWith("gru(output_dim)"))
public fun LayerBuilderScope.gru(
    output_dim: Int,
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
    inner_activation: ActivationFunction? = null,
    dropout_W: Double? = null,
    dropout_U: Double? = null,
): GRU {
    var l = GRU(output_dim).recurrent(activation, returnSequences, goBackwards, stateful, dropout ?: dropout_W,
        recurrentDropout ?: dropout_U, inputDim, inputLength, inputShape, batchInputShape, name)
    if (inner_activation != null) l = l.recurrentActivation(inner_activation)
    return emit(l)
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
    block: RecurrentScope<SimpleRNN>.() -> Unit = {},
): SimpleRNN {
    val l = SimpleRNN(units).recurrent(activation, returnSequences, goBackwards, stateful, dropout, recurrentDropout,
        inputDim, inputLength, inputShape, batchInputShape, name)
    return emit(RecurrentScope(l).apply(block).layer)
}
