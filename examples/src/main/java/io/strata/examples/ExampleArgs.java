// SPDX-License-Identifier: Apache-2.0
package io.strata.examples;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The command line of the guide's example programs: {@code --epochs N} (the guide's count by
 * default), {@code --limit N} (train and test on the first N samples only, for a quick run),
 * {@code --data PATH} (local files instead of the download: the data set's file or folder), and
 * per-program switches such as {@code --dataset fashion}.
 */
record ExampleArgs(Map<String, String> values) {
    static ExampleArgs parse(String[] given) {
        // exec:exec passes -Dexample.args="--epochs 2 --limit 100" as one argument: split it.
        String[] args = String.join(" ", given).trim().isEmpty() ? new String[0] : String.join(" ", given).trim().split("\\s+");
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i].trim();
            if (a.isEmpty()) {
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments are --name value pairs (--epochs 2, --limit 1000, --data PATH); got "
                        + String.join(" ", args));
            }
            m.put(a.substring(2), args[++i]);
        }
        return new ExampleArgs(m);
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    @Nullable Path path(String name) {
        String v = values.get(name);
        return v == null ? null : Path.of(v);
    }

    /** {@code --limit}, or {@code n} when not given. */
    int limit(int n) {
        return Math.min(n, integer("limit", n));
    }
}
