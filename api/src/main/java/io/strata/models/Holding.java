// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.backend.Program;
import io.strata.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A built program and the weights it holds. It references no model, so that the {@link Cleaner}
 * of a dropped model can still copy its weights back and close it.
 */
final class Holding implements Runnable {
    final Program program;
    final List<WeightRef> refs;
    final @Nullable Optimizer<?> optimizer;
    private final OptimizerMemory memory;
    /** The version of each layer's host values that the program holds (layer states compare by identity). */
    final Map<LayerState, Long> loaded = new ConcurrentHashMap<>();
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    volatile boolean training;
    volatile boolean released;
    private final Program guarded;

    Holding(Program program, List<WeightRef> refs, @Nullable Optimizer<?> optimizer, OptimizerMemory memory,
            Map<LayerState, Long> versions) {
        this.program = program;
        this.refs = refs;
        this.optimizer = optimizer;
        this.memory = memory;
        loaded.putAll(versions);
        this.guarded = new GuardedProgram(program, lock);
    }

    /** The program with its steps under this holding's lock, for the training loop. */
    Program guarded() {
        return guarded;
    }

    boolean trains() {
        return optimizer != null;
    }

    /**
     * Copies {@code state}'s weights from the program to the host. The program keeps holding them
     * while it trains (it goes on changing them). Called under {@link ModelRuntime#SYNC}.
     */
    void flush(LayerState state) {
        if (released || state.holder != this) {
            return;
        }
        List<Integer> indices = new ArrayList<>();
        List<WeightRef> which = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).state() == state) {
                indices.add(i);
                which.add(refs.get(i));
            }
        }
        List<float[]> values;
        lock.readLock().lock();
        try {
            values = program.readWeights(indices.stream().mapToInt(Integer::intValue).toArray());
        } finally {
            lock.readLock().unlock();
        }
        for (int i = 0; i < which.size(); i++) {
            state.values[which.get(i).k()] = values.get(i);
        }
        state.version++;
        loaded.put(state, state.version);
        if (!training) {
            state.holder = null;
        }
    }

    /**
     * Copies every weight and the optimizer state back, lets go of the layers, waits for the steps
     * and predictions in flight and closes the program. Idempotent.
     */
    @Override
    public void run() {
        synchronized (ModelRuntime.SYNC) {
            if (released) {
                return;
            }
            training = false;
            for (WeightRef r : refs) {
                if (r.state().holder == this) {
                    flush(r.state());
                }
                if (r.state().holder == this) {
                    r.state().holder = null;
                }
            }
            if (optimizer != null) {
                lock.readLock().lock();
                try {
                    memory.save(optimizer, refs, program.optimizerState());
                } finally {
                    lock.readLock().unlock();
                }
            }
            released = true;
        }
        lock.writeLock().lock();
        try {
            program.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
