// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.StrataException;
import io.strata.backend.Backend;
import io.strata.backend.Backends;
import io.strata.backend.OptimizerState;
import io.strata.backend.Program;
import io.strata.backend.TrainingDefinition;
import io.strata.optimizers.Optimizer;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A model's native program and the hand-over of weights and optimizer state between it and the host.
 *
 * <p>Lifecycle: the program is built lazily from the model's layer graph and the host values of its
 * layers' weights, and rebuilt when the model changes ({@link #invalidate}: layers added, recompiled,
 * reseeded) or after {@code close}. While the program trains, the freshest weights live in it: the
 * layers it holds name its {@link Holding} as their {@link LayerState#holder}, and any other use of
 * those layers (another model sharing them, {@code getWeights}, a rebuild) first copies them back.
 * Every use of the program first loads the host values that changed since it last saw them. When a
 * training program goes, its optimizer state ({@code iterations}, the learning rate, every slot) stays
 * on the host and the next program of the same compiled optimizer starts from it. A model dropped
 * without {@code close()} is released by a {@link Cleaner}, which copies its weights back first.
 *
 * <p>Threads: each program has a read-write lock. A training or test step holds it for writing, a
 * predict batch for reading, so a prediction sees the weights of one completed step; closing waits for
 * the steps and batches in flight, and a prediction that finds its program closed runs on the next one.
 */
final class ModelRuntime {
    /** Guards every hand-over of weights between programs and the host, across all models. */
    static final Object SYNC = new Object();
    private static final Cleaner CLEANER = Cleaner.create();

    private final Model model;
    private final OptimizerMemory memory = new OptimizerMemory();
    private volatile @Nullable Holding current;
    private Cleaner.@Nullable Cleanable cleanable;
    private @Nullable String backendName;

    ModelRuntime(Model model) {
        this.model = model;
    }

    /**
     * The optimizer state now (iterations, learning rate, slots keyed by position in the model's
     * weights), from the training program if it runs {@code optimizer}, else as the host kept it; null
     * if {@code optimizer} has not trained this model.
     */
    @Nullable OptimizerState optimizerState(Optimizer<?> optimizer) {
        Holding h = current;
        if (h != null && h.optimizer == optimizer) {
            h.lock.readLock().lock();
            try {
                if (!h.released) {
                    return OptimizerMemory.remap(h.program.optimizerState(), h.refs, model.weightRefs());
                }
            } finally {
                h.lock.readLock().unlock();
            }
        }
        return memory.restoreFor(optimizer, model.weightRefs());
    }

    /** Replaces the optimizer state (a loaded file's): kept on the host, and written into a live training program. */
    void restoreOptimizerState(Optimizer<?> optimizer, OptimizerState state) {
        List<WeightRef> refs = model.weightRefs();
        memory.save(optimizer, refs, state);
        Holding h = current;
        if (h != null && h.optimizer == optimizer) {
            h.lock.writeLock().lock();
            try {
                if (!h.released) {
                    h.program.restoreOptimizerState(OptimizerMemory.remap(state, refs, h.refs));
                }
            } finally {
                h.lock.writeLock().unlock();
            }
        }
    }

    void backend(@Nullable String name) {
        this.backendName = name;
        invalidate();
    }

    /** The program, built for training when {@code training}, with the newest weights of every layer loaded. */
    Program use(boolean training) {
        return acquire(training).program;
    }

    /** The current holding, built for training when {@code training}, with every layer's newest weights. */
    Holding acquire(boolean training) {
        Holding h;
        synchronized (this) {
            h = current;
            if (h == null || (training && !h.trains())) {
                h = rebuild(training);
            }
        }
        if (!inSync(h)) {
            synchronized (SYNC) {
                syncIn(h);
            }
        }
        return h;
    }

    /**
     * Runs {@code work} on the program under its read lock, so that it sees the weights of one completed
     * step; if a close gets there first, runs it on the next program.
     */
    <T> T read(boolean training, Function<Program, T> work) {
        for (int attempt = 0; ; attempt++) {
            Holding h = acquire(training);
            h.lock.readLock().lock();
            try {
                if (!h.released) {
                    return work.apply(h.program);
                }
            } finally {
                h.lock.readLock().unlock();
            }
            if (attempt > 100) {
                throw new StrataException("Model " + model.name() + " was closed again and again while predicting; "
                        + "stop closing it from another thread.");
            }
        }
    }

    private Holding rebuild(boolean training) {
        release();
        List<WeightRef> weights;
        List<float[]> initial = new ArrayList<>();
        Map<LayerState, Long> versions = new IdentityHashMap<>();
        synchronized (SYNC) {
            weights = model.weightRefs();
            initialize(weights);
            for (WeightRef r : weights) {
                LayerState s = r.state();
                if (s.holder != null) {
                    s.holder.flush(s);
                }
                initial.add(s.values[r.k()]);
                versions.put(s, s.version);
            }
        }
        // Building the native program takes a while; other models keep handing weights over meanwhile.
        TrainingDefinition td = training ? model.trainingDefinition() : null;
        Backend backend = Backends.select(backendName);
        Program p = backend.compile(GraphForward.define(model, weights, initial, td));
        Optimizer<?> optimizer = td == null ? null : td.optimizer();
        if (optimizer != null) {
            OptimizerState saved = memory.restoreFor(optimizer, weights);
            if (saved != null) {
                p.restoreOptimizerState(saved);
            }
        }
        Holding h = new Holding(p, weights, optimizer, memory, versions);
        current = h;
        cleanable = CLEANER.register(model, h);
        return h;
    }

    /**
     * Draws the initial values of every weight that has none, from the model's seed in the model's
     * weight order (so that a seeded model starts from the same weights however it is built).
     */
    void initialize(List<WeightRef> weights) {
        synchronized (SYNC) {
            boolean missing = false;
            for (WeightRef r : weights) {
                float[][] v = r.state().values;
                missing |= v == null || v[r.k()] == null;
            }
            if (!missing) {
                return;
            }
            Random init = new Random(model.seedValue());
            for (WeightRef r : weights) {
                float[] drawn = r.spec().initializer().generate(r.spec().shape(), init);
                LayerState s = r.state();
                if (s.values == null) {
                    s.values = new float[s.specCount()][];
                }
                if (s.values[r.k()] == null) {
                    s.values[r.k()] = drawn;
                }
            }
        }
    }

    private static boolean inSync(Holding h) {
        for (WeightRef r : h.refs) {
            LayerState s = r.state();
            Holding holder = s.holder;
            if (holder != null && holder != h) {
                return false;
            }
            Long v = h.loaded.get(s);
            if (v == null || v != s.version) {
                return false;
            }
        }
        return true;
    }

    /** Loads into the program the host values it does not have yet, between steps. Called under {@link #SYNC}. */
    private static void syncIn(Holding h) {
        if (h.released) {
            return;
        }
        List<Integer> indices = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        Set<LayerState> updated = new LinkedHashSet<>();
        for (int i = 0; i < h.refs.size(); i++) {
            WeightRef r = h.refs.get(i);
            LayerState s = r.state();
            if (s.holder != null && s.holder != h) {
                s.holder.flush(s);
            }
            Long v = h.loaded.get(s);
            if (s.holder != h && (v == null || v != s.version)) {
                indices.add(i);
                values.add(s.values[r.k()]);
                updated.add(s);
            }
        }
        if (!indices.isEmpty()) {
            h.lock.writeLock().lock();
            try {
                h.program.writeWeights(indices.stream().mapToInt(Integer::intValue).toArray(), values);
            } finally {
                h.lock.writeLock().unlock();
            }
            for (LayerState s : updated) {
                h.loaded.put(s, s.version);
            }
        }
    }

    /**
     * Marks the layers whose weights the program is about to change: all of them for training, those
     * with layer state (stateful recurrent layers) for inference.
     */
    void hold(boolean all) {
        Holding h = current;
        if (h == null) {
            return;
        }
        synchronized (SYNC) {
            for (WeightRef r : h.refs) {
                if (all || r.spec().state()) {
                    r.state().holder = h;
                }
            }
        }
    }

    /** Runs {@code work} as a training run of {@code h}: the program holds its layers until it ends. */
    <T> T training(Holding h, Supplier<T> work) {
        h.training = true;
        hold(true);
        try {
            return work.get();
        } finally {
            h.training = false;
        }
    }

    /** The host values of {@code weights}, with the newest values copied back from whichever program holds them. */
    List<float[]> hostValues(List<WeightRef> weights) {
        synchronized (SYNC) {
            initialize(weights);
            List<float[]> out = new ArrayList<>();
            for (WeightRef r : weights) {
                LayerState s = r.state();
                if (s.holder != null) {
                    s.holder.flush(s);
                }
                out.add(s.values[r.k()]);
            }
            return out;
        }
    }

    /** Replaces host values (the next use of any program loads them). */
    void setHostValues(List<WeightRef> weights, List<float[]> values) {
        synchronized (SYNC) {
            // Draw initial values only for the weights of these layers that are not being set: a loaded
            // file replaces them all, and drawing 8M weights first would double the memory of a load.
            Set<LayerState> touched = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            Set<WeightRef> setting = new java.util.HashSet<>(weights);
            for (WeightRef r : weights) {
                LayerState s = r.state();
                if (s.values == null) {
                    s.values = new float[s.specCount()][];
                }
                touched.add(s);
            }
            List<WeightRef> others = new ArrayList<>();
            for (WeightRef r : model.weightRefs()) {
                if (touched.contains(r.state()) && !setting.contains(r) && r.state().values[r.k()] == null) {
                    others.add(r);
                }
            }
            if (!others.isEmpty()) {
                initialize(others);
            }
            Set<LayerState> changed = new LinkedHashSet<>();
            for (WeightRef r : weights) {
                LayerState s = r.state();
                if (s.holder != null) {
                    Holding holder = s.holder;
                    boolean wasTraining = holder.training;
                    holder.training = false;
                    holder.flush(s);
                    holder.training = wasTraining;
                    s.holder = null;
                }
                changed.add(s);
            }
            for (int i = 0; i < weights.size(); i++) {
                weights.get(i).state().values[weights.get(i).k()] = values.get(i);
            }
            for (LayerState s : changed) {
                s.version++;
            }
        }
    }

    /**
     * Loads changed host values into this model's program now, between two of its steps: weights set or
     * states reset in the middle of {@code fit} (by a callback, or another thread) change the next step,
     * as in Keras.
     */
    void push() {
        Holding h = current;
        if (h == null) {
            return;
        }
        synchronized (SYNC) {
            syncIn(h);
            if (h.training) {
                for (WeightRef r : h.refs) {
                    r.state().holder = h;
                }
            }
        }
    }

    /** Closes the program after copying its weights and optimizer state back; the next use rebuilds it. */
    synchronized void invalidate() {
        release();
    }

    private void release() {
        Holding h = current;
        Cleaner.Cleanable c = cleanable;
        current = null;
        cleanable = null;
        if (c != null) {
            c.clean();
        } else if (h != null) {
            h.run();
        }
    }
}
