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
 * @param trainable whether the optimizer updates it (non-trainable weights such as moving means are
 *     still weights: saved, counted and returned by {@code getWeights})
 * @param state whether it is layer state rather than a weight (a stateful RNN's hidden state): not
 *     counted, not in {@code getWeights}, zeroed by {@code resetStates}
 */
public record WeightSpec(
        String name,
        Shape shape,
        Initializer initializer,
        @Nullable Regularizer regularizer,
        @Nullable Constraint constraint,
        boolean trainable,
        boolean state) {

    /** A weight (not state). */
    public WeightSpec(String name, Shape shape, Initializer initializer, @Nullable Regularizer regularizer,
            @Nullable Constraint constraint, boolean trainable) {
        this(name, shape, initializer, regularizer, constraint, trainable, false);
    }

    /** This declaration with {@code trainable = false}. */
    public WeightSpec frozen() {
        return new WeightSpec(name, shape, initializer, regularizer, constraint, false, state);
    }

    /** The number of scalars in this weight. */
    public long size() {
        return shape.size();
    }
}
