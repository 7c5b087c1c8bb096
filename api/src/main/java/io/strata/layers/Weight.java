// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

/**
 * A handle to a weight that a layer declared in {@link Layer#build}; the layer's {@link LayerCall}
 * reads it through {@link CallContext#read(Weight)}.
 *
 * @param layerName the owning layer's name
 * @param index the weight's position in the model's weight list (Keras's {@code get_weights} order)
 * @param spec the declaration
 */
public record Weight(String layerName, int index, WeightSpec spec) {
    /** The full Keras-style name, {@code dense_1/kernel}. */
    public String fullName() {
        return layerName + "/" + spec.name();
    }
}
