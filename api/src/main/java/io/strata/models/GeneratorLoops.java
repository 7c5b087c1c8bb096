// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.DataException;
import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.backend.DataSlot;
import io.strata.backend.Program;
import io.strata.data.Batch;
import io.strata.data.DataArray;
import io.strata.data.Sequence;
import io.strata.training.FitOptions;
import io.strata.training.History;
import io.strata.training.Shuffle;
import io.strata.training.Trainer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras 2's {@code fit_generator}, {@code evaluate_generator} and {@code predict_generator}, and
 * {@code fit(Sequence)}: batches come from a {@link Sequence} or an iterator, are checked and
 * converted on background threads ({@link BatchQueue}) while the previous step runs, and are fed to
 * the program one at a time, so the data never needs to fit in memory.
 */
final class GeneratorLoops {
    private GeneratorLoops() {}

    /** A batch checked and converted for the model. */
    record Prepared(List<DataArray> xs, @Nullable List<DataArray> ys, @Nullable List<float @Nullable []> sw, int size) {}

    static History fit(Model model, @Nullable Sequence sequence, @Nullable Iterator<Batch> iterator, int stepsPerEpoch,
            FitOptions options) {
        CompiledObjective c = model.requireCompiled();
        ModelData data = model.data();
        boolean finite = options.checkFiniteValue() && ModelData.checkFiniteByDefault();
        int steps = sequence != null ? sequence.size() : stepsPerEpoch;
        if (steps <= 0) {
            throw new InvalidConfigException("fit: " + (sequence != null ? "the Sequence has no batches (size() is 0)."
                    : "'steps_per_epoch' must be positive for a generator, got " + stepsPerEpoch + "."));
        }
        Object validation = options.validationGenerator();
        int valSteps = validation instanceof Sequence s ? s.size() : options.validationStepsValue();
        if (validation instanceof Iterator<?> && valSteps <= 0) {
            throw new InvalidConfigException("fit: a validation generator needs validationSteps(n), as Keras needs "
                    + "validation_steps.");
        }
        Object classWeight = options.classWeightValue();
        model.guard.enter("fit");
        Program[] program = new Program[1];
        try (BatchQueue<Prepared> train = queue(sequence, iterator, options, b -> prepare(data, c, b, "fit", finite, true, classWeight));
                BatchQueue<Prepared> val = validation == null ? null : queue(validation instanceof Sequence s ? s : null,
                        validation instanceof Iterator<?> it ? cast(it) : null, options,
                        b -> prepare(data, c, b, "fit (validation_data)", finite, true, null))) {
            Holding h = model.runtime.acquire(true);
            program[0] = h.guarded();
            Random random = model.shuffleRandom();
            Prepared[] current = new Prepared[1];
            Trainer.StepSource source = new Trainer.StepSource() {
                @Override
                public int beginEpoch(int epoch) {
                    if (sequence != null) {
                        train.beginEpoch(order(sequence.size(), options.shuffleValue() != Shuffle.FALSE, random));
                    }
                    return steps;
                }

                @Override
                public int prepare(int step) {
                    current[0] = train.take(steps);
                    return current[0].size();
                }

                @Override
                public float[] train(int step) {
                    Prepared p = current[0];
                    // Each upload replaces the slot's previous batch; the slot is released once, at the end.
                    program[0].upload(DataSlot.TRAIN, p.xs(), p.ys(), p.sw());
                    return program[0].trainStep(all(p.size()));
                }

                @Override
                public float @Nullable [] validate() {
                    if (val == null) {
                        return null;
                    }
                    if (validation instanceof Sequence s) {
                        val.beginEpoch(order(s.size(), false, random));
                    }
                    return average(program[0], val, valSteps, c.logNames().size());
                }

                @Override
                public void endEpoch() {
                    if (sequence != null) {
                        sequence.onEpochEnd();
                    }
                }
            };
            return model.runtime.training(h, () -> Trainer.fitSteps(steps, val != null, c.logNames(), options,
                    new ModelControl(model), source));
        } finally {
            if (program[0] != null) {
                program[0].release(DataSlot.TRAIN);
                program[0].release(DataSlot.EVAL);
            }
            model.guard.exit();
        }
    }

    static List<Double> evaluate(Model model, @Nullable Sequence sequence, @Nullable Iterator<Batch> iterator, int steps,
            int workers, int maxQueueSize) {
        CompiledObjective c = model.requireCompiled();
        ModelData data = model.data();
        int n = sequence != null ? sequence.size() : steps;
        if (n <= 0) {
            throw new InvalidConfigException("evaluate: " + (sequence != null ? "the Sequence has no batches."
                    : "'steps' must be positive for a generator, got " + steps + "."));
        }
        FitOptions o = FitOptions.defaults().workers(workers).maxQueueSize(maxQueueSize);
        model.guard.enter("evaluate");
        Program p = null;
        boolean finite = ModelData.checkFiniteByDefault();
        try (BatchQueue<Prepared> q = queue(sequence, iterator, o, b -> prepare(data, c, b, "evaluate", finite, true, null))) {
            if (sequence != null) {
                q.beginEpoch(order(n, false, null));
            }
            Holding h = model.runtime.acquire(true);
            p = h.guarded();
            float[] out = average(p, q, n, c.logNames().size());
            model.runtime.hold(false);
            List<Double> result = new ArrayList<>();
            for (float v : out) {
                result.add((double) v);
            }
            return result;
        } finally {
            if (p != null) {
                p.release(DataSlot.EVAL);
            }
            model.guard.exit();
        }
    }

