// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.DataException;
import io.strata.data.DataArray;
import io.strata.layers.Layer;
import io.strata.layers.WeightSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * A model's weights in Keras's order: layer by layer ({@code model.layers}, or Keras 1's flattened
 * layers for a Merge of branches), each layer's weights as it declared them; a nested model
 * contributes its trainable weights, then its non-trainable ones, as Keras 2.2's {@code layer.weights}
 * of a model does. A layer reached twice (shared) counts once.
 */
final class Weights {
    private Weights() {}

    static List<WeightRef> refs(Network model) {
        List<WeightRef> out = new ArrayList<>();
        add(model, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void add(Network model, List<WeightRef> out, Set<LayerState> seen) {
        for (Layer l : model.weightLayers()) {
            if (l instanceof Network inner) {
                List<WeightRef> nested = new ArrayList<>();
                add(inner, nested, seen);
                nested.stream().filter(r -> r.spec().trainable() && !r.spec().state()).forEach(out::add);
                nested.stream().filter(r -> !r.spec().trainable() || r.spec().state()).forEach(out::add);
                continue;
            }
            LayerState s = LayerState.of(l);
            if (!seen.add(s)) {
                continue;
            }
            String name = LayerState.nameOf(l);
            List<WeightSpec> specs = s.specs(l, name, model.topology().firstNode(l).inputShapes());
            for (int k = 0; k < specs.size(); k++) {
                out.add(new WeightRef(s, k, specs.get(k), name));
            }
        }
    }

    /** {@code [all weights, trainable weights]}, counted in scalars (layer state not counted). */
    static long[] counts(List<WeightRef> refs) {
        long total = 0;
        long trainable = 0;
        for (WeightRef r : refs) {
            if (r.spec().state()) {
                continue;
            }
            total += r.spec().size();
            if (r.spec().trainable()) {
                trainable += r.spec().size();
            }
        }
        return new long[] {total, trainable};
    }

    private static List<WeightRef> weightsOnly(Model model) {
        return model.weightRefs().stream().filter(r -> !r.spec().state()).toList();
    }

    static List<FloatNdArray> get(Model model) {
        List<WeightRef> refs = weightsOnly(model);
        List<float[]> values = model.runtime.hostValues(refs);
        List<FloatNdArray> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            out.add(NdArrays.wrap(org.tensorflow.ndarray.Shape.of(refs.get(i).spec().shape().dims()),
                    DataBuffers.of(values.get(i).clone(), true, false)));
        }
        return out;
    }

    static void set(Model model, List<?> weights) {
        List<WeightRef> refs = weightsOnly(model);
        if (weights.size() != refs.size()) {
            throw new DataException("setWeights: model " + model.name() + " has " + refs.size() + " weights but "
                    + weights.size() + " were given. Pass them in getWeights() order.");
        }
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            DataArray d = DataArray.of(weights.get(i), "weights[" + i + "]");
            WeightRef r = refs.get(i);
            if (!d.shape().equals(r.spec().shape())) {
                throw new DataException("setWeights: layer weight " + r.fullName() + " has shape " + r.spec().shape()
                        + ", not compatible with the provided weight shape " + d.shape() + ".");
            }
            int[] bad = d.firstNonFinite();
            if (bad != null) {
                throw new DataException("setWeights: weights[" + i + "] (" + r.fullName() + ") has a non-finite value ("
                        + d.get(bad[0], bad[1]) + ") at row " + bad[0] + ", position " + bad[1] + ". A NaN or infinite "
                        + "weight makes every output NaN; pass finite values.");
            }
            values.add(d.values().clone());
        }
        model.runtime.setHostValues(refs, values);
        model.runtime.push();
    }

    static void resetStates(Model model) {
        List<WeightRef> states = model.weightRefs().stream().filter(r -> r.spec().state()).toList();
        if (states.isEmpty()) {
            return;
        }
        List<float[]> zeros = states.stream().map(r -> new float[Math.toIntExact(r.spec().size())]).toList();
        model.runtime.setHostValues(states, zeros);
        model.runtime.push();
    }
}
