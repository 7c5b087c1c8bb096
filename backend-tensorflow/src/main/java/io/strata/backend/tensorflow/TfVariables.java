// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;

/**
 * The resource variables of one program: weights, optimizer slots, counters and uploaded data. Each
 * gets a unique {@code shared_name}; variables with a fixed start value register an initializer run
 * once when the session starts.
 */
final class TfVariables {
    private static final AtomicLong PROGRAM_IDS = new AtomicLong();

    private final TfGraphBuilder g;
    private final String prefix;
    private final Map<Output<?>, long[]> shapes = new HashMap<>();
    private final List<Operation> initializers = new ArrayList<>();
    private int initializersRun;
    private final Map<String, Output<?>> slots = new HashMap<>();
    /** The optimizer slots of each variable, by slot name, in creation order. */
    private final Map<Output<?>, Map<String, Output<?>>> slotsByVariable = new java.util.LinkedHashMap<>();
    /** The optimizer's own variables (shared scalars), by key. */
    private final Map<String, Output<?>> shared = new java.util.LinkedHashMap<>();

    TfVariables(TfGraphBuilder g) {
        this.g = g;
        this.prefix = "strata" + PROGRAM_IDS.incrementAndGet() + "/";
    }

    /** A new variable handle; {@code shape} may hold -1 for sizes set by the first assignment. */
    Output<?> variable(String name, DataType type, long... shape) {
        Output<?> h = g.op("VarHandleOp").attr("dtype", type).attr("shape", org.tensorflow.ndarray.Shape.of(shape))
                .attr("shared_name", prefix + name + "_" + shapes.size()).build().output(0);
        shapes.put(h, shape.clone());
        return h;
    }

    /** A float variable of a fully known shape initialised to {@code value} everywhere. */
    Output<?> filled(String name, float value, long... shape) {
        // Created free of the control dependencies of the step being built: running the initializer
        // must not run that step's predecessor.
        return g.withoutControls(() -> {
            Output<?> h = variable(name, DataType.DT_FLOAT, shape);
            int[] dims = new int[shape.length];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = Math.toIntExact(shape[i]);
            }
            Output<?> init = g.apply("Fill", g.ints(dims), g.scalar(value));
            initializers.add(assign(h, init));
            return h;
        });
    }

    /** A scalar float variable initialised to {@code value}. */
    Output<?> scalarVariable(String name, float value) {
        return filled(name, value);
    }

    /** An optimizer slot shaped like the variable {@code of}, initialised to {@code value}. */
    Output<?> slot(Output<?> of, String name, float value) {
        String key = of.op().name() + "/" + name;
        return slots.computeIfAbsent(key, k -> {
            Output<?> h = filled(name, value, shapes.get(of));
            slotsByVariable.computeIfAbsent(of, v -> new java.util.LinkedHashMap<>()).put(name, h);
            return h;
        });
    }

    /** The optimizer slots created for variable {@code of} so far, by name. */
    Map<String, Output<?>> slotsOf(Output<?> of) {
        return slotsByVariable.getOrDefault(of, Map.of());
    }

    /** The optimizer's shared variables created so far, by key. */
    Map<String, Output<?>> sharedVariables() {
        return shared;
    }

    /** The fully known shape of a float variable. */
    long[] shapeOf(Output<?> handle) {
        return shapes.get(handle).clone();
    }

    /** A read of a float variable. */
    Output<?> read(Output<?> handle) {
        return g.op("ReadVariableOp").in(handle).attr("dtype", DataType.DT_FLOAT).build().output(0);
    }

    /** A read of a variable of another type. */
    Output<?> read(Output<?> handle, DataType type) {
        return g.op("ReadVariableOp").in(handle).attr("dtype", type).build().output(0);
    }

    /** {@code handle := value}. */
    Operation assign(Output<?> handle, Output<?> value) {
        return g.op("AssignVariableOp").in(handle).in(value).build();
    }

    /** One op that runs every initializer registered since the last call, or null if there is none. */
    Operation newInitializers() {
        if (initializersRun == initializers.size()) {
            return null;
        }
        TfGraphBuilder.OpBuilder b = g.withoutControls(() -> g.op("NoOp"));
        initializers.subList(initializersRun, initializers.size()).forEach(b::control);
        initializersRun = initializers.size();
        return b.build();
    }

    /** A scalar float variable shared under {@code key}, created (initialised to {@code value}) on first use. */
    Output<?> sharedScalar(String key, float value) {
        return slots.computeIfAbsent(key, k -> {
            Output<?> h = filled(key, value);
            shared.put(key, h);
            return h;
        });
    }

    /** Registers an extra op to run at session start. */
    void addInitializer(Operation op) {
        initializers.add(op);
    }
}
