// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.backend.Backend;
import io.strata.backend.Backends;
import io.strata.backend.Program;
import io.strata.backend.TrainingDefinition;
import io.strata.initializers.Initializer;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A model's native program and the hand-over of weights between it and the host.
 *
 * <p>Lifecycle: the program is built lazily ({@link #use}) from the model's layer graph and the host
 * values of its layers' weights, and rebuilt when the model changes ({@link #invalidate}: layers
 * added, recompiled, reseeded) or after {@link #close}. While the program trains, the freshest
 * weights live in it: the layers it holds name it as their {@link LayerState#holder}, and any other
 * use of those layers (another model sharing them, {@code getWeights}, a rebuild) first copies them
 * back with {@link #flush}. Every use of the program first loads the host values that changed since
 * it last saw them, so a model always computes with the newest weights of every layer it shares.
 */
final class ModelRuntime {
    /** Guards every hand-over of weights between programs and the host, across all models. */
    static final Object SYNC = new Object();
    private static final Cleaner CLEANER = Cleaner.create();

    private final Model model;
    private volatile @Nullable Program program;
    private boolean programTrains;
    private Cleaner.@Nullable Cleanable cleanable;
    /** The program's weights, in its definition's order. */
    private volatile List<WeightRef> refs = List.of();
    /** The version of each layer's host values that the program holds (layer states compare by identity). */
    private final Map<LayerState, Long> loaded = new ConcurrentHashMap<>();
    private volatile boolean training;
    private @Nullable String backendName;

    ModelRuntime(Model model) {
        this.model = model;
    }

    void backend(@Nullable String name) {
        this.backendName = name;
        invalidate();
    }

    /** The program, built for training when {@code training}, with the newest weights of every layer loaded. */
    Program use(boolean training) {
        Program p;
        synchronized (this) {
            p = program;
            if (p == null || (training && !programTrains)) {
                p = rebuild(training);
            }
        }
        if (!inSync()) {
            synchronized (SYNC) {
                syncIn(p);
            }
        }
        return p;
    }

    private Program rebuild(boolean training) {
        List<WeightRef> weights;
        List<float[]> initial = new ArrayList<>();
        Map<LayerState, Long> versions = new java.util.IdentityHashMap<>();
        synchronized (SYNC) {
            release();
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
        synchronized (SYNC) {
            program = p;
            programTrains = training;
            refs = weights;
            loaded.clear();
            loaded.putAll(versions);
            cleanable = CLEANER.register(model, p::close);
        }
        return p;
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
                Initializer initializer = r.spec().initializer();
                float[] drawn = initializer.generate(r.spec().shape(), init);
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

    private boolean inSync() {
        for (WeightRef r : refs) {
            LayerState s = r.state();
            ModelRuntime h = s.holder;
            if (h != null && h != this) {
                return false;
            }
            Long v = loaded.get(s);
            if (v == null || v != s.version) {
                return false;
            }
        }
        return true;
    }

    /** Loads into the program the host values it does not have yet. Called under {@link #SYNC}. */
    private void syncIn(Program p) {
        if (p != program) {
            return;
        }
        List<Integer> indices = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        Set<LayerState> updated = new LinkedHashSet<>();
        for (int i = 0; i < refs.size(); i++) {
            WeightRef r = refs.get(i);
            LayerState s = r.state();
            if (s.holder != null && s.holder != this) {
                s.holder.flush(s);
            }
            Long v = loaded.get(s);
            if (s.holder != this && (v == null || v != s.version)) {
                indices.add(i);
                values.add(s.values[r.k()]);
                updated.add(s);
            }
        }
        if (!indices.isEmpty()) {
            p.writeWeights(indices.stream().mapToInt(Integer::intValue).toArray(), values);
            for (LayerState s : updated) {
                loaded.put(s, s.version);
            }
        }
    }

    /**
     * Copies {@code state}'s weights from this program to the host. The program keeps holding them
     * while it trains (it goes on changing them). Called under {@link #SYNC}.
     */
    void flush(LayerState state) {
        Program p = program;
        if (p == null || state.holder != this) {
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
        List<float[]> values = p.readWeights(indices.stream().mapToInt(Integer::intValue).toArray());
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
     * Marks the layers whose weights the program is about to change: all of them for training, those
     * with layer state (stateful recurrent layers) for inference.
     */
    void hold(boolean all) {
        synchronized (SYNC) {
            for (WeightRef r : refs) {
                if (all || r.spec().state()) {
                    r.state().holder = this;
                }
            }
        }
    }

    /** Runs {@code work} as a training run: the program holds its layers until it ends. */
    <T> T training(java.util.function.Supplier<T> work) {
        training = true;
        hold(true);
        try {
            return work.get();
        } finally {
            training = false;
        }
    }

    /** Copies every weight this program holds back to the host (before a rebuild, a close, or a host read). */
    void flushAll() {
        synchronized (SYNC) {
            boolean wasTraining = training;
            training = false;
            try {
                for (WeightRef r : refs) {
                    if (r.state().holder == this) {
                        flush(r.state());
                    }
                }
            } finally {
                training = wasTraining;
            }
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
            initialize(weights);
            Set<LayerState> changed = new LinkedHashSet<>();
            for (WeightRef r : weights) {
                LayerState s = r.state();
                if (s.holder != null) {
                    s.holder.flush(s);
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

    /** The built program, or null. */
    synchronized @Nullable Program current() {
        return program;
    }

    /** Closes the program after copying its weights back; the next use rebuilds it. */
    synchronized void invalidate() {
        synchronized (SYNC) {
            release();
        }
    }

    private void release() {
        if (program == null) {
            return;
        }
        flushAll();
        for (WeightRef r : refs) {
            if (r.state().holder == this) {
                r.state().holder = null;
            }
        }
        Cleaner.Cleanable c = cleanable;
        cleanable = null;
        program = null;
        refs = List.of();
        loaded.clear();
        if (c != null) {
            c.clean();
        }
    }
}
