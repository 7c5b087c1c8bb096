// SPDX-License-Identifier: Apache-2.0
package io.strata.training;

import io.strata.backend.DataSlot;
import io.strata.backend.Program;
import io.strata.callbacks.ProgbarLogger;
import io.strata.training.TrainingEvent.BatchEnded;
import io.strata.training.TrainingEvent.BatchStarted;
import io.strata.training.TrainingEvent.EpochEnded;
import io.strata.training.TrainingEvent.EpochStarted;
import io.strata.training.TrainingEvent.TrainingEnded;
import io.strata.training.TrainingEvent.TrainingStarted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * The training loop: epochs, shuffling, batching, validation, events and cancellation. It lives once,
 * here; backends supply only the steps of a {@link Program}.
 *
 * <p>Cancellation: an interrupt of the training thread is seen at the next batch boundary (with
 * {@code steps_per_execution}, the next execution's); the loop
 * ends the run with a {@link TrainingEnded} event marked cancelled and throws
 * {@link CancellationException}, which carries the interrupt: the flag is consumed, so that the next
 * call on the same thread is not cancelled at once by it. The model keeps the weights of the last
 * completed step.
 */
public final class Trainer {
    private final Program program;
    private final Random random;
    private final int stepsPerExecution;

    /** A loop over {@code program}, shuffling with {@code random}, one step per native call. */
    public Trainer(Program program, Random random) {
        this(program, random, 1);
    }

    /**
     * A loop over {@code program} that runs up to {@code stepsPerExecution} steps per native call
     * (Keras's {@code steps_per_execution}).
     */
    public Trainer(Program program, Random random, int stepsPerExecution) {
        if (stepsPerExecution < 1) {
            throw new io.strata.InvalidConfigException("'steps_per_execution' must be a positive integer, got "
                    + stepsPerExecution + ".");
        }
        this.program = program;
        this.random = random;
        this.stepsPerExecution = stepsPerExecution;
    }

    /**
     * What the loop trains on, one epoch at a time: the arrays uploaded to the program's slots, or
     * batches from a generator. Called on the training thread only.
     */
    public interface StepSource {
        /** Starts {@code epoch}; returns how many steps it has. */
        int beginEpoch(int epoch);

        /** Gets step {@code step}'s batch ready; returns its number of samples. */
        int prepare(int step);

        /** Runs the training step on the batch {@link #prepare} made ready: the loss, then the logged values. */
        float[] train(int step);

        /**
         * How many steps one call of {@link #train(int, int)} may run (Keras's
         * {@code steps_per_execution}); 1 for sources that feed one batch at a time.
         */
        default int stepsPerExecution() {
            return 1;
        }

        /** Gets steps {@code [first, first + count)} ready; returns each one's number of samples. */
        default int[] prepare(int first, int count) {
            int[] sizes = new int[count];
            for (int k = 0; k < count; k++) {
                sizes[k] = prepare(first + k);
            }
            return sizes;
        }

        /** Runs the steps {@link #prepare(int, int)} made ready, in one native call where it can. */
        default float[][] train(int first, int count) {
            if (count != 1) {
                throw new IllegalStateException("this step source runs one step per call, asked for " + count);
            }
            return new float[][] {train(first)};
        }

        /** The validation values at the end of an epoch ({@code [val_loss, ...]}), or null without validation. */
        float @Nullable [] validate();

        /** Ends an epoch (Keras's {@code Sequence.on_epoch_end}). */
        default void endEpoch() {}
    }

    /**
     * Runs {@code fit} over the data already uploaded to the {@link DataSlot#TRAIN} slot (and, when
     * {@code validationSamples > 0}, to the {@link DataSlot#EVAL} slot).
     *
     * @param metricNames the names of the values a step returns after the loss
     * @param control the run's handle given to listeners (the model, stop requests)
     */
    public History fit(int samples, int validationSamples, List<String> metricNames, FitOptions options,
            TrainingControl control) {
        int batchSize = options.batchSizeValue();
        Map<String, Object> params = params(options, metricNames, validationSamples > 0);
        params.put("batch_size", batchSize);
        params.put("samples", samples);
        params.put("val_samples", validationSamples);
        int[] index = new int[samples];
        for (int i = 0; i < samples; i++) {
            index[i] = i;
        }
        int[][][] current = new int[1][][];
        StepSource uploaded = new StepSource() {
            @Override
            public int beginEpoch(int epoch) {
                shuffle(index, options.shuffleValue(), batchSize);
                return (samples + batchSize - 1) / batchSize;
            }

            @Override
            public int prepare(int step) {
                return prepare(step, 1)[0];
            }

            @Override
            public int[] prepare(int first, int count) {
                current[0] = new int[count][];
                int[] sizes = new int[count];
                for (int k = 0; k < count; k++) {
                    int from = (first + k) * batchSize;
                    current[0][k] = java.util.Arrays.copyOfRange(index, from, Math.min(samples, from + batchSize));
                    sizes[k] = current[0][k].length;
                }
                return sizes;
            }

            @Override
            public float[] train(int step) {
                return train(step, 1)[0];
            }

            @Override
            public float[][] train(int first, int count) {
                return count == 1 ? new float[][] {program.trainStep(current[0][0])} : program.trainSteps(current[0]);
            }

            @Override
            public int stepsPerExecution() {
                return stepsPerExecution;
            }

            @Override
            public float @Nullable [] validate() {
                return validationSamples > 0 ? evaluateSlot(validationSamples, batchSize, metricNames.size()) : null;
            }
        };
        return run(params, metricNames, options, control, uploaded);
    }

    /**
     * Runs {@code fit} over {@code source}'s steps (Keras's {@code fit_generator}): {@code steps} per
     * epoch, as the progress bar counts them.
     */
    public static History fitSteps(int steps, boolean validation, List<String> metricNames, FitOptions options,
            TrainingControl control, StepSource source) {
        Map<String, Object> params = params(options, metricNames, validation);
        params.put("steps", steps);
        params.put("samples", null);
        return run(params, metricNames, options, control, source);
    }

    private static Map<String, Object> params(FitOptions options, List<String> metricNames, boolean validation) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("batch_size", null);
        params.put("epochs", options.epochCount());
        params.put("steps", null);
        params.put("samples", null);
        params.put("val_samples", null);
        params.put("verbose", options.verboseValue());
        params.put("do_validation", validation);
        List<String> allMetrics = new ArrayList<>();
        allMetrics.add("loss");
        allMetrics.addAll(metricNames);
        if (validation) {
            allMetrics.add("val_loss");
            metricNames.forEach(m -> allMetrics.add("val_" + m));
        }
        params.put("metrics", List.copyOf(allMetrics));
        return params;
    }

    private static History run(Map<String, Object> params, List<String> metricNames, FitOptions options, TrainingControl control,
            StepSource source) {
        List<TrainingListener> listeners = new ArrayList<>();
        if (options.verboseValue() > 0) {
            listeners.add(new ProgbarLogger(options.verboseValue()));
        }
        listeners.addAll(options.callbackList());
        History history = new History(params);
        emit(listeners, new TrainingStarted(params, control));

        boolean cancelled = false;
        try {
            for (int epoch = options.initialEpochValue(); epoch < options.epochCount(); epoch++) {
                emit(listeners, new EpochStarted(epoch, control));
                int batches = source.beginEpoch(epoch);
                double[] sums = new double[1 + metricNames.size()];
                int seen = 0;
                int per = source.stepsPerExecution();
                for (int b = 0; b < batches; b += per) {
                    checkInterrupt("Training was cancelled; the model keeps the weights of the last completed step.");
                    // Keras's steps_per_execution: the epoch's last execution runs the steps left; batch
                    // hooks run once per execution, begin with its first step, end with its last.
                    int count = Math.min(per, batches - b);
                    int[] sizes = source.prepare(b, count);
                    int size = 0;
                    for (int n : sizes) {
                        size += n;
                    }
                    emit(listeners, new BatchStarted(epoch, b, size, control));
                    float[][] outs = source.train(b, count);
                    for (int k = 0; k < count; k++) {
                        for (int i = 0; i < outs[k].length; i++) {
                            sums[i] += (double) outs[k][i] * sizes[k];
                        }
                    }
                    seen += size;
                    int last = b + count - 1;
                    Map<String, Double> logs = new LinkedHashMap<>();
                    logs.put("batch", (double) last);
                    logs.put("size", (double) size);
                    if (per > 1) {
                        logs.put("num_steps", (double) count);
                    }
                    float[] out = outs[count - 1];
                    for (int i = 0; i < out.length; i++) {
                        logs.put(i == 0 ? "loss" : metricNames.get(i - 1), (double) out[i]);
                    }
                    emit(listeners, new BatchEnded(epoch, last, size, java.util.Collections.unmodifiableMap(logs), control));
                    if (control.stopRequested()) {
                        break;
                    }
                }
                Map<String, Double> epochLogs = new LinkedHashMap<>();
                for (int i = 0; i < sums.length; i++) {
                    epochLogs.put(i == 0 ? "loss" : metricNames.get(i - 1), sums[i] / Math.max(1, seen));
                }
                float[] val = source.validate();
                if (val != null) {
                    for (int i = 0; i < val.length; i++) {
                        epochLogs.put(i == 0 ? "val_loss" : "val_" + metricNames.get(i - 1), (double) val[i]);
                    }
                }
                source.endEpoch();
                history.record(epoch, epochLogs);
                emit(listeners, new EpochEnded(epoch, java.util.Collections.unmodifiableMap(epochLogs), control));
                if (control.stopRequested()) {
                    break;
                }
            }
        } catch (CancellationException e) {
            cancelled = true;
            throw e;
        } finally {
            emit(listeners, new TrainingEnded(history, cancelled, control));
        }
        return history;
    }

    /** Averages the test step over the {@link DataSlot#EVAL} samples in batches, weighted by batch size. */
    public float[] evaluateSlot(int samples, int batchSize, int metricCount) {
        double[] sums = new double[1 + metricCount];
        int steps = (samples + batchSize - 1) / batchSize;
        for (int first = 0; first < steps; first += stepsPerExecution) {
            checkInterrupt("Evaluation was cancelled; evaluating changed no weight.");
            int count = Math.min(stepsPerExecution, steps - first);
            int[][] batches = new int[count][];
            for (int k = 0; k < count; k++) {
                int from = (first + k) * batchSize;
                int to = Math.min(samples, from + batchSize);
                batches[k] = new int[to - from];
                for (int i = 0; i < batches[k].length; i++) {
                    batches[k][i] = from + i;
                }
            }
            float[][] outs = count == 1 ? new float[][] {program.testStep(batches[0])} : program.testSteps(batches);
            for (int k = 0; k < count; k++) {
                for (int i = 0; i < outs[k].length; i++) {
                    sums[i] += (double) outs[k][i] * batches[k].length;
                }
            }
        }
        float[] result = new float[sums.length];
        for (int i = 0; i < sums.length; i++) {
            result[i] = (float) (sums[i] / samples);
        }
        return result;
    }

    private void shuffle(int[] index, Shuffle mode, int batchSize) {
        if (mode == Shuffle.TRUE) {
            for (int i = index.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = index[i];
                index[i] = index[j];
                index[j] = t;
            }
        } else if (mode == Shuffle.BATCH) {
            // Keras's _batch_shuffle: shuffle whole batches; the last partial batch stays last.
            int full = index.length / batchSize;
            int[] order = new int[full];
            for (int i = 0; i < full; i++) {
                order[i] = i;
            }
            for (int i = full - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int[] copy = index.clone();
            for (int b = 0; b < full; b++) {
                System.arraycopy(copy, order[b] * batchSize, index, b * batchSize, batchSize);
            }
        }
    }

    /** Throws {@code CancellationException(message)} if the thread was interrupted, consuming the flag. */
    public static void checkInterrupt(String message) {
        if (Thread.interrupted()) {
            throw new CancellationException(message);
        }
    }

    private static void emit(List<TrainingListener> listeners, TrainingEvent event) {
        for (TrainingListener l : listeners) {
            l.onEvent(event);
        }
    }
}
