// SPDX-License-Identifier: Apache-2.0
package io.strata.benchmarks;

import io.strata.layers.Layers;
import io.strata.models.Models;
import io.strata.models.Sequential;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Saving and loading the guide's VGG-like convnet (100 x 100 x 3 images, 7,998,346 weights, 32 MB of
 * float32) as Keras 2's {@code .h5} and Keras 3's {@code .keras}, against h5py (Debian's, the tool Keras
 * itself writes with) writing and reading the same arrays in the same layouts, in the same run; and the
 * peak heap a load takes beyond what the heap held before.
 */
final class SaveLoadBench {
    private static final int RUNS = 15;

    private SaveLoadBench() {}

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    static Sequential vgg() {
        return new Sequential(List.of(
                Layers.conv2d(32, 3, 3).activation("relu").inputShape(100, 100, 3), Layers.conv2d(32, 3, 3).activation("relu"),
                Layers.maxPooling2d(2, 2), Layers.dropout(0.25),
                Layers.conv2d(64, 3, 3).activation("relu"), Layers.conv2d(64, 3, 3).activation("relu"),
                Layers.maxPooling2d(2, 2), Layers.dropout(0.25), Layers.flatten(),
                Layers.dense(256).activation("relu"), Layers.dropout(0.5), Layers.dense(10).activation("softmax"))).seed(1);
    }

    static double medianMs(IoAction a) throws IOException {
        for (int i = 0; i < 2; i++) {
            a.run();
        }
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            a.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[RUNS / 2];
    }

    /** The heap the action needs beyond what was in use before it (peaks of every heap pool). */
    static long peakHeapBytes(IoAction a) throws IOException {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        System.gc();
        long before = pools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        a.run();
        long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return Math.max(0, peak - before);
    }

    static void run(List<String> rows) throws Exception {
        Path dir = Files.createTempDirectory("strata-files-bench");
        Sequential m = vgg();
        long weights = m.countParams();
        double mb = weights * 4 / 1e6;
        System.out.printf(Locale.ROOT, "files: VGG-like convnet, %,d weights (%.1f MB)%n", weights, mb);
        Path h5 = dir.resolve("vgg.h5");
        Path weightsH5 = dir.resolve("vgg-weights.h5");
        Path keras = dir.resolve("vgg.keras");
        double saveH5 = medianMs(() -> m.save(h5));
        double saveWeights = medianMs(() -> m.saveWeights(weightsH5));
        double saveKeras = medianMs(() -> m.save(keras));
        Sequential target = vgg();
        double loadWeights = medianMs(() -> target.loadWeights(weightsH5));
        double loadH5 = medianMs(() -> Models.load(h5).close());
        double loadKeras = medianMs(() -> Models.load(keras).close());
        long heapH5 = peakHeapBytes(() -> Models.load(h5).close());
        long heapKeras = peakHeapBytes(() -> Models.load(keras).close());
        long heapInto = peakHeapBytes(() -> target.loadWeights(weightsH5));

        double[] ref = h5py(h5, keras, dir);
        row(rows, "save .h5 model file (ms, median of 15)", saveH5, ref[0], "<= 2x");
        row(rows, "save .h5 weights (ms, median of 15)", saveWeights, ref[0], "<= 2x");
        row(rows, "save .keras (ms, median of 15)", saveKeras, ref[1], "<= 2x");
        row(rows, "loadWeights .h5 into the model (ms, median of 15)", loadWeights, ref[2], "<= 2x");
        row(rows, "Models.load .h5 (ms, median of 15)", loadH5, ref[2], "<= 2x");
        row(rows, "Models.load .keras (ms, median of 15)", loadKeras, ref[3], "<= 2x");
        rows.add(String.format(Locale.ROOT, "| files: peak heap of Models.load .h5 / .keras, loadWeights (MB; weights %.1f MB) | "
                + "%.1f / %.1f / %.1f | - | %.2fx / %.2fx / %.2fx of the weights | < 2x |", mb, heapH5 / 1e6, heapKeras / 1e6,
                heapInto / 1e6, heapH5 / 1e6 / mb, heapKeras / 1e6 / mb, heapInto / 1e6 / mb));
        m.close();
        target.close();
    }

    private static void row(List<String> rows, String what, double strata, double h5py, String target) {
        rows.add(String.format(Locale.ROOT, "| files: %s | %.1f | %.1f (h5py) | %.2fx | %s |", what, strata, h5py, strata / h5py,
                target));
    }

    /**
     * h5py's times in ms (medians of 15): writing the model file's arrays in Keras 2's layout, writing
     * them as Keras 3 does (an in-memory HDF5 file zipped with its JSON), reading the .h5, reading the
     * .keras (unzip, then HDF5 from memory).
     */
    private static double[] h5py(Path h5, Path keras, Path dir) throws Exception {
        String script = """
                import h5py, io, json, sys, time, zipfile
                import numpy as np
                src, keras_file, out = sys.argv[1], sys.argv[2], sys.argv[3]
                with h5py.File(src, "r") as f:
                    g = f["model_weights"]
                    arrays = []
                    for name in [n.decode() for n in g.attrs["layer_names"]]:
                        for w in [n.decode() for n in g[name].attrs["weight_names"]]:
                            arrays.append((name, w, np.asarray(g[name][w])))
                    config = f.attrs["model_config"]
                def med(fn):
                    fn(); fn()
                    t = []
                    for _ in range(15):
                        t0 = time.perf_counter(); fn(); t.append((time.perf_counter() - t0) * 1000)
                    return sorted(t)[7]
                def write_h5():
                    with h5py.File(out + "/ref.h5", "w") as f:
                        f.attrs["model_config"] = config
                        g = f.create_group("model_weights")
                        g.attrs["layer_names"] = np.array([a[0].encode() for a in arrays])
                        for name, w, v in arrays:
                            g.create_dataset(name + "/" + w, data=v)
                def write_keras():
                    buf = io.BytesIO()
                    with h5py.File(buf, "w") as f:
                        for i, (name, w, v) in enumerate(arrays):
                            f.create_dataset("layers/%s/vars/%d" % (name, i), data=v)
                    with zipfile.ZipFile(out + "/ref.keras", "w") as z:
                        z.writestr("config.json", config)
                        z.writestr("model.weights.h5", buf.getvalue())
                def read_h5():
                    with h5py.File(src, "r") as f:
                        json.loads(f.attrs["model_config"])
                        g = f["model_weights"]
                        for name in [n.decode() for n in g.attrs["layer_names"]]:
                            for w in [n.decode() for n in g[name].attrs["weight_names"]]:
                                np.asarray(g[name][w])
                def read_keras():
                    with zipfile.ZipFile(keras_file) as z:
                        json.loads(z.read("config.json"))
                        with h5py.File(io.BytesIO(z.read("model.weights.h5")), "r") as f:
                            f.visititems(lambda n, o: np.asarray(o) if isinstance(o, h5py.Dataset) else None)
                print(med(write_h5), med(write_keras), med(read_h5), med(read_keras))
                """;
        Path py = dir.resolve("h5py_reference.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), h5.toString(), keras.toString(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("the h5py reference failed (install python3-h5py python3-numpy): " + out);
        }
        List<Double> v = new ArrayList<>();
        for (String s : out.split("\\s+")) {
            v.add(Double.parseDouble(s));
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
