// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.layers.Layers;
import io.strata.models.Sequential;
import io.strata.optimizers.RMSprop;
import io.strata.optimizers.SGD;
import java.util.List;

/** The benchmark models, as Strata builds them. */
final class Workloads {
    private Workloads() {}

    /** W1: Dense 512 relu (784 in), Dropout 0.2, Dense 512 relu, Dropout 0.2, Dense 10 softmax; RMSprop. */
    static Sequential w1(long seed) {
        Sequential m = new Sequential(List.of(
                Layers.dense(512).activation("relu").inputShape(784),
                Layers.dropout(0.2),
                Layers.dense(512).activation("relu"),
                Layers.dropout(0.2),
                Layers.dense(10).activation("softmax"))).seed(seed);
        m.compile(new RMSprop(), "categorical_crossentropy", List.of("accuracy"));
        return m;
    }

    /** W4: the guide's Dense 64 tanh (20 in), Dropout 0.5, Dense 64 tanh, Dropout 0.5, Dense 10 softmax; SGD nesterov. */
    static Sequential w4(long seed) {
        Sequential m = new Sequential(List.of(
                Layers.dense(64).activation("tanh").inputDim(20),
                Layers.dropout(0.5),
                Layers.dense(64).activation("tanh"),
                Layers.dropout(0.5),
                Layers.dense(10).activation("softmax"))).seed(seed);
        m.compile(new SGD().lr(0.1).decay(1e-6).momentum(0.9).nesterov(true), "categorical_crossentropy",
                List.of("accuracy"));
        return m;
    }
}
