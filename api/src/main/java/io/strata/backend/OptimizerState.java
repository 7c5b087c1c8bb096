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
 * @param slots per weight (its position in the program's definition), the slots by name, row-major
 * @param globals slots of the optimizer itself (Nadam's momentum schedule), by name
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
