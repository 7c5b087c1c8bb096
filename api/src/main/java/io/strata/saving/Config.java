// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Keras config: the JSON object that {@code get_config()} returns and {@code from_config} reads, as
 * an ordered tree. Values are {@code null}, {@link Boolean}, {@link Long}, {@link Double},
 * {@link String}, {@link List} (of values) or a nested {@code Config}; keys keep the order they were
 * put in, as Python dicts do, so a written config reads like Keras's own.
 *
 * <p>Writing: {@code Config.create().put("units", 32).put("activation", "relu")}. Reading: the typed
 * getters ({@link #integer}, {@link #string}, …) throw an {@link InvalidConfigException} that names
 * what the config describes ({@link #describing}), the key, what was expected and what came.
 * {@link #rename} maps Keras 1's argument names to Keras 2's before reading, as Keras 2's legacy
 * interfaces do.
 */
public final class Config {
    private final LinkedHashMap<String, @Nullable Object> values = new LinkedHashMap<>();
    private String what = "config";

    private Config() {}

    /** An empty config. */
    public static Config create() {
        return new Config();
    }

    /** A config of the entries of {@code map} (values converted as {@link #put} converts them). */
    public static Config of(Map<String, ?> map) {
        Config c = new Config();
        map.forEach(c::put);
        return c;
    }

    /** Sets what this config describes, for error messages ({@code "layer dense_1 (Dense)"}); returns this. */
    public Config describing(String description) {
        this.what = description;
        return this;
    }

    /** What this config describes, as error messages name it. */
    public String description() {
        return what;
    }

    // ---- writing ------------------------------------------------------------------------------------

    /**
     * Puts a value and returns this. Integers become {@link Long}, other numbers {@link Double},
     * arrays and collections lists, maps configs, {@link Shape}s lists with {@code null} for unknown
     * dimensions (Keras's {@code None}).
     */
    public Config put(String key, @Nullable Object value) {
        values.put(Objects.requireNonNull(key, "key"), normalize(value));
        return this;
    }

    /** Removes a key (if present) and returns its value. */
    public @Nullable Object remove(String key) {
        return values.remove(key);
    }

    /** The entries, in order (a read-only view). */
    public Map<String, @Nullable Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** The keys, in order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** A deep copy. */
    public Config copy() {
        Config c = new Config();
        c.what = what;
        values.forEach((k, v) -> c.values.put(k, deepCopy(v)));
        return c;
    }

    private static @Nullable Object deepCopy(@Nullable Object v) {
        if (v instanceof Config c) {
            return c.copy();
        }
        if (v instanceof List<?> l) {
            List<@Nullable Object> out = new ArrayList<>();
            l.forEach(x -> out.add(deepCopy(x)));
            return out;
        }
        return v;
    }

    /**
     * Renames legacy keys to their new names (Keras 1's {@code output_dim} to {@code units}, …),
     * given as pairs {@code old1, new1, old2, new2, …}; returns this. A config with both names is an
     * error, as in Keras.
     */
    public Config rename(String... oldAndNew) {
        if (oldAndNew.length % 2 != 0) {
            throw new IllegalArgumentException("rename takes pairs of names");
        }
        for (int i = 0; i < oldAndNew.length; i += 2) {
            String old = oldAndNew[i];
            String now = oldAndNew[i + 1];
            if (!values.containsKey(old)) {
                continue;
            }
            if (values.containsKey(now)) {
                throw new InvalidConfigException(what + ": got both the legacy argument '" + old
                        + "' and the Keras 2 argument '" + now + "'. Keep only '" + now + "'.");
            }
            Object v = values.remove(old);
            values.put(now, v);
        }
        return this;
    }

    // ---- reading ------------------------------------------------------------------------------------

    /** Whether the key is present (with any value, {@code null} included). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Whether the key is present with a value other than {@code null}. */
    public boolean hasValue(String key) {
        return values.get(key) != null;
    }

    /** The raw value, or null. */
    public @Nullable Object get(String key) {
        return values.get(key);
    }

    private Object require(String key, String expected) {
        if (!values.containsKey(key) || values.get(key) == null) {
            throw new InvalidConfigException(what + ": missing '" + key + "' (expected " + expected + "). Keys present: "
                    + values.keySet() + ".");
        }
        return values.get(key);
    }

    private InvalidConfigException wrong(String key, String expected, @Nullable Object got) {
        return new InvalidConfigException(what + ": '" + key + "' must be " + expected + ", got " + KerasJson.write(got)
                + ".");
    }

    /** A string value. */
    public String string(String key) {
        Object v = require(key, "a string");
        if (!(v instanceof String s)) {
            throw wrong(key, "a string", v);
        }
        return s;
    }

    /** A string value, or {@code fallback} when absent or null. */
    public @Nullable String string(String key, @Nullable String fallback) {
        return hasValue(key) ? string(key) : fallback;
    }

    /** An integer value (a JSON number without a fraction). */
    public int integer(String key) {
        return toInt(key, require(key, "an integer"));
    }

    /** An integer value, or {@code fallback} when absent or null. */
    public int integer(String key, int fallback) {
        return hasValue(key) ? integer(key) : fallback;
    }

    /** An integer value, or null when absent or null. */
    public @Nullable Integer optionalInteger(String key) {
        return hasValue(key) ? integer(key) : null;
    }

    private int toInt(String key, Object v) {
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return (int) (long) l;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
            return (int) (double) d;
        }
        throw wrong(key, "an integer", v);
    }

    /** A number. */
    public double number(String key) {
        Object v = require(key, "a number");
        if (!(v instanceof Number n)) {
            throw wrong(key, "a number", v);
        }
        return n.doubleValue();
    }

    /** A number, or {@code fallback} when absent or null. */
    public double number(String key, double fallback) {
        return hasValue(key) ? number(key) : fallback;
    }

    /** A boolean, or {@code fallback} when absent or null. */
    public boolean bool(String key, boolean fallback) {
        if (!hasValue(key)) {
            return fallback;
        }
        Object v = values.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        // Keras 1 configs and tfjs write 0/1 for some flags.
        if (v instanceof Long l && (l == 0 || l == 1)) {
            return l == 1;
        }
        throw wrong(key, "true or false", v);
    }

    /** A nested config, or null when absent or null. */
    public @Nullable Config config(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Config c)) {
            throw wrong(key, "an object", v);
        }
        return c.describing(what + " > " + key);
    }

    /** A list, or null when absent or null. */
    public @Nullable List<@Nullable Object> list(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            throw wrong(key, "a list", v);
        }
        @SuppressWarnings("unchecked")
        List<@Nullable Object> out = (List<@Nullable Object>) l;
        return out;
    }

    /**
     * An integer tuple of {@code n} entries: Keras accepts an int for all ({@code kernel_size=3}) or a
     * list ({@code [3, 3]}).
     */
    public int[] ints(String key, int n) {
        Object v = require(key, n == 1 ? "an integer" : "an integer or a list of " + n + " integers");
        int[] out = new int[n];
        if (v instanceof List<?> l) {
            if (l.size() != n) {
                throw wrong(key, "a list of " + n + " integers", v);
            }
            for (int i = 0; i < n; i++) {
                Object x = l.get(i);
                if (x == null) {
                    throw wrong(key, "a list of " + n + " integers", v);
                }
                out[i] = toInt(key, x);
            }
            return out;
        }
        java.util.Arrays.fill(out, toInt(key, v));
        return out;
    }

    /** A list of integers. */
    public int[] intList(String key) {
        Object v = require(key, "a list of integers");
        if (!(v instanceof List<?> l)) {
            return new int[] {toInt(key, v)};
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object x = l.get(i);
            if (x == null) {
                throw wrong(key, "a list of integers", v);
            }
            out[i] = toInt(key, x);
        }
        return out;
    }

    /** A shape: a list of integers with {@code null} for unknown dimensions. */
    public Shape shape(String key) {
        Object v = require(key, "a shape (a list of integers and nulls)");
        if (!(v instanceof List<?> l)) {
            throw wrong(key, "a shape (a list of integers and nulls)", v);
        }
        long[] dims = new long[l.size()];
        for (int i = 0; i < dims.length; i++) {
            Object x = l.get(i);
            dims[i] = x == null ? Shape.UNKNOWN : toInt(key, x);
            if (x != null && dims[i] < 0) {
                throw wrong(key, "a shape of non-negative sizes", v);
            }
        }
        return Shape.of(dims);
    }

    // ---- values -------------------------------------------------------------------------------------

    static @Nullable Object normalize(@Nullable Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Config) {
            return v;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Shape s) {
            List<@Nullable Object> out = new ArrayList<>();
            for (long d : s.dims()) {
                out.add(d == Shape.UNKNOWN ? null : d);
            }
            return out;
        }
        if (v instanceof int[] a) {
            List<Object> out = new ArrayList<>();
            for (int x : a) {
                out.add((long) x);
            }
            return out;
        }
        if (v instanceof long[] a) {
            List<Object> out = new ArrayList<>();
            for (long x : a) {
                out.add(x);
            }
            return out;
        }
        if (v instanceof double[] a) {
            List<Object> out = new ArrayList<>();
            for (double x : a) {
                out.add(x);
            }
            return out;
        }
        if (v instanceof Object[] a) {
            List<@Nullable Object> out = new ArrayList<>();
            for (Object x : a) {
                out.add(normalize(x));
            }
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<@Nullable Object> out = new ArrayList<>();
            it.forEach(x -> out.add(normalize(x)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Config c = new Config();
            m.forEach((k, x) -> c.put(String.valueOf(k), x));
            return c;
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        throw new IllegalArgumentException("not a config value: " + v.getClass().getName());
    }

    /** Configs are equal when their entries are (key order ignored, numbers compared by value). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Config c) || c.values.size() != values.size()) {
            return false;
        }
        for (Map.Entry<String, @Nullable Object> e : values.entrySet()) {
            if (!c.values.containsKey(e.getKey()) || !same(e.getValue(), c.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean same(@Nullable Object a, @Nullable Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    /** The config as Keras's JSON ({@code json.dumps} style). */
    @Override
    public String toString() {
        return KerasJson.write(this);
    }
}
