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
 * and whether its oneDNN kernels are used ({@code TF_ENABLE_ONEDNN_OPTS}).
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
        if (System.getenv("TF_XLA_FLAGS") == null) {
            // Without this flag TensorFlow never clusters for XLA on the CPU, whatever a session asks;
            // with it, only sessions whose config asks for XLA are clustered (jitCompile).
            setenv("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit");
        }
        TfNativeLog.beforeNativesLoad();
        version = TensorFlow.version();
        TfNativeLog.afterNativesLoad();
        return version;
    }

    /**
     * Whether a program is compiled with XLA: {@code requested} is Keras's {@code jit_compile} (null for
     * {@code "auto"}); {@code -Dstrata.tf.xla=on|off} overrides it for every program. {@code "auto"}
     * follows Keras 3 on TensorFlow: off with the CPU natives, on with the GPU natives. On this 2-core
     * CPU no workload was faster with XLA in every measurement (benchmarks/RESULTS.md): the
     * 784-512-512-10 MLP's step was 0.95–0.99× in alternating rounds of one JVM but its epochs 0.68× the
     * ceiling's (against 0.99–1.03× without), the convnet 0.89–0.99×, the 64-unit MLP 1.00–1.09×.
     */
    static boolean jit(@Nullable Boolean requested) {
        String mode = System.getProperty("strata.tf.xla", "auto").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            case "auto" -> requested != null ? requested : TfBackend.gpuNatives();
            default -> throw new io.strata.InvalidConfigException("-Dstrata.tf.xla=" + mode + " is not on, off or auto.");
        };
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
