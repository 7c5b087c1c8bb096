// SPDX-License-Identifier: Apache-2.0
package io.strata.training;

import io.strata.InvalidConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The record of a {@code fit}: Keras's {@code History}, always returned by {@code fit}.
 * {@link #history()} is Keras's {@code history.history} map ({@code loss}, {@code accuracy},
 * {@code val_loss}, …, one value per epoch); {@link #metric(String)} gives one series as a
 * {@code double[]}.
 */
public final class History {
    private final List<Integer> epoch = new ArrayList<>();
    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final Map<String, Object> params;

    /** An empty history for a run with {@code params}. */
    public History(Map<String, Object> params) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Appends an epoch's logs. */
    public void record(int epochIndex, Map<String, Double> logs) {
        epoch.add(epochIndex);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** The epoch indices recorded (from 0; {@code initialEpoch} first). */
    public List<Integer> epoch() {
        return Collections.unmodifiableList(epoch);
    }

    /**
     * Keras's {@code history.history}: each log name to its per-epoch values. Looking up {@code acc}
     * finds {@code accuracy} and the other way round ({@link Logs}), so Keras 2.2 code that reads
     * {@code history["acc"]} works with either metric name.
     */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        history.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new AliasedMap(Collections.unmodifiableMap(copy));
    }

    /** {@link #history()} as a bean property, so that Kotlin reads it as Keras does: {@code history.history["loss"]}. */
    public Map<String, List<Double>> getHistory() {
        return history();
    }

    /** A read-only map whose lookups accept both spellings of accuracy names. */
    private static final class AliasedMap extends java.util.AbstractMap<String, List<Double>> {
        private final Map<String, List<Double>> map;

        AliasedMap(Map<String, List<Double>> map) {
            this.map = map;
        }

        @Override
        public Set<Map.Entry<String, List<Double>>> entrySet() {
            return map.entrySet();
        }

        @Override
        public List<Double> get(Object key) {
            return key instanceof String s ? Logs.get(map, s) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && Logs.resolve(map.keySet(), s) != null;
        }
    }

    /** Keras's {@code history.params}. */
    public Map<String, Object> params() {
        return params;
    }

    /** The per-epoch values of one log ({@code "loss"}, {@code "val_accuracy"}). */
    public double[] metric(String name) {
        List<Double> values = Logs.get(history, name);
        if (values == null) {
            throw new InvalidConfigException("History has no metric '" + name + "'. Recorded: " + history.keySet() + ".");
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The names of the recorded logs. */
    public List<String> metricNames() {
        return List.copyOf(history.keySet());
    }

    /** The number of epochs recorded. */
    public int epochs() {
        return epoch.size();
    }

    @Override
    public String toString() {
        return "History" + history;
    }
}