    static List<FloatNdArray> predict(Model model, @Nullable Sequence sequence, @Nullable Iterator<Batch> iterator, int steps,
            int workers, int maxQueueSize) {
        ModelData data = model.data();
        int n = sequence != null ? sequence.size() : steps;
        if (n <= 0) {
            throw new InvalidConfigException("predict: " + (sequence != null ? "the Sequence has no batches."
                    : "'steps' must be positive for a generator, got " + steps + "."));
        }
        FitOptions o = FitOptions.defaults().workers(workers).maxQueueSize(maxQueueSize);
        boolean training = model.compiled != null;
        List<Shape> shapes = model.outputShapes();
        List<List<float[]>> parts = new ArrayList<>();
        shapes.forEach(s -> parts.add(new ArrayList<>()));
        int total = 0;
        try (BatchQueue<Prepared> q = queue(sequence, iterator, o, b -> prepare(data, null, b, "predict", false, false, null))) {
            if (sequence != null) {
                q.beginEpoch(order(n, false, null));
            }
            for (int s = 0; s < n; s++) {
                Trainer.checkInterrupt("Prediction was cancelled after " + s + " of " + n + " batches.");
                Prepared b = q.take(n);
                List<float[]> out = model.runtime.read(training, p -> p.predict(b.xs(), 0, b.size()));
                for (int i = 0; i < out.size(); i++) {
                    parts.get(i).add(out.get(i));
                }
                total += b.size();
            }
        }
        model.runtime.hold(false);
        List<FloatNdArray> result = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            int per = Math.toIntExact(shapes.get(i).sampleSize());
            float[] all = new float[Math.multiplyExact(total, per)];
            int at = 0;
            for (float[] part : parts.get(i)) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            result.add(NdArrays.wrap(org.tensorflow.ndarray.Shape.of(shapes.get(i).with(0, total).dims()),
                    DataBuffers.of(all, true, false)));
        }
        return result;
    }

    /** The test step over {@code steps} batches, averaged weighted by batch size, as Keras's evaluate_generator. */
    private static float[] average(Program program, BatchQueue<Prepared> q, int steps, int metrics) {
        double[] sums = new double[1 + metrics];
        long seen = 0;
        for (int s = 0; s < steps; s++) {
            Trainer.checkInterrupt("Evaluation was cancelled; evaluating changed no weight.");
            Prepared b = q.take(steps);
            program.upload(DataSlot.EVAL, b.xs(), b.ys(), b.sw());
            float[] out = program.testStep(all(b.size()));
            for (int i = 0; i < out.length; i++) {
                sums[i] += (double) out[i] * b.size();
            }
            seen += b.size();
        }
        float[] result = new float[sums.length];
        for (int i = 0; i < sums.length; i++) {
            result[i] = (float) (sums[i] / Math.max(1, seen));
        }
        return result;
    }

    private static BatchQueue<Prepared> queue(@Nullable Sequence sequence, @Nullable Iterator<Batch> iterator, FitOptions o,
            java.util.function.Function<Batch, Prepared> prepare) {
        if (sequence != null) {
            return BatchQueue.of(sequence, o.workersValue(), o.maxQueueSizeValue(), prepare, "fit");
        }
        if (iterator == null) {
            throw new InvalidConfigException("A generator or a Sequence is required, got null.");
        }
        return BatchQueue.of(iterator, o.maxQueueSizeValue(), prepare, "fit");
    }

    private static Prepared prepare(ModelData data, @Nullable CompiledObjective c, Batch b, String what, boolean finite,
            boolean targets, @Nullable Object classWeight) {
        List<DataArray> xs = data.inputs(b.x(), "x");
        int n = xs.get(0).samples();
        if (!targets) {
            return new Prepared(xs, null, null, n);
        }
        if (b.y() == null) {
            throw new DataException(what + ": a batch has no targets (y); training and evaluation batches are (x, y).");
        }
        List<DataArray> ys = data.targets(b.y(), n, java.util.Objects.requireNonNull(c), "y");
        List<float @Nullable []> sw = data.sampleWeights(b.sampleWeight(), classWeight, ys);
        if (finite) {
            ModelData.checkFinite(what, "x", xs, data.inputNames());
            ModelData.checkFinite(what, "y", ys, data.outputNames());
        }
        return new Prepared(xs, ys, sw, n);
    }

    private static int[] order(int n, boolean shuffle, @Nullable Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle && random != null) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private static int[] all(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Iterator<Batch> cast(Iterator<?> it) {
        return (Iterator<Batch>) it;
    }
}
