// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.DataException;
import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.backend.DataSlot;
import io.strata.backend.Program;
import io.strata.data.DataArray;
import io.strata.training.FitOptions;
import io.strata.training.History;
import io.strata.training.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * What {@code fit}, {@code evaluate}, {@code predict} and {@code train_on_batch} do around the one
 * training loop ({@link Trainer}): check and split the data, get the program, upload, run, release.
 * The same for every kind of model.
 */
final class Loops {
    private Loops() {}

    static History fit(Model model, Object x, Object y, FitOptions options) {
        CompiledObjective c = model.requireCompiled();
        lock(model, "fit");
        Program p = null;
        try {
            ModelData data = model.data();
            data.checkBatchSize(options.batchSizeValue(), "fit");
            List<DataArray> xs = data.inputs(x, "x");
            List<DataArray> ys = data.targets(y, xs.get(0).samples(), c, "y");
            List<float @Nullable []> sw = data.sampleWeights(options.sampleWeightValue(), options.classWeightValue(), ys);
            boolean finite = options.checkFiniteValue() && ModelData.checkFiniteByDefault();
            if (finite) {
                ModelData.checkFinite("fit", "x", xs, data.inputNames());
                ModelData.checkFinite("fit", "y", ys, data.outputNames());
                ModelData.checkFiniteWeights("fit", sw, data.outputNames());
            }
            List<DataArray> xv = null;
            List<DataArray> yv = null;
            if (options.validationX() != null) {
                xv = data.inputs(options.validationX(), "validation_data x");
                yv = data.targets(options.validationY(), xv.get(0).samples(), c, "validation_data y");
                if (finite) {
                    ModelData.checkFinite("fit", "validation_data x", xv, data.inputNames());
                    ModelData.checkFinite("fit", "validation_data y", yv, data.outputNames());
                }
            } else if (options.validationSplitValue() > 0) {
                int n = ys.get(0).samples();
                int split = (int) (n * (1 - options.validationSplitValue()));
                if (split == 0 || split == n) {
                    throw new DataException("fit: validation_split=" + options.validationSplitValue() + " of " + n
                            + " samples leaves an empty training or validation set.");
                }
                xv = slices(xs, split, n);
                yv = slices(ys, split, n);
                xs = slices(xs, 0, split);
                ys = slices(ys, 0, split);
                if (sw != null) {
                    List<float @Nullable []> cut = new ArrayList<>();
                    sw.forEach(w -> cut.add(w == null ? null : Arrays.copyOf(w, split)));
                    sw = cut;
                }
            }
            Holding h = model.runtime.acquire(true);
            Program program = h.guarded();
            p = program;
            program.upload(DataSlot.TRAIN, xs, ys, sw);
            int valSamples = 0;
            if (xv != null) {
                program.upload(DataSlot.EVAL, xv, yv, null);
                valSamples = yv.get(0).samples();
            }
            int samples = ys.get(0).samples();
            int validation = valSamples;
            return model.runtime.training(h, () -> new Trainer(program, model.shuffleRandom(), model.compileOptions().stepsPerExecutionValue())
                    .fit(samples, validation, c.logNames(), options, new ModelControl(model)));
        } finally {
            release(p, DataSlot.TRAIN, DataSlot.EVAL);
            unlock(model);
        }
    }

    static List<Double> evaluate(Model model, Object x, Object y, int batchSize) {
        if (batchSize <= 0) {
            throw new InvalidConfigException("evaluate: 'batch_size' must be positive, got " + batchSize + ".");
        }
        model.data().checkBatchSize(batchSize, "evaluate");
        return onUploaded(model, x, y, DataSlot.EVAL, "evaluate", (holding, program, samples) -> {
            float[] out = new Trainer(program, model.shuffleRandom(), model.compileOptions().stepsPerExecutionValue())
                    .evaluateSlot(samples, batchSize, model.requireCompiled().logNames().size());
            model.runtime.hold(false);
            return toList(out);
        });
    }

