// SPDX-License-Identifier: Apache-2.0
package io.strata.training;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Log names as Keras generations spell them: Keras 2.2 logs {@code acc} where tf.keras and Keras 3 log
 * {@code accuracy} ({@code val_acc} / {@code val_accuracy}, {@code dense_2_acc} / {@code dense_2_accuracy}).
 * Lookups by either spelling find the other, so that code written for one Keras reads logs of the other.
 */
public final class Logs {
    private Logs() {}

    /** The other spelling of an accuracy log name, or null if {@code name} is not one. */
    public static @Nullable String alias(String name) {
        if (name.equals("acc") || name.endsWith("_acc")) {
            return name + "uracy";
        }
        if (name.equals("accuracy") || name.endsWith("_accuracy")) {
            return name.substring(0, name.length() - "uracy".length());
        }
        return null;
    }

    /** The name among {@code names} that {@code name} means: itself, or its other spelling; null if neither. */
    public static @Nullable String resolve(Collection<String> names, String name) {
        if (names.contains(name)) {
            return name;
        }
        String other = alias(name);
        return other != null && names.contains(other) ? other : null;
    }

    /** The value of {@code name} in {@code logs}, under either spelling; null if absent. */
    public static <V> @Nullable V get(Map<String, V> logs, String name) {
        String key = resolve(logs.keySet(), name);
        return key == null ? null : logs.get(key);
    }
}
