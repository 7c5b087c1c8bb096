// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.constraints.Constraint;
import io.strata.initializers.Initializer;
import io.strata.regularizers.Regularizer;
import org.jspecify.annotations.Nullable;

/**
 * What a layer sees while it is built: the place where it declares its weights. Building is pure
 * (no backend): the same declarations give {@code summary()}'s parameter counts and the backend's
 * variables, so the two cannot disagree.
 */
public interface BuildContext {
    /** The name of the layer being built. */
    String layerName();

    /** Declares a weight and returns its handle. */
    Weight addWeight(WeightSpec spec);

    /** Declares a weight; shorthand for {@link #addWeight(WeightSpec)}. */
    default Weight addWeight(
            String name,
            Shape shape,
            Initializer initializer,
            @Nullable Regularizer regularizer,
            @Nullable Constraint constraint,
            boolean trainable) {
        return addWeight(new WeightSpec(name, shape, initializer, regularizer, constraint, trainable));
    }

    /** Declares layer state (a stateful RNN's hidden state), zero at the start and after {@code resetStates}. */
    default Weight addState(String name, Shape shape) {
        return addWeight(new WeightSpec(name, shape, io.strata.initializers.Initializers.zeros(), null, null, false, true));
    }

    /**
     * A context that only records the declarations of {@code layerName} into {@code sink} (made
     * non-trainable when {@code frozen}), refusing weights of unknown shape: building is pure, so this
     * gives the layer's weights without a backend.
     */
    static BuildContext recording(String layerName, java.util.List<WeightSpec> sink, boolean frozen) {
        return new BuildContext() {
            @Override
            public String layerName() {
                return layerName;
            }

            @Override
            public Weight addWeight(WeightSpec spec) {
                if (!spec.shape().isFullyKnown()) {
                    throw new io.strata.ShapeMismatchException("Layer " + layerName + " declared weight '" + spec.name()
                            + "' with an unknown dimension " + spec.shape() + "; its input shape must be known there.");
                }
                WeightSpec s = frozen ? spec.frozen() : spec;
                sink.add(s);
                return new Weight(layerName, sink.size() - 1, s);
            }
        };
    }
}
