// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import java.util.List;

/**
 * What one data-parallel replica computes on its share of a batch: the loss and logged values, and
 * the gradient of the batch's mean loss for each trainable weight.
 *
 * @param logs {@code [loss, logs...]} on the replica's samples
 * @param weights the positions (in the definition's weight list) of the weights with a gradient
 * @param values one gradient per entry of {@code weights}, row-major in the weight's shape
 */
public record Gradients(float[] logs, int[] weights, List<float[]> values) {
    /** Copies the list. */
    public Gradients {
        values = List.copyOf(values);
    }
}
