// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.Shape;

/**
 * One row of a model's {@code summary()}: what a notebook or a tool needs to render the table its own way.
 *
 * @param name the layer's name in the model ({@code dense_1})
 * @param className Keras's class name ({@code Dense})
 * @param outputShape the layer's batch output shape
 * @param params the number of weights
 * @param trainableParams the number of trainable weights
 */
public record LayerSummary(String name, String className, Shape outputShape, long params, long trainableParams) {}
