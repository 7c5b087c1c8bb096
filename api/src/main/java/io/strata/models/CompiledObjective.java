// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.backend.MetricsFunction;
import io.strata.backend.ObjectiveFunction;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.losses.BuiltinLoss;
import io.strata.losses.Loss;
import io.strata.losses.Losses;
import io.strata.metrics.BuiltinMetric;
import io.strata.metrics.CustomMetric;
import io.strata.metrics.LossMetric;
import io.strata.metrics.Metric;
import io.strata.metrics.MetricFunction;
import io.strata.metrics.Metrics;
import io.strata.optimizers.Optimizer;
import io.strata.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code compile} resolved: the optimizer, the loss, and the metrics with their log names and
 * computations ({@code accuracy} resolved against the loss and output shape as Keras does).
 */
record CompiledObjective(Optimizer<?> optimizer, Loss loss, List<String> metricNames, List<Metric> metrics,
        List<MetricFunction> singleFunctions) {

    static CompiledObjective resolve(Object optimizer, Object loss, List<?> metrics, Shape outputShape) {
        Optimizer<?> opt;
        if (optimizer instanceof String s) {
            opt = Optimizers.named(s);
        } else if (optimizer instanceof Optimizer<?> o) {
            opt = o;
        } else {
            throw new InvalidConfigException("compile: 'optimizer' must be an optimizer id such as \"rmsprop\" or an "
                    + "Optimizer such as new SGD(), got " + describe(optimizer) + ".");
        }
        Loss l;
        if (loss instanceof String s) {
            l = Losses.named(s);
        } else if (loss instanceof Loss given) {
            l = given;
        } else {
            throw new InvalidConfigException("compile: 'loss' must be a loss id such as \"categorical_crossentropy\" or a "
                    + "Loss, got " + describe(loss) + ".");
        }
        List<String> names = new ArrayList<>();
        List<Metric> specs = new ArrayList<>();
        List<MetricFunction> fns = new ArrayList<>();
        for (Object m : metrics) {
            Metric metric;
            String display;
            if (m instanceof String s) {
                metric = Metrics.named(s);
                display = s;
            } else if (m instanceof Metric given) {
                metric = given;
                display = given.id();
            } else {
                throw new InvalidConfigException("compile: each metric must be an id such as \"accuracy\" or a Metric, got "
                        + describe(m) + ".");
            }
            if (metric instanceof CustomMetric c && c.multiFunction() != null) {
                for (String v : c.valueNames()) {
                    names.add(v);
                    specs.add(metric);
                    fns.add(null);
                }
                continue;
            }
            names.add(display);
            specs.add(metric);
            fns.add(functionOf(metric, l, outputShape));
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i || names.get(i).equals("loss")) {
                throw new InvalidConfigException("compile: metric name '" + names.get(i) + "' appears twice (or clashes "
                        + "with 'loss'); give custom metrics distinct names.");
            }
        }
        return new CompiledObjective(opt, l, List.copyOf(names), List.copyOf(specs), fns);
    }

    private static MetricFunction functionOf(Metric metric, Loss loss, Shape outputShape) {
        if (metric == BuiltinMetric.ACCURACY) {
            // Keras 2: binary if the output has one unit or the loss is binary cross-entropy,
            // sparse for the sparse loss, categorical otherwise.
            if (outputShape.dim(-1) == 1 || loss == BuiltinLoss.BINARY_CROSSENTROPY) {
                return BuiltinMetric.BINARY_ACCURACY.function();
            }
            if (loss == BuiltinLoss.SPARSE_CATEGORICAL_CROSSENTROPY) {
                return BuiltinMetric.SPARSE_CATEGORICAL_ACCURACY.function();
            }
            return BuiltinMetric.CATEGORICAL_ACCURACY.function();
        }
        if (metric instanceof BuiltinMetric b) {
            return b.function();
        }
        if (metric instanceof LossMetric lm) {
            return lm.loss().function()::call;
        }
        CustomMetric c = (CustomMetric) metric;
        return c.function();
    }

    /** The target batch shape: the output shape, with a last dimension of 1 for integer-label losses. */
    Shape targetShape(Shape outputShape) {
        return sparse() ? outputShape.withLast(1) : outputShape;
    }

    boolean sparse() {
        return loss == BuiltinLoss.SPARSE_CATEGORICAL_CROSSENTROPY;
    }

    /** Keras's weighted objective: per-sample loss times weight, divided by the fraction of non-zero weights. */
    ObjectiveFunction objective() {
        return (ops, yTrue, yPred, weights) -> {
            Tensor score = loss.function().call(ops, yTrue, yPred);
            score = meanToBatch(ops, score);
            if (weights == null) {
                return ops.mean(score, false);
            }
            Tensor weighted = ops.mul(score, weights);
            Tensor nonZero = ops.mean(ops.sub(ops.constant(1f), ops.equal(weights, ops.constant(0f))), false);
            return ops.div(ops.mean(weighted, false), nonZero);
        };
    }

    MetricsFunction metricsFunction() {
        return (ops, yTrue, yPred) -> {
            List<Tensor> out = new ArrayList<>();
            for (int i = 0; i < metricNames.size(); i++) {
                MetricFunction f = singleFunctions.get(i);
                if (f != null) {
                    out.add(ops.mean(f.call(ops, yTrue, yPred), false));
                    continue;
                }
                CustomMetric c = (CustomMetric) metrics.get(i);
                Map<String, Tensor> values = c.multiFunction().call(ops, yTrue, yPred);
                for (String v : c.valueNames()) {
                    Tensor t = values.get(v);
                    if (t == null) {
                        throw new InvalidConfigException("Metric '" + c.name() + "' declared the value '" + v
                                + "' but its function returned only " + values.keySet() + ".");
                    }
                    out.add(ops.mean(t, false));
                }
                i += c.valueNames().size() - 1;
            }
            return out;
        };
    }

    private static Tensor meanToBatch(Ops ops, Tensor score) {
        if (score.rank() <= 1) {
            return score;
        }
        int[] axes = new int[score.rank() - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return ops.mean(score, false, axes);
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getName() + " (" + o + ")";
    }
}
