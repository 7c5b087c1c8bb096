// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.backend.OptimizerState;
import io.strata.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The optimizer state a model keeps between programs, keyed by weight (layer state and position). */
final class OptimizerMemory {
    private @Nullable Optimizer<?> optimizer;
    private @Nullable OptimizerState state;
    private final List<WeightRef> refs = new ArrayList<>();

    synchronized void save(Optimizer<?> optimizer, List<WeightRef> refs, OptimizerState state) {
        this.optimizer = optimizer;
        this.state = state;
        this.refs.clear();
        this.refs.addAll(refs);
    }

    /** The saved state mapped onto {@code now}'s weights, or null if it belongs to another optimizer. */
    synchronized @Nullable OptimizerState restoreFor(Optimizer<?> optimizer, List<WeightRef> now) {
        if (state == null || this.optimizer != optimizer) {
            return null;
        }
        return remap(state, refs, now);
    }

    /** A state keyed by positions in {@code from}, keyed by positions in {@code to} (weights matched by identity). */
    static OptimizerState remap(OptimizerState state, List<WeightRef> from, List<WeightRef> to) {
        Map<WeightKey, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < to.size(); i++) {
            index.put(new WeightKey(to.get(i)), i);
        }
        Map<Integer, Map<String, float[]>> slots = new LinkedHashMap<>();
        state.slots().forEach((i, byName) -> {
            Integer j = i < from.size() ? index.get(new WeightKey(from.get(i))) : null;
            if (j != null) {
                slots.put(j, byName);
            }
        });
        return new OptimizerState(state.iterations(), state.learningRate(), slots, state.globals());
    }

    /** A weight's identity across programs: its layer's state and its position there. */
    private record WeightKey(LayerState state, int k) {
        WeightKey(WeightRef r) {
            this(r.state(), r.k());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WeightKey w && w.state == state && w.k == k;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(state) * 31 + k;
        }
    }
}
