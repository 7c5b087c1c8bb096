// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import com.sun.jna.Function;
import com.sun.jna.Platform;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.tensorflow.TensorFlow;

/**
 * Loads TensorFlow's natives once per process, when the first model is compiled, after setting in the
 * process environment what TensorFlow reads only at that moment: its log level ({@link TfNativeLog})
 * and whether its oneDNN kernels are used ({@code TF_ENABLE_ONEDNN_OPTS}); and JavaCPP's
 * {@value #MAX_PHYSICAL_BYTES}, which it reads once (0 unless the user set it).
 *
 * <p>oneDNN, measured on the 2-core AVX-512 machine (benchmarks/RESULTS.md): W1's 784-512-512-10 MLP
 * trains 1.38× faster with it, but the guide's 64-unit MLP's step takes 1.47× longer and a 1-sample
 * prediction 2.4× longer. TensorFlow's bfloat16 kernels are fast only through oneDNN (the convnet
 * under {@code mixed_bfloat16}: 1.44× float32's throughput with oneDNN, 0.10× without). The setting is
 * process-wide and fixed when the natives load, so {@code -Dstrata.onednn=auto} (the default) decides
 * by the first model compiled: on from {@value #ONEDNN_MIN_WEIGHTS} weights or when it computes in
 * bfloat16, off otherwise. {@code -Dstrata.onednn=on|off}, or the user's own
 * {@code TF_ENABLE_ONEDNN_OPTS}, decide instead.
 */
final class TfNatives {
    /** Models with at least this many weights run faster with oneDNN (W1: 669,706 yes; W4: 5,898 no). */
    static final long ONEDNN_MIN_WEIGHTS = 500_000;
    private static final Logger LOG = io.strata.internal.StrataLoggers.get(TfNatives.class);
    /** JavaCPP's limit on the process's resident size, checked at every native allocation (0: not checked). */
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    private static volatile String version;
    private static String onednn = "";

    private TfNatives() {}

    /**
     * TensorFlow's version, loading the natives if needed (for a model of {@code weights} weights that
     * computes in bfloat16 or not).
     */
    static synchronized String load(long weights, boolean bfloat16) {
        if (version != null) {
            return version;
        }
        onednn = chooseOneDnn(weights, bfloat16);
        String xlaFlags = System.getenv("XLA_FLAGS");
        if (xlaFlags == null || !xlaFlags.contains("xla_cpu_use_thunk_runtime")) {
            // Measured (benchmarks/RESULTS.md): XLA's CPU thunk runtime, TF 2.18's default, ran W4's
            // compiled step 2.3x slower than the classic runtime it replaces.
            setenv("XLA_FLAGS", (xlaFlags == null ? "" : xlaFlags + " ") + "--xla_cpu_use_thunk_runtime=false");
        }
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null && System.getProperty(MAX_PHYSICAL_BYTES.toLowerCase(Locale.ROOT)) == null) {
            // JavaCPP, under TF Java, reads the process's resident size on every native allocation that
            // has a deallocator (each tensor, status and pointer array of a run) to enforce this limit.
            // Measured (benchmarks/RESULTS.md): off, W4's training step went from 114-124 to 89-98 us and
            // W5's 1-sample predict from 82-98 to 69 us. Strata closes every tensor it makes, and JavaCPP's
            // own byte count (org.bytedeco.javacpp.maxBytes) still bounds what it tracks; a value the user
            // sets is kept. Read when JavaCPP's Pointer class initializes, which the natives' load does.
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
        TfNativeLog.beforeNativesLoad();
        version = TensorFlow.version();
        TfNativeLog.afterNativesLoad();
        return version;
    }

    /** How a program's steps are compiled with XLA (Keras's {@code jit_compile}). */
    enum Jit {
        /** Never. */
        OFF,
        /** Every step and predict batch, in groups (see {@link TfXlaFunction}). */
        ON,
        /**
         * {@code "auto"} with the CPU natives for a model under {@link #ONEDNN_MIN_WEIGHTS} weights:
         * executions of several steps or batches ({@code steps_per_execution > 1}) whose ops hold no
         * convolution. Measured on this 2-core CPU (benchmarks/RESULTS.md, XLA on vs off in one JVM): the
         * 64-unit MLP with 32 steps per execution 0.38x, one step per execution 1.00x (the call's own
         * cost eats the gain); the 784-512-512-10 MLP 0.96x with 32 steps and 0.96-1.11x with one, after
         * a 4 s compile; the convnet 2.3x slower (XLA's CPU convolutions against oneDNN's).
         */
        AUTO;

