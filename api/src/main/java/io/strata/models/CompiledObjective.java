// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.backend.ObjectiveFunction;
import io.strata.backend.ObjectiveFunction.Objective;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code compile} resolved, as Keras 2.2's {@code Model.compile} does: the optimizer and, for
 * every output, its loss, loss weight and metrics ({@code accuracy} resolved against that output's
 * loss and shape). The log names follow Keras: {@code loss}, then {@code <output>_loss} for each
 * output when there are several, then the metrics, prefixed by their output's name when there are
 * several ({@code dense_3_acc}).
 */
record CompiledObjective(Optimizer<?> optimizer, List<OutputObjective> outputs, List<String> logNames) {

    /** One output's part of the objective. */
    record OutputObjective(String name, Loss loss, double weight, List<String> metricNames, List<Metric> metrics,
            List<@Nullable MetricFunction> functions) {
        boolean sparse() {
            return loss == BuiltinLoss.SPARSE_CATEGORICAL_CROSSENTROPY;
        }

        /** The target batch shape: the output shape, with a last dimension of 1 for integer-label losses. */
        Shape targetShape(Shape outputShape) {
            return sparse() ? outputShape.withLast(1) : outputShape;
        }
    }

    static CompiledObjective resolve(Object optimizer, Object loss, Object metrics, @Nullable Object lossWeights,
            List<String> outputNames, List<Shape> outputShapes) {
        Optimizer<?> opt;
        if (optimizer instanceof String s) {
            opt = Optimizers.named(s);
        } else if (optimizer instanceof Optimizer<?> o) {
            opt = o;
        } else {
            throw new InvalidConfigException("compile: 'optimizer' must be an optimizer id such as \"rmsprop\" or an "
                    + "Optimizer such as new SGD(), got " + describe(optimizer) + ".");
        }
        int n = outputNames.size();
        List<Object> losses = perOutput(loss, "loss", outputNames, null);
        List<Object> weights = lossWeights == null ? null : perOutput(lossWeights, "loss_weights", outputNames, 1.0);
        List<Object> metricLists = perOutput(metrics, "metrics", outputNames, List.of(), true);
        List<OutputObjective> outs = new ArrayList<>();
        List<String> logNames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (n > 1) {
                logNames.add(outputNames.get(i) + "_loss");
            }
        }
        for (int i = 0; i < n; i++) {
            Loss l = lossOf(losses.get(i));
            double w = 1.0;
            if (weights != null) {
                if (!(weights.get(i) instanceof Number num)) {
                    throw new InvalidConfigException("compile: each loss weight must be a number, got "
                            + describe(weights.get(i)) + " for output " + outputNames.get(i) + ".");
                }
                w = num.doubleValue();
            }
            String prefix = n > 1 ? outputNames.get(i) + "_" : "";
            List<String> names = new ArrayList<>();
            List<Metric> specs = new ArrayList<>();
            List<MetricFunction> fns = new ArrayList<>();
            Object ms = metricLists.get(i);
            List<?> list = ms instanceof List<?> li ? li : List.of(ms);
            for (Object m : list) {
                Metric metric;
                String display;
                if (m instanceof String s) {
                    metric = Metrics.named(s);
                    display = s;
                } else if (m instanceof Metric given) {
                    metric = given;
                    display = given.id();
                } else {
                    throw new InvalidConfigException("compile: each metric must be an id such as \"accuracy\" or a "
                            + "Metric, got " + describe(m) + ".");
                }
                if (metric instanceof CustomMetric c && c.multiFunction() != null) {
                    for (String v : c.valueNames()) {
                        names.add(prefix + v);
                        specs.add(metric);
                        fns.add(null);
                    }
                    continue;
                }
                names.add(prefix + display);
                specs.add(metric);
                fns.add(functionOf(metric, l, outputShapes.get(i)));
            }
            logNames.addAll(names);
            outs.add(new OutputObjective(outputNames.get(i), l, w, List.copyOf(names), List.copyOf(specs), fns));
        }
        for (int i = 0; i < logNames.size(); i++) {
            if (logNames.indexOf(logNames.get(i)) != i || logNames.get(i).equals("loss")) {
                throw new InvalidConfigException("compile: metric name '" + logNames.get(i) + "' appears twice (or "
                        + "clashes with 'loss'); give custom metrics distinct names.");
            }
        }
        return new CompiledObjective(opt, List.copyOf(outs), List.copyOf(logNames));
    }

    private static List<Object> perOutput(Object value, String argument, List<String> names, @Nullable Object missing) {
        return perOutput(value, argument, names, missing, false);
    }

    /**
     * Keras's rule for a compile argument of a model with several outputs: one value for all of them,
     * a list with one entry per output, or a map by output name.
     */
    private static List<Object> perOutput(Object value, String argument, List<String> names, @Nullable Object missing,
            boolean listIsShared) {
        int n = names.size();
        List<Object> out = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!names.contains(String.valueOf(key))) {
                    throw new InvalidConfigException("compile: unknown entry in " + argument + " dictionary: \"" + key
                            + "\". Only expected the following keys: " + names + ".");
                }
            }
            for (String name : names) {
                Object v = map.get(name);
                if (v == null) {
                    if (missing == null) {
                        throw new InvalidConfigException("compile: output " + name + " is missing from the " + argument
                                + " dictionary " + map.keySet() + "; give every output (" + names + ") an entry.");
                    }
                    v = missing;
                }
                out.add(v);
            }
            return out;
        }
        if (value instanceof List<?> list && !listIsShared) {
            if (list.size() != n) {
                throw new InvalidConfigException("compile: when passing a list as " + argument + ", it should have one "
                        + "entry per model output. The model has " + n + " output" + (n == 1 ? "" : "s") + " " + names
                        + ", but you passed " + argument + "=" + list + ".");
            }
            out.addAll(list);
            return out;
        }
        for (int i = 0; i < n; i++) {
            out.add(value);
        }
        return out;
    }

    private static Loss lossOf(Object loss) {
        if (loss instanceof String s) {
            return Losses.named(s);
        }
        if (loss instanceof Loss given) {
            return given;
        }
        throw new InvalidConfigException("compile: 'loss' must be a loss id such as \"categorical_crossentropy\" or a "
                + "Loss (or a list or map of them, one per output), got " + describe(loss) + ".");
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

    /** Every output's target shape. */
    List<Shape> targetShapes(List<Shape> outputShapes) {
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            out.add(outputs.get(i).targetShape(outputShapes.get(i)));
        }
        return out;
    }

    /**
     * Keras's weighted objective: for each output the per-sample loss times its weight, divided by the
     * fraction of non-zero weights; the total is the sum of the outputs' losses times their loss weights.
     */
    ObjectiveFunction objective() {
        return (ops, yTrue, yPred, weights) -> {
            Tensor total = null;
            List<Tensor> logs = new ArrayList<>();
            List<Tensor> metricLogs = new ArrayList<>();
            for (int i = 0; i < outputs.size(); i++) {
                OutputObjective o = outputs.get(i);
                Tensor loss = weightedLoss(ops, o.loss(), yTrue.get(i), yPred.get(i),
                        weights == null ? null : weights.get(i));
                if (outputs.size() > 1) {
                    logs.add(loss);
                }
                Tensor term = o.weight() == 1.0 ? loss : ops.mul(ops.constant((float) o.weight()), loss);
                total = total == null ? term : ops.add(total, term);
                metricLogs.addAll(metrics(ops, o, yTrue.get(i), yPred.get(i)));
            }
            logs.addAll(metricLogs);
            return new Objective(total, logs);
        };
    }

    private static Tensor weightedLoss(Ops ops, Loss loss, Tensor yTrue, Tensor yPred, @Nullable Tensor weights) {
        Tensor raw = loss.function().call(ops, yTrue, yPred);
        long batch = yPred.shape().dim(0);
        long first = raw.rank() == 0 ? -2 : raw.shape().dim(0);
        if (raw.rank() == 0 || (first != Shape.UNKNOWN && first != batch)) {
            throw new InvalidConfigException("Loss '" + loss.id() + "' returned a tensor of shape " + raw.shape()
                    + " for predictions of shape " + yPred.shape() + ": a loss returns one value per sample, of shape "
                    + "(batch,) or (batch, ...), so that Keras can weight and average it. Do not reduce over the batch "
                    + "axis (use ops.mean(x, false, -1), not ops.mean(x, false)).");
        }
        Tensor score = meanToBatch(ops, raw);
        if (weights == null) {
            return ops.mean(score, false);
        }
        Tensor weighted = ops.mul(score, weights);
        Tensor nonZero = ops.mean(ops.sub(ops.constant(1f), ops.equal(weights, ops.constant(0f))), false);
        return ops.div(ops.mean(weighted, false), nonZero);
    }

    private static List<Tensor> metrics(Ops ops, OutputObjective o, Tensor yTrue, Tensor yPred) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < o.metricNames().size(); i++) {
            MetricFunction f = o.functions().get(i);
            if (f != null) {
                out.add(ops.mean(f.call(ops, yTrue, yPred), false));
                continue;
            }
            CustomMetric c = (CustomMetric) o.metrics().get(i);
            Map<String, Tensor> values = new LinkedHashMap<>(c.multiFunction().call(ops, yTrue, yPred));
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

    static String describe(@Nullable Object o) {
        return o == null ? "null" : o.getClass().getName() + " (" + o + ")";
    }
}
