// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import io.strata.internal.Format;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keras's {@code ProgbarLogger}: prints training progress in Keras 2's format.
 *
 * <p>{@code verbose = 1}: a progress bar per epoch,
 * {@code 1000/1000 [==============================] - 0s 60us/step - loss: 0.6931 - accuracy: 0.5020}.
 * On a terminal, and in a notebook (the Kotlin notebook integration sets {@code strata.progress} to
 * {@code dynamic}), the bar is redrawn in place at most every 0.05 s, as Keras does, ending with the
 * finished line. Elsewhere (logs, IDE run windows, CI) the finished line of each epoch is printed,
 * and during an epoch that runs longer, the bar as it stands at most every 10 s
 * ({@code -Dstrata.progress.interval=SECONDS}; 0 prints only finished lines, as Keras does), so a slow
 * epoch does not look hung. {@code -Dstrata.progress=dynamic|lines} forces either display.
 * {@code verbose = 2}: one line per epoch, {@code  - 0s - loss: 0.6931 - accuracy: 0.5020}.
 */
public final class ProgbarLogger extends Callback {
    private static final int WIDTH = 30;
    private final int verbose;
    private final PrintStream out;
    private final boolean dynamic;
    private final long lineInterval;
    private final LongSupplier clock;
    private long lastLine;
    private int target;
    private boolean useSteps;
    private int seen;
    /** Whether this epoch's batch logs came from executions of several steps ({@code num_steps}). */
    private boolean executions;
    private long epochStart;
    private long lastUpdate;
    private int totalWidth;
    private final Map<String, double[]> sums = new LinkedHashMap<>();

    /** A logger at {@code verbose} (1 or 2) writing to standard output. */
    public ProgbarLogger(int verbose) {
        this(verbose, System.out, dynamicDisplay());
    }

    /** Whether progress is redrawn in place: {@code strata.progress}, else whether a terminal is attached. */
    static boolean dynamicDisplay() {
        String mode = System.getProperty("strata.progress", "auto");
        return switch (mode) {
            case "dynamic" -> true;
            case "lines" -> false;
            default -> System.console() != null;
        };
    }

    /**
     * A logger writing to {@code out}.
     *
     * @param dynamic whether to redraw the bar in place with carriage returns
     */
    public ProgbarLogger(int verbose, PrintStream out, boolean dynamic) {
        this(verbose, out, dynamic, intervalNanos(), System::nanoTime);
    }

    /** A logger with its own clock and interval between lines without a terminal (tests). */
    ProgbarLogger(int verbose, PrintStream out, boolean dynamic, long lineIntervalNanos, LongSupplier clock) {
        this.verbose = verbose;
        this.out = out;
        this.dynamic = dynamic;
        this.lineInterval = lineIntervalNanos;
        this.clock = clock;
    }

    private static long intervalNanos() {
        String s = System.getProperty("strata.progress.interval", "10");
        try {
            return (long) (Double.parseDouble(s) * 1e9);
        } catch (NumberFormatException e) {
            throw new io.strata.InvalidConfigException("-Dstrata.progress.interval=" + s + " is not a number of seconds.");
        }
    }

    @Override
    public void onTrainBegin() {
        Object samples = params().get("samples");
        Object valSamples = params().get("val_samples");
        Object steps = params().get("steps");
        // Keras's use_steps: a generator's progress counts steps, not samples.
        useSteps = samples == null && steps instanceof Integer;
        target = useSteps ? (Integer) steps : samples instanceof Integer i ? i : 0;
        if (valSamples instanceof Integer v && v > 0) {
            out.println("Train on " + target + " samples, validate on " + v + " samples");
        }
    }

    @Override
    public void onEpochBegin(int epoch) {
        out.println("Epoch " + (epoch + 1) + "/" + params().get("epochs"));
        out.flush();
        seen = 0;
        executions = false;
        sums.clear();
        totalWidth = 0;
        epochStart = clock.getAsLong();
        lastUpdate = 0;
        lastLine = epochStart;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        Double steps = logs.get("num_steps");
        executions |= steps != null;
        int size = useSteps ? (steps == null ? 1 : steps.intValue()) : logs.getOrDefault("size", 0.0).intValue();
        seen += size;
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getKey().equals("batch") || e.getKey().equals("size") || e.getKey().equals("num_steps")) {
                continue;
            }
            double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
            s[0] += e.getValue() * size;
            s[1] += size;
        }
        long now = clock.getAsLong();
        if (verbose != 1 || seen >= target) {
            return;
        }
        if (dynamic && now - lastUpdate >= 50_000_000L) {
            lastUpdate = now;
            draw(now, Map.of(), false);
        } else if (!dynamic && lineInterval > 0 && now - lastLine >= lineInterval) {
            lastLine = now;
            draw(now, Map.of(), false);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        long now = clock.getAsLong();
        Map<String, Double> extra = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            double[] s = sums.get(e.getKey());
            if (s == null) {
                extra.put(e.getKey(), e.getValue());
            } else if (executions) {
                // Batch logs of an execution are its last step's; the epoch's mean is exact.
                s[0] = e.getValue();
                s[1] = 1;
            }
        }
        if (verbose == 1) {
            draw(now, extra, true);
        } else if (verbose == 2) {
            StringBuilder info = new StringBuilder(" - ").append(Format.fixed0((now - epochStart) / 1e9)).append('s');
            appendValues(info, extra);
            out.println(info);
        }
        out.flush();
    }

    private void draw(long now, Map<String, Double> extra, boolean done) {
        int current = Math.min(seen, target);
        int digits = (int) Math.floor(Math.log10(Math.max(1, target))) + 1;
        StringBuilder bar = new StringBuilder(String.format("%" + digits + "d/%d [", current, target));
        double prog = target == 0 ? 1 : (double) current / target;
        int progWidth = (int) (WIDTH * prog);
        if (progWidth > 0) {
            bar.append("=".repeat(progWidth - 1)).append(current < target ? '>' : '=');
        }
        bar.append(".".repeat(WIDTH - progWidth)).append(']');
        double elapsed = (now - epochStart) / 1e9;
        double perUnit = current > 0 ? elapsed / current : 0;
        StringBuilder info = new StringBuilder();
        if (!done) {
            info.append(" - ETA: ").append(Format.eta(perUnit * (target - current)));
        } else {
            info.append(" - ").append(Format.fixed0(elapsed)).append('s');
            if (perUnit >= 1) {
                info.append(' ').append(Format.fixed0(perUnit)).append("s/step");
            } else if (perUnit >= 1e-3) {
                info.append(' ').append(Format.fixed0(perUnit * 1e3)).append("ms/step");
            } else {
                info.append(' ').append(Format.fixed0(perUnit * 1e6)).append("us/step");
            }
        }
        appendValues(info, extra);
        String line = bar.toString() + info;
        int width = line.length();
        if (totalWidth > width) {
            line += " ".repeat(totalWidth - width);
        }
        totalWidth = width;
        if (dynamic) {
            out.print("\r" + line + (done ? "\n" : ""));
        } else {
            out.println(line.stripTrailing());
            totalWidth = 0;
        }
        out.flush();
    }

    private void appendValues(StringBuilder info, Map<String, Double> extra) {
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            info.append(" - ").append(e.getKey()).append(": ").append(Format.metric(s[0] / Math.max(1, s[1])));
        }
        for (Map.Entry<String, Double> e : extra.entrySet()) {
            info.append(" - ").append(e.getKey()).append(": ").append(Format.metric(e.getValue()));
        }
    }
}
