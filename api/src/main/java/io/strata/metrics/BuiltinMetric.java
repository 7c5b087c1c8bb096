// SPDX-License-Identifier: Apache-2.0
package io.strata.metrics;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;

/** Keras's built-in accuracy metrics. */
public enum BuiltinMetric implements Metric {
    /**
     * {@code accuracy} / {@code acc}: resolved at compile time as Keras does, to binary accuracy if the
     * output has one unit or the loss is binary cross-entropy, to sparse categorical accuracy for the
     * sparse loss, and to categorical accuracy otherwise.
     */
    ACCURACY("accuracy", null),
    /** {@code mean(equal(y_true, round(y_pred)), axis=-1)}. */
    BINARY_ACCURACY("binary_accuracy", (ops, t, p) -> ops.mean(ops.equal(t, ops.round(p)), false, -1)),
    /** {@code equal(argmax(y_true, -1), argmax(y_pred, -1))}. */
    CATEGORICAL_ACCURACY("categorical_accuracy", (ops, t, p) -> ops.equal(ops.argmax(t, -1), ops.argmax(p, -1))),
    /** {@code equal(y_true, argmax(y_pred, -1))} for integer targets. */
    SPARSE_CATEGORICAL_ACCURACY("sparse_categorical_accuracy", (ops, t, p) ->
            ops.equal(flattenLabels(ops, t, p), ops.argmax(p, -1))),
    /** Whether the target class is among the 5 highest predictions. */
    TOP_K_CATEGORICAL_ACCURACY("top_k_categorical_accuracy", (ops, t, p) -> ops.inTopK(p, ops.argmax(t, -1), 5)),
    /** Whether the integer target is among the 5 highest predictions. */
    SPARSE_TOP_K_CATEGORICAL_ACCURACY("sparse_top_k_categorical_accuracy", (ops, t, p) ->
            ops.inTopK(p, flattenLabels(ops, t, p), 5));

    private final String id;
    private final MetricFunction function;

    BuiltinMetric(String id, MetricFunction function) {
        this.id = id;
        this.function = function;
    }

    @Override
    public String id() {
        return id;
    }

    /** The name shown in logs: the identifier. */
    @Override
    public String toString() {
        return id;
    }

    /** The computation; {@link #ACCURACY} has none until it is resolved. */
    public MetricFunction function() {
        if (function == null) {
            throw new IllegalStateException("'accuracy' is resolved against the loss at compile time");
        }
        return function;
    }

    /** Keras's {@code top_k_categorical_accuracy} with a chosen {@code k}. */
    public static MetricFunction topK(int k, boolean sparse) {
        return sparse
                ? (ops, t, p) -> ops.inTopK(p, flattenLabels(ops, t, p), k)
                : (ops, t, p) -> ops.inTopK(p, ops.argmax(t, -1), k);
    }

    private static Tensor flattenLabels(Ops ops, Tensor t, Tensor p) {
        return t.rank() == p.rank() ? ops.squeeze(t, -1) : t;
    }
}
