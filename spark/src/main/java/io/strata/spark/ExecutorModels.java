// SPDX-License-Identifier: Apache-2.0
package io.strata.spark;

import io.strata.StrataException;
import io.strata.models.Model;
import io.strata.models.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * The models an executor JVM has loaded, by the id of the transform that shipped them: one model (one
 * native program) per JVM, shared by every partition and task of that JVM (a model's {@code predict}
 * is thread-safe). The least recently used beyond {@value #KEEP} are closed.
 */
final class ExecutorModels {
    /** Models kept per JVM. */
    static final int KEEP = 4;
    private static final Map<String, Model> MODELS = new LinkedHashMap<>(16, 0.75f, true);
    /** How many models this JVM has loaded (tests check "once per executor"). */
    static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {}

    /** The model shipped as {@code bytes} (a Keras HDF5 file) under {@code id}, loaded on first use. */
    static synchronized Model get(String id, byte[] bytes) {
        Model m = MODELS.get(id);
        if (m != null) {
            return m;
        }
        threadsFromTask();
        m = load(id, bytes);
        MODELS.put(id, m);
        LOADS.incrementAndGet();
        while (MODELS.size() > KEEP) {
            String oldest = MODELS.keySet().iterator().next();
            MODELS.remove(oldest).close();
        }
        return m;
    }

    private static Model load(String id, byte[] bytes) {
        Path file = null;
        try {
            file = Files.createTempFile("strata-model-", ".h5");
            Files.write(file, bytes);
            return Models.load(file, io.strata.saving.CustomObjects.none(), false);
        } catch (IOException e) {
            throw new StrataException("StrataSpark: could not load the model of transform " + id + " on this executor: "
                    + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /**
     * TensorFlow's pools follow {@code spark.task.cpus}: on an executor (not in local mode's driver JVM,
     * whose own models it would change) the first model sets Strata's intra-op threads to the task's
     * cores, unless {@code -Dstrata.intraOpThreads} was given.
     */
    static void threadsFromTask() {
        TaskContext task = TaskContext.get();
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        boolean driver = env == null || "driver".equals(env.executorId());
        if (task != null && !driver && System.getProperty("strata.intraOpThreads") == null) {
            System.setProperty("strata.intraOpThreads", Integer.toString(Math.max(1, task.cpus())));
        }
    }
}
