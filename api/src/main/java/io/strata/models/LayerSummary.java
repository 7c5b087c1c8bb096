// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.Shape;
import java.util.List;

/**
 * One row of a model's {@code summary()}: what a notebook or a tool needs to render the table its own way.
 *
 * @param name the layer's name in the model ({@code dense_1})
 * @param className Keras's class name ({@code Dense})
 * @param outputShape the layer's batch output shape (its first output's, for a layer with several)
 * @param params the number of weights
 * @param trainableParams the number of trainable weights
 * @param outputShapeText the output shape as Keras prints it: {@code (None, 32)}, a list for several
 *     outputs, or {@code multiple} for a shared layer whose applications differ
 * @param connectedTo Keras's "Connected to" entries ({@code dense_1[0][0]}); empty in the table of a
 *     Sequential-like model, which has no such column
 */
public record LayerSummary(String name, String className, Shape outputShape, long params, long trainableParams,
        String outputShapeText, List<String> connectedTo) {

    /** Copies the list. */
    public LayerSummary {
        connectedTo = List.copyOf(connectedTo);
    }

    /** A row of a Sequential-like table: no connections, the shape printed as it is. */
    public LayerSummary(String name, String className, Shape outputShape, long params, long trainableParams) {
        this(name, className, outputShape, params, trainableParams, outputShape.toString(), List.of());
    }
}
