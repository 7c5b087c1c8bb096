// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.backend.Backend;
import io.strata.backend.BackendOptions;
import io.strata.backend.ModelDefinition;
import io.strata.backend.Program;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The TensorFlow Java 1.1.0 backend (TensorFlow 2.18 natives), in graph mode.
 *
 * <p>Threads: every program gets its own TensorFlow thread pools ({@code use_per_session_threads}),
 * sized for its model, because TensorFlow's global pools are fixed by the first session of the
 * process. Measured on the 2-core reference machine (benchmarks/RESULTS.md): one inter-op thread
 * always; one intra-op thread for small models, where waking a second thread costs more than it
 * saves (the guide's 64-unit MLP: 300 → 225 µs per step), and one per core for larger ones. Users
 * override both with {@code -Dstrata.intraOpThreads} / {@code -Dstrata.interOpThreads}.
 *
 * <p>GPU: soft placement and memory growth are on, so the same program runs on the CPU jar and on the
 * GPU jar.
 */
final class TfBackend implements Backend {
    /** Models with fewer weights than this run single-threaded inside each op. */
    static final long SMALL_MODEL_PARAMS = 100_000;

    private static final org.slf4j.Logger LOG = io.strata.internal.StrataLoggers.get(TfBackend.class);
    private final BackendOptions options;

    /** A backend; TensorFlow's natives load when the first model is compiled ({@link TfNatives}). */
    TfBackend(BackendOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "tensorflow";
    }

    @Override
    public Program compile(ModelDefinition definition) {
        long weights = TfProgram.weightCount(definition);
        loadNatives(weights, definition.computeDtypes().contains("bfloat16"));
        return TfErrors.guard("build the model's graph", () -> new TfProgram(definition, config(definition)));
    }

    ConfigProto config(ModelDefinition definition) {
        long params = TfProgram.weightCount(definition);
        int cores = Runtime.getRuntime().availableProcessors();
        int intra = options.intraOpThreads() > 0 ? options.intraOpThreads() : (params < SMALL_MODEL_PARAMS ? 1 : cores);
        int inter = options.interOpThreads() > 0 ? options.interOpThreads() : 1;
        ConfigProto.Builder b = ConfigProto.newBuilder();
        return b
                .setIntraOpParallelismThreads(intra)
                .setInterOpParallelismThreads(inter)
                .setUsePerSessionThreads(true)
                .setAllowSoftPlacement(true)
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
                .build();
    }

    private void loadNatives(long weights, boolean bfloat16) {
        boolean first;
        synchronized (TfNatives.class) {
            first = TfNatives.oneDnnChoice().isEmpty();
            TfNatives.load(weights, bfloat16);
        }
        if (first) {
            LOG.info("Strata backend tensorflow: {}", deviceDescription());
        }
    }

    @Override
    public String deviceDescription() {
        String version = TfNatives.load(0, false);
        int cores = Runtime.getRuntime().availableProcessors();
        String intra = options.intraOpThreads() > 0 ? Integer.toString(options.intraOpThreads())
                : "1 for models under " + String.format(java.util.Locale.ROOT, "%,d", SMALL_MODEL_PARAMS) + " weights, else " + cores;
        int inter = options.interOpThreads() > 0 ? options.interOpThreads() : 1;
        return "TensorFlow " + version + (gpuNatives() ? " (GPU natives" : " (CPU natives") + "), " + cores + " cores, "
                + TfNatives.oneDnnChoice() + "; per-model thread pools: intra-op " + intra + ", inter-op " + inter
                + " (-Dstrata.intraOpThreads, -Dstrata.interOpThreads)";
    }

    /** Whether TF Java's GPU native jar ({@code linux-x86_64-gpu}) is on the class path. */
    static boolean gpuNatives() {
        return TfBackend.class.getClassLoader().getResource("org/tensorflow/internal/c_api/linux-x86_64-gpu/") != null;
    }
}
