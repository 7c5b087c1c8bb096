// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a program's optimizer, as the host keeps it between programs (a rebuild, a
 * {@code close()}): Keras's {@code iterations}, the base learning rate, and every slot (momentum,
 * Adam's moments, …) of every weight.
 *
 * @param iterations the number of training steps taken
 * @param learningRate the base learning rate (as {@code setLearningRate} left it)
 * @param slots per weight (its position in the program's definition), the slots by name, row-major.
 *     Backends use Keras 2.2's names, which the file formats map: SGD {@code momentum}; RMSprop
 *     {@code accumulator} (and {@code mg} when centered); Adagrad {@code accumulator}; Adadelta
 *     {@code accumulator}, {@code delta_accumulator}; Adam {@code m}, {@code v} (and {@code vhat} with
 *     AMSGrad); Adamax {@code m}, {@code u}; Nadam {@code m}, {@code v}. A backend may keep other slots
 *     of its own; a restored state without them leaves them at their initial values.
 * @param globals slots of the optimizer itself, by name (Nadam's {@code m_schedule})
 */
public record OptimizerState(long iterations, double learningRate, Map<Integer, Map<String, float[]>> slots,
        Map<String, float[]> globals) {

    /** Copies the maps. */
    public OptimizerState {
        Map<Integer, Map<String, float[]>> copy = new LinkedHashMap<>();
        slots.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        slots = Map.copyOf(copy);
        globals = Map.copyOf(globals);
    }
}
