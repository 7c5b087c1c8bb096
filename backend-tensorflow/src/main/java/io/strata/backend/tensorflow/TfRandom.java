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
        long key = graphSeed * 0x9E3779B97F4A7C15L + seed;
        Output<?> seeds = g.op("Pack").inList(new Output<?>[] {g.tf.constant(key).asOutput(), counter}).attr("axis", 0L)
                .build().output(0);
        if (!xla) {
            return g.op("StatelessRandomUniform").in(shape).in(seeds).attr("dtype", DataType.DT_FLOAT).build().output(0);
        }
        // TF: XLA compiles StatelessRandomUniform only for int32 seeds, and both its seed scrambling
        // (StatelessRandomGetKeyCounter) and its bits-to-float mapping (StatelessRandomUniformV2) give
        // other numbers than the CPU kernel; its StatelessRandomUniformFullIntV2 draws the same bits.
        // So a compiled step scrambles the pair as the CPU kernel does (one Philox draw of 4 words
        // under a fixed key with the pair as counter: words 0-1 the key, 2-3 the counter's high half)
        // and maps the bits to floats as the CPU kernel does (23 random mantissa bits under exponent 0,
        // minus 1): the masks of uncompiled steps, bit for bit.
        Output<?> mix = g.op("StatelessRandomUniformFullIntV2").in(g.ints(4)).in(bitcast(g.tf.constant(new long[] {SCRAMBLE_KEY})
                .asOutput(), DataType.DT_UINT64)).in(bitcast(seeds, DataType.DT_UINT64)).in(g.int0(1))
                .attr("dtype", DataType.DT_UINT32).build().output(0);
        Output<?> words = bitcast(g.apply("Reshape", bitcast(mix, DataType.DT_INT32), g.ints(2, 2)), DataType.DT_UINT64);
        Output<?> keyU = g.apply("Slice", words, g.ints(0), g.ints(1));
        Output<?> countU = g.op("ConcatV2").inList(new Output<?>[] {bitcast(g.tf.constant(new long[] {0L}).asOutput(), DataType.DT_UINT64),
                g.apply("Slice", words, g.ints(1), g.ints(1))}).in(g.int0(0)).build().output(0);
        Output<?> bits = g.op("StatelessRandomUniformFullIntV2").in(shape).in(keyU).in(countU).in(g.int0(1))
                .attr("dtype", DataType.DT_UINT32).build().output(0);
        Output<?> mantissa = g.apply("BitwiseOr", g.apply("BitwiseAnd", bitcast(bits, DataType.DT_INT32), g.int0(0x7fffff)),
                g.int0(0x3f800000));
        Output<?> oneToTwo = bitcast(mantissa, DataType.DT_FLOAT);
        return g.apply("Sub", oneToTwo, g.scalar(1f));
    }

    /** The key under which TensorFlow's stateless kernels scramble a seed pair. */
    private static final long SCRAMBLE_KEY = 0x02461E293EC8F720L;

    private Output<?> bitcast(Output<?> x, DataType to) {
        return g.op("Bitcast").in(x).attr("type", to).build().output(0);
    }

    /** Inverted dropout of {@code x}; the mask shaped {@code noiseShape} (unknown sizes taken from {@code x}) if given. */
    Output<?> dropout(Output<?> x, float rate, @Nullable Shape noiseShape, long seed) {
        Output<?> random = uniform(dynamicShape(x, noiseShape), seed);
        Output<?> mask = !xla && perSample(x, noiseShape) >= FLOAT_MASK_MIN ? scaledMask(random, rate)
                : g.apply("Mul", g.cast(g.apply("GreaterEqual", random, g.scalar(rate)), DataType.DT_FLOAT), g.scalar(1f / (1f - rate)));
        // The noise's shape is x's, so without the stop the gradient builder would reach the random op.
        return g.apply("Mul", x, g.apply("StopGradient", mask));
    }

    /**
     * Masks of at least this many values per sample are built by {@link #scaledMask} in uncompiled steps;
     * smaller ones, and every mask XLA compiles (where the comparison is fused), as {@code GreaterEqual},
     * {@code Cast} and {@code Mul}, one op fewer: the same values either way. Measured: W1's 512 per
     * sample 25-45 us faster per mask with the float ops; W4's 64 no faster, and its 32 steps per
     * execution pay the extra op 64 times.
     */
    static final long FLOAT_MASK_MIN = 256;

    /** The values per sample of a mask shaped like {@code x} or {@code noiseShape} (unknown sizes count as 1). */
    private static long perSample(Output<?> x, @Nullable Shape noiseShape) {
        long n = 1;
        org.tensorflow.ndarray.Shape s = x.shape();
        for (int i = 1; i < s.numDimensions(); i++) {
            long d = noiseShape != null ? noiseShape.dim(i) : s.get(i);
            d = d == Shape.UNKNOWN ? s.get(i) : d;
            n *= Math.max(d, 1);
        }
        return n;
    }

    /**
     * {@code 1/(1-rate)} where {@code random >= rate}, else 0, from float ops only: {@code random >= rate}
     * exactly when {@code random > r}, r the float just below the rate (no float lies between), and then
     * exactly when {@code random - r > 0} (a float difference is 0 only for equal floats and keeps its
     * sign), so {@code sign(relu(random - r))} is the comparison's mask bit for bit. Measured (TF 2.18,
     * CPU): comparisons into bools are not vectorized, and {@code GreaterEqual} + {@code Cast} took
     * 50-70 us for W1's 128 x 512 mask, these ops 25-45 us less.
     */
    Output<?> scaledMask(Output<?> random, float rate) {
        Output<?> above = g.apply("Sub", random, g.scalar(Math.nextDown(rate)));
        return g.apply("Mul", g.apply("Sign", g.apply("Relu", above)), g.scalar(1f / (1f - rate)));
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
