// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.layers.WeightSpec;

/**
 * One weight of a model, as the model orders them: weight {@code k} of the layer whose state is
 * {@code state}.
 *
 * @param state the owning layer's state (shared by every model that contains the layer)
 * @param k the weight's position among its layer's weights
 * @param spec the declaration
 * @param layerName the owning layer's name
 */
record WeightRef(LayerState state, int k, WeightSpec spec, String layerName) {
    /** Keras's weight name, {@code dense_1/kernel}. */
    String fullName() {
        return layerName + "/" + spec.name();
    }
}
