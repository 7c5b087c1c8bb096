// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.Shape;
import io.strata.backend.DataSlot;
import io.strata.backend.Tensor;
import io.strata.data.DataArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Host data sets held whole in native tensors, one per input, target and sample-weight array, fed to
 * every step (TensorFlow takes a fed CPU tensor without copying it) while the step gathers its batch
 * by an index vector in the graph. Against feeding each batch, the rows are copied once per {@code fit}
 * instead of twice per epoch (into a scratch array, then into the batch's tensor), and the training
 * thread does no per-step copy at all; against the variables of an upload, there is one copy of the
 * set instead of three and no assign. {@link TfData#mode} holds a set from its second pass on.
 *
 * <p>Measured (benchmarks/RESULTS.md, W1's 60,000 rows of 784 floats, batch 128): see {@link #MIN_WIDTH}.
 */
final class TfHeld {
    /**
     * Sets whose samples hold at least this many floats (inputs and targets) are held; narrower ones
     * are fed batch by batch. Measured: for the guide's 20-feature MLP two in-graph gathers cost more
     * than copying 32 rows of 30 floats; for W1's 794 the host copies took 85-195 µs of each step.
     */
    static final long MIN_WIDTH = 256;

    /** At most this share of JavaCPP's native-memory bound ({@code Pointer.maxBytes()}) is held, and never over 1 GiB. */
    private static final long MAX_BYTES = 1L << 30;

    /** The bytes held by every program of the process now (for tests and diagnostics). */
    private static final java.util.concurrent.atomic.AtomicLong HELD_BYTES = new java.util.concurrent.atomic.AtomicLong();

    private final TfGraphBuilder g;
    private final Map<DataSlot, List<TFloat32>> tensors = new EnumMap<>(DataSlot.class);
    private final Map<DataSlot, List<Output<?>>> placeholders = new EnumMap<>(DataSlot.class);
    /** Per host set, the samples its fed steps have read since it was uploaded. */
    private final Map<DataSlot, Long> fedSamples = new EnumMap<>(DataSlot.class);

    TfHeld(TfGraphBuilder g) {
        this.g = g;
    }

    /**
     * Whether a set of {@code samples} rows of {@code width} floats each is held (see {@link #MIN_WIDTH});
     * never with {@code -Dstrata.tf.hold=false} (to measure holding against feeding).
     */
    static boolean holds(long samples, long width) {
        long bytes = samples * width * Float.BYTES;
        long bound = Math.min(MAX_BYTES, org.bytedeco.javacpp.Pointer.maxBytes() / 4);
        return width >= MIN_WIDTH && bytes <= bound && !"false".equals(System.getProperty("strata.tf.hold"));
    }

    /** Whether the set of {@code inputs} and {@code targets} is held ({@link #holds(long, long)}). */
    static boolean holds(List<DataArray> inputs, List<DataArray> targets) {
        long width = 0;
        for (DataArray a : inputs) {
            width += a.sampleSize();
        }
        for (DataArray a : targets) {
            width += a.sampleSize();
        }
        return holds(inputs.get(0).samples(), width);
    }

    /** Counts {@code samples} read by a fed step of {@code slot}'s set. */
    void fed(DataSlot slot, int samples) {
        fedSamples.merge(slot, (long) samples, Long::sum);
    }

    /** Whether the fed steps of {@code slot} have read as many samples as its set of {@code size} has: a second pass begins. */
    boolean secondPass(DataSlot slot, long size) {
        return fedSamples.getOrDefault(slot, 0L) >= size;
    }

    /** Whether {@code indices} are consecutive samples (and not empty). */
    static boolean consecutive(int[] indices) {
        boolean consecutive = indices.length > 0;
        for (int i = 1; consecutive && i < indices.length; i++) {
            consecutive = indices[i] == indices[0] + i;
        }
        return consecutive;
    }

    /**
     * The batch of a held set {@code all}: its rows at {@code indices}, or with {@code range} the
     * {@code indices[1]} rows from {@code indices[0]} on (a {@code Slice}, which TensorFlow's CPU kernel
     * makes a view of the set when it starts on a 64-byte boundary).
     */
    Tensor pick(Output<?> all, Output<?> indices, boolean range) {
        if (!range) {
            return new TfTensor(g.apply("GatherV2", all, indices, g.int0(0)));
        }
        int rank = all.shape().numDimensions();
        Output<?> begin = g.apply("Slice", indices, g.ints(0), g.ints(1));
        Output<?> size = g.apply("Slice", indices, g.ints(1), g.ints(1));
        if (rank > 1) {
            int[] zeros = new int[rank - 1];
            int[] whole = new int[rank - 1];
            Arrays.fill(whole, -1);
            begin = g.op("ConcatV2").inList(new Output<?>[] {begin, g.ints(zeros)}).in(g.int0(0)).build().output(0);
            size = g.op("ConcatV2").inList(new Output<?>[] {size, g.ints(whole)}).in(g.int0(0)).build().output(0);
        }
        return new TfTensor(g.apply("Slice", all, begin, size));
    }

    /**
     * The whole-set placeholder of array {@code k} of {@code slot} (inputs, then targets, then sample
     * weights), its first axis unknown: made once per slot and array, shared by every step.
     */
    Output<?> placeholder(DataSlot slot, int k, long[] shape) {
        List<Output<?>> list = placeholders.computeIfAbsent(slot, s -> new ArrayList<>());
        while (list.size() <= k) {
            list.add(null);
        }
        if (list.get(k) == null) {
            list.set(k, g.placeholder(DataType.DT_FLOAT, shape));
        }
        return list.get(k);
    }

    /** Whether {@code slot}'s set is held now. */
    boolean has(DataSlot slot) {
        return tensors.containsKey(slot);
    }

    /** Copies {@code slot}'s set into its held tensors (once per upload). */
    void hold(DataSlot slot, List<DataArray> x, List<DataArray> y, @Nullable List<float[]> w) {
        if (tensors.containsKey(slot)) {
            return;
        }
        List<TFloat32> held = new ArrayList<>();
        try {
            for (DataArray a : x) {
                held.add(TfData.range(a, 0, a.samples()));
            }
            for (DataArray a : y) {
                held.add(TfData.range(a, 0, a.samples()));
            }
            if (w != null) {
                for (float[] weights : w) {
                    held.add(TfData.floats(weights, Shape.of(weights.length)));
                }
            }
        } catch (RuntimeException | Error e) {
            held.forEach(TFloat32::close);
            throw e;
        }
        tensors.put(slot, held);
        HELD_BYTES.addAndGet(bytes(held));
    }

    /** Feeds {@code slot}'s held tensors to the placeholders that steps made for them. */
    void feed(Session.Runner r, DataSlot slot) {
        List<TFloat32> held = tensors.get(slot);
        List<Output<?>> phs = placeholders.getOrDefault(slot, List.of());
        for (int k = 0; k < phs.size() && k < held.size(); k++) {
            if (phs.get(k) != null) {
                r.feed(phs.get(k), held.get(k));
            }
        }
    }

    /** Frees {@code slot}'s held tensors (its set was released or replaced). */
    void release(DataSlot slot) {
        fedSamples.remove(slot);
        List<TFloat32> held = tensors.remove(slot);
        if (held != null) {
            HELD_BYTES.addAndGet(-bytes(held));
            held.forEach(TFloat32::close);
        }
    }

    /** The bytes that held sets take in this process now. */
    static long heldBytes() {
        return HELD_BYTES.get();
    }

    private static long bytes(List<TFloat32> held) {
        long n = 0;
        for (TFloat32 t : held) {
            n += t.numBytes();
        }
        return n;
    }
}
