// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.backend.Backend;
import io.strata.backend.BackendOptions;
import io.strata.backend.ModelDefinition;
import io.strata.backend.Program;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The TensorFlow Java 1.1.0 backend (TensorFlow 2.18 natives), in graph mode.
 *
 * <p>Thread pools are process-wide in TensorFlow and fixed by the first session, so the settings are
 * chosen once here. Defaults, measured on the 2-core reference machine (benchmarks/RESULTS.md): one
 * inter-op thread (small graphs lose more to scheduling than they gain from parallel ops) and one
 * intra-op thread per core. GPU: soft placement and memory growth are on, so the same program runs on
 * the CPU jar and on the GPU jar.
 */
final class TfBackend implements Backend {
    private final ConfigProto config;
    private final String version;

    TfBackend(BackendOptions options) {
        this.version = TensorFlow.version();
        int cores = Runtime.getRuntime().availableProcessors();
        int intra = options.intraOpThreads() > 0 ? options.intraOpThreads() : cores;
        int inter = options.interOpThreads() > 0 ? options.interOpThreads() : 1;
        ConfigProto.Builder b = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intra)
                .setInterOpParallelismThreads(inter)
                .setAllowSoftPlacement(true)
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
        this.config = b.build();
    }

    @Override
    public String name() {
        return "tensorflow";
    }

    @Override
    public Program compile(ModelDefinition definition) {
        return new TfProgram(definition, config);
    }

    @Override
    public String deviceDescription() {
        return "TensorFlow " + version + " (intra-op threads " + config.getIntraOpParallelismThreads()
                + ", inter-op threads " + config.getInterOpParallelismThreads() + ")";
    }
}