        /** Whether an execution of {@code count} steps (or batches) is compiled. */
        boolean compiles(int count) {
            return this == ON || (this == AUTO && count > 1);
        }
    }

    /**
     * How a program is compiled with XLA: {@code requested} is Keras's {@code jit_compile} (null for
     * {@code "auto"}); {@code -Dstrata.tf.xla=on|off} overrides it for every program. {@code "auto"} is
     * on with the GPU natives (as Keras 3 on TensorFlow); with the CPU natives {@link Jit#AUTO} for a
     * model of fewer than {@link #ONEDNN_MIN_WEIGHTS} {@code weights}, else off.
     */
    static Jit jit(@Nullable Boolean requested, long weights) {
        return switch (xlaMode()) {
            case "on" -> Jit.ON;
            case "off" -> Jit.OFF;
            default -> requested != null ? (requested ? Jit.ON : Jit.OFF)
                    : TfBackend.gpuNatives() ? Jit.ON : weights < ONEDNN_MIN_WEIGHTS ? Jit.AUTO : Jit.OFF;
        };
    }

    /** {@code -Dstrata.tf.xla}: {@code on}, {@code off} or {@code auto}. */
    private static String xlaMode() {
        String mode = System.getProperty("strata.tf.xla", "auto").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "on", "true" -> "on";
            case "off", "false" -> "off";
            case "auto" -> "auto";
            default -> throw new io.strata.InvalidConfigException("-Dstrata.tf.xla=" + mode + " is not on, off or auto.");
        };
    }

    /**
     * Whether {@code "auto"} compiles a one-row prediction with XLA: with the CPU natives when oneDNN
     * is on. Measured (benchmarks/RESULTS.md, the 784-512-512-10 MLP): one row through XLA's own
     * matmuls took 0.65-0.66x the time of TensorFlow's oneDNN kernels, whose per-call cost dominates a
     * 1-row product; a batch of 32 or 256 rows 1.11-1.17x, and without oneDNN (the 64-unit MLP) XLA's
     * call cost made one row 1.69x slower, so neither is compiled.
     */
    static boolean xlaForOneRow(@Nullable Boolean requested) {
        return xlaMode().equals("auto") && requested == null && !TfBackend.gpuNatives() && onednn.startsWith("oneDNN on");
    }

    /** What was chosen for oneDNN and why, for the INFO line. */
    static String oneDnnChoice() {
        return onednn;
    }

    private static String chooseOneDnn(long weights, boolean bfloat16) {
        String property = System.getProperty("strata.onednn");
        String env = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        if (property == null && env != null) {
            return "oneDNN " + (env.trim().equals("0") || env.trim().equalsIgnoreCase("false") ? "off" : "on")
                    + " (TF_ENABLE_ONEDNN_OPTS=" + env + ")";
        }
        String mode = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
        boolean on = switch (mode) {
            case "on", "1", "true" -> true;
            case "off", "0", "false" -> false;
            case "auto" -> weights >= ONEDNN_MIN_WEIGHTS || bfloat16;
            default -> throw new io.strata.InvalidConfigException("-Dstrata.onednn=" + property + " is not on, off or auto.");
        };
        setenv("TF_ENABLE_ONEDNN_OPTS", on ? "1" : "0");
        return "oneDNN " + (on ? "on" : "off") + (mode.equals("auto") ? " (auto: first model has " + String.format(Locale.ROOT, "%,d", weights)
                + " weights" + (bfloat16 ? " and computes in bfloat16" : "") + "; on from "
                + String.format(Locale.ROOT, "%,d", ONEDNN_MIN_WEIGHTS) + " or with mixed_bfloat16)" : " (-Dstrata.onednn=" + property + ")");
    }

    /** Sets {@code name} in this process's environment (C's {@code setenv}), for native code that reads it. */
    static void setenv(String name, String value) {
        try {
            if (Platform.isWindows()) {
                Function.getFunction("msvcrt", "_putenv_s").invokeInt(new Object[] {name, value});
            } else {
                Function.getFunction(Platform.C_LIBRARY_NAME, "setenv").invokeInt(new Object[] {name, value, 1});
            }
        } catch (Throwable e) { // UnsatisfiedLinkError, or JNA refused by the JVM
            LOG.debug("could not set {} for TensorFlow's natives", name, e);
        }
    }
}
