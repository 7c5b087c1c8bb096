// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.backend.OptimizerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A program's optimizer state on the host's side: read as an {@link OptimizerState} (iterations, the
 * learning rate, every slot and shared variable), and restored from one, each slot as soon as the
 * training step that creates it exists (until then it waits as the pending state). Callers hold the
 * steps' lock.
 */
final class TfOptimizerStates {
    private final TfGraphBuilder g;
    private final TfVariables vars;
    private final List<Output<?>> weightHandles;
    private final Output<?> iterationsRead;
    private final Output<?> lrRead;
    private final Output<?> iterationsPlaceholder;
    private final Operation iterationsAssign;
    private final Output<?> lrPlaceholder;
    private final Operation lrAssign;
    /** A restored optimizer state whose slots wait for the training step that creates them. */
    private @Nullable OptimizerState pending;

    TfOptimizerStates(TfGraphBuilder g, TfVariables vars, List<Output<?>> weightHandles, Output<?> iterationsRead,
            Output<?> lrRead, Output<?> iterationsPlaceholder, Operation iterationsAssign, Output<?> lrPlaceholder,
            Operation lrAssign) {
        this.g = g;
        this.vars = vars;
        this.weightHandles = weightHandles;
        this.iterationsRead = iterationsRead;
        this.lrRead = lrRead;
        this.iterationsPlaceholder = iterationsPlaceholder;
        this.iterationsAssign = iterationsAssign;
        this.lrPlaceholder = lrPlaceholder;
        this.lrAssign = lrAssign;
    }

    /** The optimizer's state; slots not created yet are those of the pending restored state, if any. */
    OptimizerState state(Session session) {
        Map<Integer, Map<String, float[]>> slots = new java.util.LinkedHashMap<>();
        if (pending != null) {
            slots.putAll(pending.slots());
        }
        List<Output<?>> fetches = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < weightHandles.size(); i++) {
            for (Map.Entry<String, Output<?>> e : vars.slotsOf(weightHandles.get(i)).entrySet()) {
                fetches.add(vars.read(e.getValue()));
                owners.add(i);
                names.add(e.getKey());
            }
        }
        Map<String, float[]> globals = new java.util.LinkedHashMap<>();
        if (pending != null) {
            globals.putAll(pending.globals());
        }
        List<String> globalNames = new ArrayList<>(vars.sharedVariables().keySet());
        for (String k : globalNames) {
            fetches.add(vars.read(vars.sharedVariables().get(k)));
        }
        Session.Runner r = session.runner().fetch(iterationsRead).fetch(lrRead);
        fetches.forEach(r::fetch);
        try (Result result = r.run()) {
            long iterations = ((TInt64) result.get(0)).getLong();
            double lr = ((TFloat32) result.get(1)).getFloat();
            for (int k = 0; k < owners.size(); k++) {
                slots.computeIfAbsent(owners.get(k), x -> new java.util.LinkedHashMap<>())
                        .put(names.get(k), TfSteps.floats((TFloat32) result.get(2 + k)));
            }
            for (int k = 0; k < globalNames.size(); k++) {
                globals.put(globalNames.get(k), TfSteps.floats((TFloat32) result.get(2 + owners.size() + k)));
            }
            return new OptimizerState(iterations, lr, slots, globals);
        }
    }

    /** Restores iterations and the learning rate now, and every slot that exists now or is created later. */
    void restore(Session session, OptimizerState state) {
        try (org.tensorflow.types.TInt64 it = org.tensorflow.types.TInt64.scalarOf(state.iterations());
                TFloat32 lr = TFloat32.scalarOf((float) state.learningRate())) {
            session.runner().feed(iterationsPlaceholder, it).addTarget(iterationsAssign)
                    .feed(lrPlaceholder, lr).addTarget(lrAssign).run();
        }
        pending = state;
        applyPending(session);
    }

    /** Writes the pending state's values into the slots that exist, and forgets them. */
    void applyPending(Session session) {
        if (pending == null) {
            return;
        }
        Map<Integer, Map<String, float[]>> left = new java.util.LinkedHashMap<>();
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            boolean any = false;
            for (Map.Entry<Integer, Map<String, float[]>> e : pending.slots().entrySet()) {
                Map<String, Output<?>> existing = e.getKey() < weightHandles.size()
                        ? vars.slotsOf(weightHandles.get(e.getKey())) : Map.of();
                Map<String, float[]> notYet = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, float[]> slot : e.getValue().entrySet()) {
                    Output<?> h = existing.get(slot.getKey());
                    if (h == null) {
                        notYet.put(slot.getKey(), slot.getValue());
                        continue;
                    }
                    any |= write(r, h, slot.getValue(), tensors);
                }
                if (!notYet.isEmpty()) {
                    left.put(e.getKey(), notYet);
                }
            }
            Map<String, float[]> globalsLeft = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : pending.globals().entrySet()) {
                Output<?> h = vars.sharedVariables().get(e.getKey());
                if (h == null) {
                    globalsLeft.put(e.getKey(), e.getValue());
                } else {
                    any |= write(r, h, e.getValue(), tensors);
                }
            }
            if (any) {
                r.run();
            }
            pending = left.isEmpty() && globalsLeft.isEmpty() ? null
                    : new OptimizerState(pending.iterations(), pending.learningRate(), left, globalsLeft);
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    /** Adds {@code handle := values} to {@code r} if the sizes agree (a slot of a changed weight is skipped). */
    private boolean write(Session.Runner r, Output<?> handle, float[] values, List<TFloat32> tensors) {
        long[] shape = vars.shapeOf(handle);
        if (io.strata.Shape.of(shape).size() != values.length) {
            return false;
        }
        TFloat32 t = TfData.floats(values, io.strata.Shape.of(shape));
        tensors.add(t);
        Output<?> ph = g.placeholder(DataType.DT_FLOAT, shape);
        r.feed(ph, t).addTarget(vars.assign(handle, ph));
        return true;
    }

}
