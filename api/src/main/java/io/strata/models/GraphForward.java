// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.backend.ForwardFunction;
import io.strata.backend.ModelDefinition;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.backend.TrainingDefinition;
import io.strata.layers.BuildContext;
import io.strata.layers.CallContext;
import io.strata.layers.Layer;
import io.strata.layers.Node;
import io.strata.layers.NodeCall;
import io.strata.layers.SymbolicTensor;
import io.strata.layers.Weight;
import io.strata.layers.WeightSpec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A model's layer graph as a backend sees it: every node built once (a shared layer's nodes get the
 * same weights), and a forward pass that runs the nodes in order, nested models included, carrying
 * each tensor's mask and adding the weight and activity regularizers to the loss.
 */
final class GraphForward {
    private final Map<Node, NodeCall> calls = new IdentityHashMap<>();
    private final Map<LayerState, Weight[]> weights = new IdentityHashMap<>();

    private GraphForward() {}

    /** The definition of {@code model} over {@code refs} (its weights, in order) with their initial values. */
    static ModelDefinition define(Model model, List<WeightRef> refs, List<float[]> initial,
            @Nullable TrainingDefinition training) {
        GraphForward g = new GraphForward();
        List<Weight> all = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            WeightRef r = refs.get(i);
            Weight w = new Weight(r.layerName(), i, r.spec());
            all.add(w);
            g.weights.computeIfAbsent(r.state(), s -> new Weight[s.specCount()])[r.k()] = w;
        }
        g.build(model);
        List<Weight> regularized = all.stream().filter(w -> w.spec().regularizer() != null).toList();
        // The forward pass holds the graph, not the model: a dropped model must stay collectable, so that
        // its Cleaner can hand its weights back and close its program.
        Topology topology = model.topology();
        ForwardFunction forward = (ctx, inputs) -> {
            for (Weight w : regularized) {
                ctx.addLoss(w.spec().regularizer().apply(ctx.ops(), ctx.read(w)));
            }
            return g.run(topology, ctx, inputs);
        };
        List<Shape> inputShapes = model.inputs().stream().map(SymbolicTensor::shape).toList();
        List<Shape> outputShapes = model.outputs().stream().map(SymbolicTensor::shape).toList();
        java.util.Set<String> dtypes = new java.util.TreeSet<>();
        computeDtypes(topology, dtypes);
        return new ModelDefinition(inputShapes, outputShapes, all, initial, forward, training, model.seedValue(), dtypes);
    }

    private static void computeDtypes(Topology t, java.util.Set<String> out) {
        for (Layer l : t.layers) {
            if (l instanceof Network inner) {
                computeDtypes(inner.topology(), out);
            } else {
                out.add(io.strata.mixedprecision.MixedPrecision.computeDtype(l.dtypePolicy()));
            }
        }
    }

    /** Builds every node of {@code model}'s graph (nested models' nodes too). */
    private void build(Network model) {
        for (Node node : model.topology().nodes) {
            Layer layer = node.layer();
            if (layer instanceof Network inner) {
                build(inner);
                continue;
            }
            if (calls.containsKey(node)) {
                continue;
            }
            String name = LayerState.nameOf(layer);
            LayerState state = LayerState.of(layer);
            Weight[] own = weights.get(state);
            int[] next = {0};
            calls.put(node, layer.buildCall(new BuildContext() {
                @Override
                public String layerName() {
                    return name;
                }

                @Override
                public Weight addWeight(WeightSpec spec) {
                    int k = next[0]++;
                    if (own == null || k >= own.length || own[k] == null) {
                        throw new InvalidConfigException("Layer " + name + " declared more weights when built for the "
                                + "model than when it was placed; a layer must declare the same weights every time.");
                    }
                    return own[k];
                }
            }, node.inputShapes()));
        }
    }

    /** Traces the graph {@code t} on {@code inputs} and returns its outputs. */
    /** One layer's call, its products computed in its policy's compute dtype. */
    private List<Tensor> call(Layer layer, Node node, CallContext ctx, List<Tensor> ins) {
        String compute = io.strata.mixedprecision.MixedPrecision.computeDtype(layer.dtypePolicy());
        if (compute.equals("float32")) {
            return calls.get(node).call(ctx, ins);
        }
        return ctx.ops().computeIn(compute, () -> calls.get(node).call(ctx, ins));
    }

    private List<Tensor> run(Topology t, CallContext ctx, List<Tensor> inputs) {
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        Map<SymbolicTensor, Tensor> masks = new IdentityHashMap<>();
        for (int i = 0; i < t.inputs.size(); i++) {
            values.put(t.inputs.get(i), inputs.get(i));
        }
        Ops ops = ctx.ops();
        for (Node node : t.nodes) {
            List<Tensor> ins = new ArrayList<>();
            List<@Nullable Tensor> inMasks = new ArrayList<>();
            for (SymbolicTensor x : node.inputs()) {
                ins.add(values.get(x));
                inMasks.add(masks.get(x));
            }
            Layer layer = node.layer();
            List<Tensor> outs;
            Tensor outMask;
            if (layer instanceof Network inner) {
                outs = run(inner.topology(), ctx, ins);
                outMask = null;
            } else if (ins.size() == 1) {
                ctx.mask(inMasks.get(0));
                outs = call(layer, node, ctx, ins);
                outMask = ctx.mask();
            } else {
                ctx.mask(null);
                outs = call(layer, node, ctx, ins);
                outMask = layer.computeMask(ops, ins, inMasks);
            }
            if (layer.activityRegularizer() != null) {
                for (Tensor y : outs) {
                    ctx.addLoss(layer.activityRegularizer().apply(ops, y));
                }
            }
            for (int i = 0; i < outs.size(); i++) {
                values.put(node.outputs().get(i), outs.get(i));
                if (outMask != null) {
                    masks.put(node.outputs().get(i), outMask);
                }
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (SymbolicTensor y : t.outputs) {
            out.add(values.get(y));
        }
        return out;
    }
}
