// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.constraints.Constraint;
import io.strata.initializers.Initializer;
import io.strata.regularizers.Regularizer;
import org.jspecify.annotations.Nullable;

/**
 * The declaration of one layer weight: what {@link BuildContext#addWeight} records and a backend
 * turns into a variable.
 *
 * @param name the weight's name inside its layer ({@code kernel}, {@code bias}); the full name is
 *     {@code layerName/name}
 * @param shape the fully known shape
 * @param initializer how the initial value is drawn
 * @param regularizer a penalty added to the training loss, or null
 * @param constraint a projection applied after each optimizer update, or null
 * @param trainable whether the optimizer updates it (non-trainable weights hold state)
 */
public record WeightSpec(
        String name,
        Shape shape,
        Initializer initializer,
        @Nullable Regularizer regularizer,
        @Nullable Constraint constraint,
        boolean trainable) {

    /** The number of scalars in this weight. */
    public long size() {
        return shape.size();
    }
}
