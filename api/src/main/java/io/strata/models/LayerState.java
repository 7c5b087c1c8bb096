// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.ShapeMismatchException;
import io.strata.Shape;
import io.strata.layers.BuildContext;
import io.strata.layers.Layer;
import io.strata.layers.WeightSpec;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What a placed layer object carries beyond its arguments: the name a model gave it and its weights
 * on the host. One state per layer object (layers compare by identity), so every model that contains
 * the layer (a shared layer, a Merge branch, a nested model) sees the same weights.
 *
 * <p>Hand-over between models: the freshest values of a layer's weights are either here (then
 * {@link #holder} is null) or in the native program named by {@link #holder}, which copies them back
 * ({@link Holding#flush}) when another model needs them. {@link #version} grows
 * on every change of the host values, so a runtime knows whether its program has them. All of this is
 * guarded by {@link ModelRuntime#SYNC}.
 */
final class LayerState {
    private static final Map<Layer, LayerState> STATES = Collections.synchronizedMap(new WeakHashMap<>());

    /** The name a model gave the layer (null until placed, or when the layer has a name of its own). */
    volatile @Nullable String name;
    /**
     * For an input a Sequential made for its first layer: that layer (the input is named after it).
     * Weak: a state must not keep another layer (a key of {@link #STATES}) alive.
     */
    volatile @Nullable WeakReference<Layer> inputFor;

    /**
     * The names and shapes of the weights the layer declared, and the input shapes they were declared
     * for. Not the declarations themselves: those may hold the layer (an initializer written as an inner
     * class), and a state must not keep its layer, a key of {@link #STATES}, alive.
     */
    private @Nullable List<String> specNames;
    private @Nullable List<Shape> specWeightShapes;
    private @Nullable List<Shape> specShapes;

    /** The host values, one per spec; null until initialized. Guarded by {@link ModelRuntime#SYNC}. */
    float @Nullable [][] values;
    /** Grows on every change of {@link #values}. */
    volatile long version;
    /** The program that holds newer values than {@link #values}, or null. */
    volatile @Nullable Holding holder;

    private LayerState() {}

    /** The state of {@code layer}, made on first use. */
    static LayerState of(Layer layer) {
        synchronized (STATES) {
            return STATES.computeIfAbsent(layer, l -> new LayerState());
        }
    }

    /** The state of {@code layer} if it has one. */
    static @Nullable LayerState find(Layer layer) {
        return STATES.get(layer);
    }

    /** The layer's name in models: its own, the model-given one, or null if it has neither yet. */
    static @Nullable String nameOf(Layer layer) {
        if (layer instanceof Network m) {
            return m.name();
        }
        if (layer.name() != null) {
            return layer.name();
        }
        LayerState s = find(layer);
        if (s == null) {
            return null;
        }
        if (s.name != null) {
            return s.name;
        }
        Layer first = s.inputFor == null ? null : s.inputFor.get();
        if (first != null) {
            String n = nameOf(first);
            return n == null ? null : n + "_input";
        }
        return null;
    }

    /** Whether the layer's name was chosen by a model (and may be changed to keep names unique). */
    static boolean autoNamed(Layer layer) {
        return !(layer instanceof Network) && layer.name() == null;
    }

    /**
     * The weights the layer declares for an application to {@code inputShapes}, recorded once; a later
     * application (a shared layer) must declare the same weights.
     */
    synchronized List<WeightSpec> specs(Layer layer, String layerName, List<Shape> inputShapes) {
        if (inputShapes.isEmpty()) {
            return List.of(); // an input layer
        }
        List<WeightSpec> specs = record(layer, layerName, inputShapes);
        List<String> names = specs.stream().map(WeightSpec::name).toList();
        List<Shape> shapes = specs.stream().map(WeightSpec::shape).toList();
        if (specNames != null && !(names.equals(specNames) && shapes.equals(specWeightShapes))) {
            throw new ShapeMismatchException("Layer " + layerName + " (" + layer.className() + ") is shared, but its "
                    + "applications to " + specShapes + " and " + inputShapes + " need different weights (" + specWeightShapes
                    + " and " + shapes + "). A shared layer must be applied to inputs of compatible shapes.");
        }
        specNames = names;
        specWeightShapes = shapes;
        specShapes = List.copyOf(inputShapes);
        return specs;
    }

    /** The number of weights the layer declared (0 before {@link #specs} was first called). */
    synchronized int specCount() {
        return specNames == null ? 0 : specNames.size();
    }

    /** Builds {@code layer} on a context that only records its weights (building is pure). */
    static List<WeightSpec> record(Layer layer, String layerName, List<Shape> inputShapes) {
        List<WeightSpec> sink = new ArrayList<>();
        layer.buildCall(BuildContext.recording(layerName, sink, !layer.trainable()), inputShapes);
        return sink;
    }
}
