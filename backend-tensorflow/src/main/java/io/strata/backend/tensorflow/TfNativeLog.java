// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Keeps TensorFlow's native log lines off the user's console unless asked for. TensorFlow 2.18 logs
 * through two channels: its own ({@code cpu_feature_guard}, oneDNN's notice, "Calling Java gradient
 * function"), filtered by the environment variable {@code TF_CPP_MIN_LOG_LEVEL}, which it reads once,
 * when its natives load; and absl's ({@code MLIR V1 optimization pass is not enabled}, and absl's own
 * "All log messages before absl::InitializeLog()"), which no environment variable filters. So Strata
 * sets the variable in its own process environment before the natives load (libc's {@code setenv},
 * through JNA) and absl's minimum level right after ({@link #afterNativesLoad}).
 *
 * <p>The level: {@code -Dstrata.tf.log=off|error|warning|info} (default {@code off}), else
 * {@code TF_CPP_MIN_LOG_LEVEL} when the user set it (0 info, 1 warning, 2 error, 3 off) for both
 * channels. Anything that fails here (another platform, natives without the symbol) is logged at
 * debug level and leaves TensorFlow's defaults.
 */
final class TfNativeLog {
    private static final Logger LOG = io.strata.internal.StrataLoggers.get(TfNativeLog.class);
    private static int level = -1;

    private TfNativeLog() {}

    /** TF's level: 0 info and up, 1 warnings and up, 2 errors, 3 nothing below fatal. */
    static int level() {
        String property = System.getProperty("strata.tf.log");
        if (property != null) {
            return switch (property.trim().toLowerCase(Locale.ROOT)) {
                case "info", "all", "0" -> 0;
                case "warning", "warn", "1" -> 1;
                case "error", "2" -> 2;
                case "off", "none", "quiet", "3" -> 3;
                default -> throw new io.strata.InvalidConfigException("-Dstrata.tf.log=" + property + " is not a level: use off "
                        + "(the default), error, warning or info.");
            };
        }
        String env = System.getenv("TF_CPP_MIN_LOG_LEVEL");
        if (env != null) {
            try {
                return Math.max(0, Math.min(3, Integer.parseInt(env.trim())));
            } catch (NumberFormatException e) {
                return 3;
            }
        }
        return 3;
    }

    /** Before the natives load: TensorFlow's own channel. Idempotent. */
    static synchronized void beforeNativesLoad() {
        if (level >= 0) {
            return;
        }
        level = level();
        String wanted = Integer.toString(level);
        if (wanted.equals(System.getenv("TF_CPP_MIN_LOG_LEVEL"))) {
            return;
        }
        TfNatives.setenv("TF_CPP_MIN_LOG_LEVEL", wanted);
    }

    /**
     * After the natives load: absl's channel, at the same level. TensorFlow's two libraries each carry
     * their own copy of absl's logging: {@code libtensorflow_framework} exports
     * {@code absl::SetMinLogLevel}, while {@code libtensorflow_cc} (where the MLIR notice comes from)
     * keeps its copy's minimum level in a local variable. Both are set by writing that variable, found
     * by name in the library file's symbol table and relocated by where the library was loaded.
     */
    static synchronized void afterNativesLoad() {
        for (File library : tensorflowLibraries()) {
            try {
                setAbslMinLogLevel(library, level);
            } catch (Throwable e) {
                LOG.debug("could not set absl's minimum log level in {}", library, e);
            }
        }
    }

    private static void setAbslMinLogLevel(File library, int severity) throws java.io.IOException {
        ElfSymbols elf = ElfSymbols.open(library.toPath());
        if (elf == null) {
            LOG.debug("{} is not a 64-bit ELF library; absl's log level left alone", library);
            return;
        }
        ElfSymbols.Symbol minLevel = elf.object(n -> n.startsWith("_ZN4absl") && n.contains("_GLOBAL__N_113min_log_levelE"));
        ElfSymbols.Symbol anchor = elf.exportedFunction();
        if (minLevel == null || minLevel.size() != 4 || anchor == null) {
            LOG.debug("no absl min_log_level in {}; left alone", library);
            return;
        }
        NativeLibrary lib = NativeLibrary.getInstance(library.getAbsolutePath());
        long base = Pointer.nativeValue(lib.getFunction(anchor.name())) - anchor.value();
        new Pointer(base + minLevel.value()).setInt(0, severity);
        LOG.debug("absl's minimum log level in {} set to {}", library.getName(), severity);
    }

    private static List<File> tensorflowLibraries() {
        List<File> out = new ArrayList<>();
        for (Map.Entry<String, String> e : org.bytedeco.javacpp.Loader.getLoadedLibraries().entrySet()) {
            String path = e.getValue();
            if (path != null && new File(path).getName().matches("libtensorflow_(cc|framework)\\.so.*")) {
                out.add(new File(path));
            }
        }
        return out;
    }
}
