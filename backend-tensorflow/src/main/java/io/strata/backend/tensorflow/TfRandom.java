// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.Shape;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;

/**
 * The random ops of a graph: uniform noise and dropout masks.
 *
 * <p>While a training step is traced ({@link #withCounter}) every draw is a stateless Philox draw keyed
 * by (model seed, op seed) with the step's {@code iterations} as its counter, so a
 * mask is a function of (seed, op, step) alone: a step draws the same masks whether it runs alone or
 * among {@code steps_per_execution} steps, and training resumed from a restored optimizer state draws
 * what the uninterrupted run would have. Outside training steps a draw is a stateful
 * {@code RandomUniform} with both seeds set.
 */
final class TfRandom {
    private final TfGraphBuilder g;
    private final long graphSeed;
    private @Nullable Output<?> counter;
    /** Whether the draws are for an XLA-compiled step (uniform noise built from Philox's bits, see {@link #uniform}). */
    private boolean xla;

    TfRandom(TfGraphBuilder g, long graphSeed) {
        this.g = g;
        this.graphSeed = graphSeed;
    }

    /** Shares {@code other}'s current counter (an Ops copy made while a step is traced). */
    void copyCounter(TfRandom other) {
        counter = other.counter;
        xla = other.xla;
    }

    /**
     * Runs {@code body} with every draw keyed by {@code stepCounter} (an int64 scalar), for a step that
     * XLA compiles when {@code forXla}.
     */
    <T> T withCounter(Output<?> stepCounter, boolean forXla, java.util.function.Supplier<T> body) {
        Output<?> saved = counter;
        boolean savedXla = xla;
        counter = stepCounter;
        xla = forXla;
        try {
            return body.get();
        } finally {
            counter = saved;
            xla = savedXla;
        }
    }

    /** Uniform noise in {@code [0, 1)} of the run-time shape {@code shape}. */
    Output<?> uniform(Output<?> shape, long seed) {
        if (counter == null) {
            // TF: a stateful RandomUniform with both seeds set repeats its sequence for a given session.
            return g.op("RandomUniform").in(shape).attr("dtype", DataType.DT_FLOAT)
                    .attr("seed", graphSeed).attr("seed2", seed).build().output(0);
        }
        // Philox with an explicit 64-bit key and 128-bit counter (the V2 op, which XLA compiles to the
        // same numbers as TensorFlow's CPU kernel): key from the seeds, counter = (step, 0).
        long key = graphSeed * 0x9E3779B97F4A7C15L + seed;
        Output<?> keyU = g.op("Bitcast").in(g.tf.constant(new long[] {key}).asOutput()).attr("type", DataType.DT_UINT64)
                .build().output(0);
        Output<?> count = g.op("Pack").inList(new Output<?>[] {counter, g.tf.constant(0L).asOutput()}).attr("axis", 0L)
                .build().output(0);
        Output<?> countU = g.op("Bitcast").in(count).attr("type", DataType.DT_UINT64).build().output(0);
        if (!xla) {
            return g.op("StatelessRandomUniformV2").in(shape).in(keyU).in(countU).in(g.int0(1)).attr("dtype", DataType.DT_FLOAT)
                    .build().output(0);
        }
        // TF: XLA's StatelessRandomUniformV2 turns Philox's bits into floats differently from the CPU
        // kernel (other masks with jit_compile), while its StatelessRandomUniformFullIntV2 draws the same
        // bits; the CPU kernel's mapping (23 random mantissa bits under exponent 0, minus 1) done here
        // gives XLA-compiled steps the masks of uncompiled ones, bit for bit.
        Output<?> bits = g.op("StatelessRandomUniformFullIntV2").in(shape).in(keyU).in(countU).in(g.int0(1))
                .attr("dtype", DataType.DT_UINT32).build().output(0);
        Output<?> ints = g.op("Bitcast").in(bits).attr("type", DataType.DT_INT32).build().output(0);
        Output<?> mantissa = g.apply("BitwiseOr", g.apply("BitwiseAnd", ints, g.int0(0x7fffff)), g.int0(0x3f800000));
        Output<?> oneToTwo = g.op("Bitcast").in(mantissa).attr("type", DataType.DT_FLOAT).build().output(0);
        return g.apply("Sub", oneToTwo, g.scalar(1f));
    }

    /** Inverted dropout of {@code x}; the mask shaped {@code noiseShape} (unknown sizes taken from {@code x}) if given. */
    Output<?> dropout(Output<?> x, float rate, @Nullable Shape noiseShape, long seed) {
        Output<?> random = uniform(dynamicShape(x, noiseShape), seed);
        Output<?> keep = g.apply("GreaterEqual", random, g.scalar(rate));
        // The scaled mask, 1/(1-rate) where kept and 0 where dropped, as Cast and Mul: the same values
        // as a SelectV2 of the two scalars, whose broadcasting kernel took 10 us for a 32 x 64 mask
        // (TF 2.18 CPU, a third of W4's dropout) where these two take under 1 us.
        Output<?> mask = g.apply("Mul", g.cast(keep, DataType.DT_FLOAT), g.scalar(1f / (1f - rate)));
        return g.apply("Mul", x, mask);
    }

    private Output<?> dynamicShape(Output<?> x, @Nullable Shape noiseShape) {
        Output<?> shape = g.apply("Shape", x);
        if (noiseShape == null) {
            return shape;
        }
        List<Output<?>> parts = new ArrayList<>();
        for (int i = 0; i < noiseShape.rank(); i++) {
            if (noiseShape.dim(i) == Shape.UNKNOWN) {
                parts.add(g.apply("GatherV2", shape, g.ints(i), g.int0(0)));
            } else {
                parts.add(g.ints(Math.toIntExact(noiseShape.dim(i))));
            }
        }
        return g.op("ConcatV2").inList(parts.toArray(Output<?>[]::new)).in(g.int0(0)).build().output(0);
    }
}
