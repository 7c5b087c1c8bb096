// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.layers.InputLayer;
import io.strata.layers.Layer;
import io.strata.layers.SymbolicTensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How models name their layers: a layer's own name if it has one, else the name the first model
 * that placed it gave it ({@code dense_1}: Keras's snake-case class name and the first free number in
 * that model). Names are unique within a model, as Keras requires; when graphs are joined (a Merge of
 * branches, a model over layers named by other models) a clash of model-given names is resolved by
 * renumbering the later layer, so the joined model reads as Keras's global counters would name it.
 */
final class Names {
    private Names() {}

    /** The first free {@code prefix_N} for N = 1, 2, ... */
    static String next(String prefix, Set<String> taken) {
        int n = 1;
        while (taken.contains(prefix + "_" + n)) {
            n++;
        }
        return prefix + "_" + n;
    }

    /** Names every unnamed layer of a functional model's graph and makes its layer names unique. */
    static void assignGraph(Topology t, String what) {
        List<Layer> inputs = t.inputs.stream().map(SymbolicTensor::layer).toList();
        List<Layer> others = new ArrayList<>();
        for (Layer l : t.layers) {
            if (!(l instanceof InputLayer && inputs.contains(l))) {
                others.add(l);
            }
        }
        Set<String> taken = unique(others, what);
        for (Layer l : others) {
            name(l, l.namePrefix(), taken);
        }
        taken.addAll(unique(inputs, what));
        for (Layer l : inputs) {
            name(l, "input", taken);
        }
    }

    private static void name(Layer l, String prefix, Set<String> taken) {
        if (LayerState.nameOf(l) == null) {
            String n = next(prefix, taken);
            LayerState.of(l).name = n;
            taken.add(n);
        }
    }

    /**
     * Makes the names that {@code layers} already have unique, renumbering model-given names that clash
     * with earlier ones, and returns the names in use.
     *
     * @throws InvalidConfigException if two layers were given the same name by the user
     */
    static Set<String> unique(List<Layer> layers, String what) {
        Set<String> taken = new HashSet<>();
        List<Layer> clashing = new ArrayList<>();
        for (Layer l : layers) {
            String n = LayerState.nameOf(l);
            if (n == null) {
                continue;
            }
            if (taken.add(n)) {
                continue;
            }
            LayerState s = LayerState.find(l);
            if (!LayerState.autoNamed(l) || s == null || s.name == null) {
                Layer first = layers.stream().filter(o -> n.equals(LayerState.nameOf(o))).findFirst().orElseThrow();
                if (LayerState.autoNamed(first) && LayerState.find(first) != null && LayerState.find(first).name != null) {
                    clashing.add(first);
                    continue;
                }
                throw new InvalidConfigException("The name \"" + n + "\" is used 2 times in " + what + ". All layer "
                        + "names should be unique: rename one of the layers.");
            }
            clashing.add(l);
        }
        for (Layer l : clashing) {
            String n = next(l.namePrefix(), taken);
            LayerState.of(l).name = n;
            taken.add(n);
        }
        for (Layer l : layers) {
            String n = LayerState.nameOf(l);
            if (n != null) {
                taken.add(n);
            }
        }
        return taken;
    }
}