    static List<FloatNdArray> predict(Model model, Object x, int batchSize) {
        if (batchSize <= 0) {
            throw new InvalidConfigException("predict: 'batch_size' must be positive, got " + batchSize + ".");
        }
        List<DataArray> xs = model.data().inputs(x, "x");
        model.data().checkBatchSize(batchSize, "predict");
        int n = xs.get(0).samples();
        boolean training = model.compiled != null;
        List<Shape> shapes = model.outputShapes();
        List<float[]> values = new ArrayList<>();
        int[] per = new int[shapes.size()];
        for (int i = 0; i < shapes.size(); i++) {
            per[i] = Math.toIntExact(shapes.get(i).sampleSize());
            values.add(new float[Math.multiplyExact(n, per[i])]);
        }
        int perExecution = model.compileOptions().stepsPerExecutionValue();
        int batches = (n + batchSize - 1) / batchSize;
        for (int first = 0; first < batches; first += perExecution) {
            Trainer.checkInterrupt("Prediction was cancelled after " + Math.min(n, first * batchSize) + " of " + n + " samples.");
            int count = Math.min(perExecution, batches - first);
            int[] starts = new int[count];
            int[] ends = new int[count];
            for (int k = 0; k < count; k++) {
                starts[k] = (first + k) * batchSize;
                ends[k] = Math.min(n, starts[k] + batchSize);
            }
            // Each execution under the program's read lock: it sees the weights of one completed step.
            List<List<float[]>> run;
            if (count == 1) {
                List<float[]> one = model.runtime.read(training, p -> p.predict(xs, starts[0], ends[0]));
                run = List.of(one);
            } else {
                run = model.runtime.read(training, p -> p.predict(xs, starts, ends));
            }
            for (int k = 0; k < count; k++) {
                List<float[]> batch = run.get(k);
                for (int i = 0; i < batch.size(); i++) {
                    System.arraycopy(batch.get(i), 0, values.get(i), starts[k] * per[i], batch.get(i).length);
                }
            }
        }
        model.runtime.hold(false);
        List<FloatNdArray> out = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            out.add(NdArrays.wrap(org.tensorflow.ndarray.Shape.of(shapes.get(i).with(0, n).dims()),
                    DataBuffers.of(values.get(i), true, false)));
        }
        return out;
    }

    static List<Double> trainOnBatch(Model model, Object x, Object y) {
        return onUploaded(model, x, y, DataSlot.TRAIN, "trainOnBatch", (holding, program, samples) -> {
            int[] all = new int[samples];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return toList(model.runtime.training(holding, () -> program.trainStep(all)));
        });
    }

    /** What runs on a data set uploaded to one slot of the program; gets the program and the sample count. */
    @FunctionalInterface
    private interface OnUploaded<T> {
        T run(Holding holding, Program program, int samples);
    }

    /**
     * Checks {@code x} and {@code y}, uploads them to {@code slot} of the training program, runs
     * {@code work} and releases the slot, holding the model's training lock throughout.
     */
    private static <T> T onUploaded(Model model, Object x, Object y, DataSlot slot, String what, OnUploaded<T> work) {
        CompiledObjective c = model.requireCompiled();
        lock(model, what);
        Program p = null;
        try {
            ModelData data = model.data();
            List<DataArray> xs = data.inputs(x, "x");
            List<DataArray> ys = data.targets(y, xs.get(0).samples(), c, "y");
            if (ModelData.checkFiniteByDefault()) {
                ModelData.checkFinite(what, "x", xs, data.inputNames());
                ModelData.checkFinite(what, "y", ys, data.outputNames());
            }
            Holding h = model.runtime.acquire(true);
            Program program = h.guarded();
            p = program;
            program.upload(slot, xs, ys, null);
            return work.run(h, program, ys.get(0).samples());
        } finally {
            release(p, slot);
            unlock(model);
        }
    }

    private static List<DataArray> slices(List<DataArray> arrays, int from, int to) {
        List<DataArray> out = new ArrayList<>();
        for (DataArray a : arrays) {
            out.add(a.slice(from, to));
        }
        return out;
    }

    private static void release(@Nullable Program p, DataSlot... slots) {
        if (p != null) {
            for (DataSlot s : slots) {
                p.release(s);
            }
        }
    }

    private static List<Double> toList(float[] values) {
        List<Double> out = new ArrayList<>();
        for (float v : values) {
            out.add((double) v);
        }
        return out;
    }

    private static void lock(Model model, String what) {
        model.guard.enter(what);
    }

    private static void unlock(Model model) {
        model.guard.exit();
    }
}
