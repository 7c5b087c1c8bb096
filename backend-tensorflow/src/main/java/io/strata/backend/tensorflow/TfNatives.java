// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import com.sun.jna.Function;
import com.sun.jna.Platform;
import java.util.Locale;
import org.slf4j.Logger;
import org.tensorflow.TensorFlow;

/**
 * Loads TensorFlow's natives once per process, when the first model is compiled, after setting in the
 * process environment what TensorFlow reads only at that moment: its log level ({@link TfNativeLog})
 * and whether its oneDNN kernels are used ({@code TF_ENABLE_ONEDNN_OPTS}).
 *
 * <p>oneDNN, measured on the 2-core AVX-512 machine (benchmarks/RESULTS.md): W1's 784-512-512-10 MLP
 * trains 1.38× faster with it, but the guide's 64-unit MLP's step takes 1.47× longer and a 1-sample
 * prediction 2.4× longer. The setting is process-wide and fixed when the natives load, so
 * {@code -Dstrata.onednn=auto} (the default) decides by the first model compiled: on from
 * {@value #ONEDNN_MIN_WEIGHTS} weights, off below. {@code -Dstrata.onednn=on|off}, or the user's own
 * {@code TF_ENABLE_ONEDNN_OPTS}, decide instead.
 */
final class TfNatives {
    /** Models with at least this many weights run faster with oneDNN (W1: 669,706 yes; W4: 5,898 no). */
    static final long ONEDNN_MIN_WEIGHTS = 500_000;
    private static final Logger LOG = io.strata.internal.StrataLoggers.get(TfNatives.class);
    private static volatile String version;
    private static String onednn = "";

    private TfNatives() {}

    /** TensorFlow's version, loading the natives if needed (for a model of {@code weights} weights). */
    static synchronized String load(long weights) {
        if (version != null) {
            return version;
        }
        onednn = chooseOneDnn(weights);
        if (xla() && System.getenv("TF_XLA_FLAGS") == null) {
            // Without this flag TensorFlow never clusters for XLA on the CPU, whatever the session asks.
            setenv("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit");
        }
        TfNativeLog.beforeNativesLoad();
        version = TensorFlow.version();
        TfNativeLog.afterNativesLoad();
        return version;
    }

    /**
     * Whether sessions ask for XLA's auto-clustering ({@code -Dstrata.tf.xla=on}; off by default: on the
     * 2-core CPU machine it made the 64-unit MLP's step 1.9x slower and 1-sample prediction 1.4x slower,
     * benchmarks/RESULTS.md).
     */
    static boolean xla() {
        return System.getProperty("strata.tf.xla", "off").equals("on");
    }

    /** What was chosen for oneDNN and why, for the INFO line. */
    static String oneDnnChoice() {
        return onednn;
    }

    private static String chooseOneDnn(long weights) {
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
            case "auto" -> weights >= ONEDNN_MIN_WEIGHTS;
            default -> throw new io.strata.InvalidConfigException("-Dstrata.onednn=" + property + " is not on, off or auto.");
        };
        setenv("TF_ENABLE_ONEDNN_OPTS", on ? "1" : "0");
        return "oneDNN " + (on ? "on" : "off") + (mode.equals("auto") ? " (auto: first model has " + String.format(Locale.ROOT, "%,d", weights)
                + " weights; on from " + String.format(Locale.ROOT, "%,d", ONEDNN_MIN_WEIGHTS) + ")" : " (-Dstrata.onednn=" + property + ")");
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
