// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.backend.OptimizerState;
import io.strata.optimizers.Adadelta;
import io.strata.optimizers.Adagrad;
import io.strata.optimizers.Adam;
import io.strata.optimizers.Adamax;
import io.strata.optimizers.Nadam;
import io.strata.optimizers.Optimizer;
import io.strata.optimizers.RMSprop;
import io.strata.optimizers.SGD;
import io.strata.saving.FloatArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An optimizer's state as Keras lists it in {@code optimizer.get_weights()}: Keras 2.2.4's order
 * (what its {@code optimizer_weights} group holds and {@code set_weights} expects), tf.keras 2.x's, and
 * the mapping to and from Strata's {@link OptimizerState}.
 *
 * <p>Keras 2.2.4: SGD {@code [iterations] + moments}; RMSprop and Adagrad {@code accumulators};
 * Adadelta {@code accumulators + delta_accumulators}; Adam {@code [iterations] + ms + vs + vhats} (a
 * {@code (1,)} zero per weight without AMSGrad); Adamax {@code [iterations] + ms + us}; Nadam
 * {@code [iterations] + ms + vs}. One entry per trainable weight in each group, in the model's order.
 * Keras 2.2.4 does not list every optimizer's {@code iterations} (RMSprop, Adagrad, Adadelta) nor
 * Nadam's momentum schedule; Strata recomputes the schedule from {@code iterations}, and keeps the
 * iterations Keras does not list beside the list.
 */
final class OptimizerWeights {
    private OptimizerWeights() {}

    /** The slot groups after the optional leading {@code iterations}, in Keras 2.2.4's order. */
    static List<String> groups(Optimizer<?> o) {
        if (o instanceof SGD) {
            return List.of("momentum");
        }
        if (o instanceof RMSprop r) {
            return r.centered() ? List.of("accumulator", "mg") : List.of("accumulator");
        }
        if (o instanceof Adagrad) {
            return List.of("accumulator");
        }
        if (o instanceof Adadelta) {
            return List.of("accumulator", "delta_accumulator");
        }
        if (o instanceof Adam) {
            return List.of("m", "v", "vhat");
        }
        if (o instanceof Adamax) {
            return List.of("m", "u");
        }
        return List.of("m", "v"); // Nadam
    }

    /** Whether Keras 2.2.4 lists {@code iterations} first for this optimizer. */
    static boolean listsIterations(Optimizer<?> o) {
        return o instanceof SGD || o instanceof Adam || o instanceof Adamax || o instanceof Nadam;
    }

    /** One listed value: a name and a value (a scalar for {@code iterations}). */
    record Listed(String name, @Nullable FloatArray value, long scalar) {
        boolean isIterations() {
            return value == null;
        }
    }

    /** Keras 2.2.4's {@code optimizer.weights} of {@code state}, with Keras's variable names. */
    static List<Listed> list(Optimizer<?> o, OptimizerState state, List<WeightRef> refs) {
        String cls = o.getClass().getSimpleName();
        List<Listed> out = new ArrayList<>();
        if (listsIterations(o)) {
            out.add(new Listed(cls + "/iterations:0", null, state.iterations()));
        }
        int k = 0;
        for (String slot : groups(o)) {
            for (int i = 0; i < refs.size(); i++) {
                WeightRef r = refs.get(i);
                if (!r.spec().trainable() || r.spec().state()) {
                    continue;
                }
                Map<String, float[]> slots = state.slots().getOrDefault(i, Map.of());
                boolean placeholder = slot.equals("vhat") && !((Adam) o).amsgrad();
                long[] shape = placeholder ? new long[] {1} : r.spec().shape().dims();
                float[] v = placeholder ? new float[1] : slots.get(slot);
                if (v == null || v.length != size(shape)) {
                    v = new float[(int) size(shape)];
                }
                out.add(new Listed("training/" + cls + "/Variable" + (k == 0 ? "" : "_" + k) + ":0",
                        new FloatArray(shape, v), 0));
                k++;
            }
        }
        return out;
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The state a Keras 2.2.4 or tf.keras 2.x list describes for {@code o} over the model's weights
     * {@code refs}, or null (with the reason in {@code why}) when the list does not fit: Keras then
     * warns and starts the optimizer fresh, and so does Strata.
     *
     * @param iterations the iterations kept beside the list, or -1
     */
    static @Nullable OptimizerState fromList(Optimizer<?> o, List<String> names, List<FloatArray> values,
            List<WeightRef> refs, long iterations, double learningRate, StringBuilder why) {
        List<Integer> trainable = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).spec().trainable() && !refs.get(i).spec().state()) {
                trainable.add(i);
            }
        }
        int t = trainable.size();
        int at = 0;
        long iters = iterations;
        // Leading scalars: iterations (Keras 2.2.4's "iterations", tf.keras's "iter"), then tf.keras's own scalars.
        while (at < values.size() && values.get(at).values().length == 1 && (t == 0 || isScalarName(names.get(at))
                || values.get(at).rank() == 0)) {
            if (names.get(at).contains("iter")) {
                iters = (long) values.get(at).values()[0];
            }
            at++;
        }
        List<String> groups = new ArrayList<>(groups(o));
        int remaining = values.size() - at;
        if (o instanceof Adam a && !a.amsgrad() && remaining == 2 * t) {
            groups.remove("vhat"); // tf.keras lists no vhat without AMSGrad
        }
        if (remaining != groups.size() * t) {
            why.append("the file lists ").append(values.size()).append(" optimizer weights, but ").append(o.getClass()
                    .getSimpleName()).append(" over ").append(t).append(" trainable weights has ").append(groups.size() * t)
                    .append(listsIterations(o) ? " plus iterations" : "");
            return null;
        }
        Map<Integer, Map<String, float[]>> slots = new LinkedHashMap<>();
        for (String g : groups) {
            for (int i = 0; i < t; i++) {
                FloatArray v = values.get(at++);
                WeightRef r = refs.get(trainable.get(i));
                if (g.equals("vhat") && !((Adam) o).amsgrad()) {
                    continue;
                }
                if (!v.strataShape().equals(r.spec().shape())) {
                    why.append("the optimizer weight ").append(names.get(at - 1)).append(" has shape ")
                            .append(v.strataShape()).append(", but it belongs to ").append(r.fullName()).append(" of shape ")
                            .append(r.spec().shape());
                    return null;
                }
                slots.computeIfAbsent(trainable.get(i), x -> new LinkedHashMap<>()).put(g, v.values());
            }
        }
        long it = Math.max(0, iters);
        Map<String, float[]> globals = new LinkedHashMap<>();
        if (o instanceof Nadam n) {
            globals.put("m_schedule", new float[] {(float) nadamSchedule(n, it)});
        }
        return new OptimizerState(it, learningRate, slots, globals);
    }

    private static boolean isScalarName(String name) {
        return name.contains("iter") || name.contains("momentum_cache") || name.endsWith("/lr:0")
                || name.contains("learning_rate");
    }

    /** Nadam's momentum schedule after {@code t} steps: the product of each step's momentum cache. */
    static double nadamSchedule(Nadam n, long t) {
        // In float32, as the training step computes it.
        float schedule = 1f;
        float b1 = (float) n.beta1();
        float sd = (float) n.scheduleDecay();
        for (long s = 1; s <= t; s++) {
            float cache = b1 * (1f - 0.5f * (float) Math.pow(0.96f, (float) s * sd));
            schedule *= cache;
        }
        return schedule;
    }
}
