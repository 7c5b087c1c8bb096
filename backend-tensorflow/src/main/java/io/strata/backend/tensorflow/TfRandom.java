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
 * <p>While a training step is traced ({@link #withCounter}) every draw is a {@code StatelessRandomUniform}
 * keyed by (model seed, op seed) with the step's {@code iterations} as the counter's high word, so a
 * mask is a function of (seed, op, step) alone: a step draws the same masks whether it runs alone or
 * among {@code steps_per_execution} steps, and training resumed from a restored optimizer state draws
 * what the uninterrupted run would have. Outside training steps a draw is a stateful
 * {@code RandomUniform} with both seeds set.
 */
final class TfRandom {
    private final TfGraphBuilder g;
    private final long graphSeed;
    private @Nullable Output<?> counter;

    TfRandom(TfGraphBuilder g, long graphSeed) {
        this.g = g;
        this.graphSeed = graphSeed;
    }

    /** Shares {@code other}'s current counter (an Ops copy made while a step is traced). */
    void copyCounter(TfRandom other) {
        counter = other.counter;
    }

    /** Runs {@code body} with every draw keyed by {@code stepCounter} (an int64 scalar). */
    <T> T withCounter(Output<?> stepCounter, java.util.function.Supplier<T> body) {
        Output<?> saved = counter;
        counter = stepCounter;
        try {
            return body.get();
        } finally {
            counter = saved;
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
        Output<?> seeds = g.op("Pack").inList(new Output<?>[] {g.tf.constant(key).asOutput(), counter})
                .attr("axis", 0L).build().output(0);
        return g.op("StatelessRandomUniform").in(shape).in(seeds).attr("dtype", DataType.DT_FLOAT).build().output(0);
    }

    /** Inverted dropout of {@code x}; the mask shaped {@code noiseShape} (unknown sizes taken from {@code x}) if given. */
    Output<?> dropout(Output<?> x, float rate, @Nullable Shape noiseShape, long seed) {
        Output<?> random = uniform(dynamicShape(x, noiseShape), seed);
        Output<?> keep = g.apply("GreaterEqual", random, g.scalar(rate));
        // One Select yields the already-scaled mask: 1/(1-rate) where kept, 0 where dropped.
        Output<?> mask = g.apply("SelectV2", keep, g.scalar(1f / (1f - rate)), g.scalar(0f));
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
