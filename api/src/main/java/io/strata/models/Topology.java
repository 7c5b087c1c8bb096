// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.layers.Layer;
import io.strata.layers.Node;
import io.strata.layers.SymbolicTensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layer graph between a model's inputs and outputs, as Keras 2.2's {@code _map_graph_network}
 * lays it out: the nodes from the outputs back to the inputs, each node's depth (0 at the outputs),
 * the nodes in an order that computes every input before it is used, and the layers ordered by
 * decreasing depth, ties broken by the order of a depth-first walk from the outputs (Keras's
 * {@code model.layers}, which fixes the order of {@code get_weights}).
 */
final class Topology {
    final List<SymbolicTensor> inputs;
    final List<SymbolicTensor> outputs;
    /** Every node but the inputs', in an order that computes each input before it is used. */
    final List<Node> nodes;
    /** Keras's {@code model.layers}, input layers included. */
    final List<Layer> layers;
    /** The nodes of each layer that belong to this graph, in node-index order. */
    final Map<Layer, List<Node>> layerNodes;
    /** The nodes by depth, deepest first (Keras's {@code _nodes_by_depth}). */
    final List<List<Node>> nodesByDepth;

    private Topology(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, List<Node> nodes, List<Layer> layers,
            Map<Layer, List<Node>> layerNodes, List<List<Node>> nodesByDepth) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.nodes = nodes;
        this.layers = layers;
        this.layerNodes = layerNodes;
        this.nodesByDepth = nodesByDepth;
    }

    /** The graph from {@code inputs} to {@code outputs}; {@code what} names the model in errors. */
    static Topology of(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, String what) {
        if (outputs.isEmpty()) {
            throw new InvalidConfigException(what + " needs at least one output tensor.");
        }
        Set<SymbolicTensor> seenInputs = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor x : inputs) {
            if (!x.isInput()) {
                throw new InvalidConfigException("Input tensors to a model must come from Input (io.strata.layers.Input). "
                        + what + " got " + x + ". Start the graph with Input.of(shape) and pass that tensor.");
            }
            if (!seenInputs.add(x)) {
                throw new InvalidConfigException("The list of inputs passed to " + what + " is redundant: all inputs "
                        + "should only appear once. Found: " + inputs + ".");
            }
        }
        // Depth-first from the outputs: the traversal order of layers and the nodes, inputs first.
        Map<Layer, Integer> layerIndex = new IdentityHashMap<>();
        List<Node> ordered = new ArrayList<>();
        Set<Node> finished = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor y : outputs) {
            visit(y.node(), finished, layerIndex, ordered);
        }
        // Depths: 0 at the outputs, one more for each step towards the inputs (Keras's rule).
        // Reverse post-order visits every node after all the nodes that consume its outputs.
        Map<Node, Integer> nodeDepth = new IdentityHashMap<>();
        Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
        List<Node> depthOrder = new ArrayList<>();
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Node node = ordered.get(i);
            if (!nodeDepth.containsKey(node)) {
                nodeDepth.put(node, 0);
                depthOrder.add(node);
            }
            // A shared layer takes the greatest depth of its nodes (Keras).
            int depth = Math.max(nodeDepth.get(node), layerDepth.getOrDefault(node.layer(), 0));
            layerDepth.put(node.layer(), depth);
            nodeDepth.put(node, depth);
            for (SymbolicTensor x : node.inputs()) {
                Node inbound = x.node();
                if (!nodeDepth.containsKey(inbound)) {
                    depthOrder.add(inbound);
                }
                nodeDepth.put(inbound, Math.max(depth + 1, nodeDepth.getOrDefault(inbound, 0)));
            }
        }
        int maxDepth = 0;
        for (int d : nodeDepth.values()) {
            maxDepth = Math.max(maxDepth, d);
        }
        List<List<Node>> byDepth = new ArrayList<>();
        for (int d = maxDepth; d >= 0; d--) {
            List<Node> at = new ArrayList<>();
            for (Node n : depthOrder) {
                if (nodeDepth.get(n) == d) {
                    at.add(n);
                }
            }
            byDepth.add(at);
        }
        int maxLayerDepth = 0;
        for (int d : layerDepth.values()) {
            maxLayerDepth = Math.max(maxLayerDepth, d);
        }
        List<Layer> layers = new ArrayList<>();
        for (int d = maxLayerDepth; d >= 0; d--) {
            List<Layer> at = new ArrayList<>();
            for (Layer l : layerIndex.keySet()) {
                if (layerDepth.get(l) == d) {
                    at.add(l);
                }
            }
            at.sort((a, b) -> Integer.compare(layerIndex.get(a), layerIndex.get(b)));
            layers.addAll(at);
        }
        // Every tensor a node needs must be computable from the inputs.
        Set<SymbolicTensor> computable = Collections.newSetFromMap(new IdentityHashMap<>());
        computable.addAll(inputs);
        List<String> complete = new ArrayList<>();
        List<Node> execution = new ArrayList<>();
        for (List<Node> level : byDepth) {
            for (Node node : level) {
                if (node.inputs().isEmpty()) {
                    if (!computable.containsAll(node.outputs())) {
                        throw new InvalidConfigException("Graph disconnected: cannot obtain value for tensor "
                                + node.outputs().get(0) + " at layer \"" + nameOrClass(node.layer()) + "\". It is an input "
                                + "that is not among the inputs of " + what + ": add it to the model's inputs.");
                    }
                    continue;
                }
                for (SymbolicTensor x : node.inputs()) {
                    if (!computable.contains(x)) {
                        throw new InvalidConfigException("Graph disconnected: cannot obtain value for tensor " + x
                                + " at layer \"" + nameOrClass(node.layer()) + "\". The following previous layers were "
                                + "accessed without issue: " + complete + ".");
                    }
                }
                computable.addAll(node.outputs());
                complete.add(nameOrClass(node.layer()));
                execution.add(node);
            }
        }
        Map<Layer, List<Node>> layerNodes = new IdentityHashMap<>();
        for (Node n : ordered) {
            layerNodes.computeIfAbsent(n.layer(), l -> new ArrayList<>()).add(n);
        }
        layerNodes.values().forEach(l -> l.sort((a, b) -> Integer.compare(a.index(), b.index())));
        return new Topology(List.copyOf(inputs), List.copyOf(outputs), List.copyOf(execution), List.copyOf(layers),
                layerNodes, byDepth);
    }

    private static void visit(Node node, Set<Node> finished, Map<Layer, Integer> layerIndex, List<Node> ordered) {
        // Iterative depth-first walk (deep Sequential stacks must not overflow the stack).
        Map<Node, Integer> progress = new LinkedHashMap<>();
        List<Node> stack = new ArrayList<>();
        stack.add(node);
        while (!stack.isEmpty()) {
            Node top = stack.get(stack.size() - 1);
            if (finished.contains(top)) {
                stack.remove(stack.size() - 1);
                continue;
            }
            int next = progress.getOrDefault(top, 0);
            if (next == 0) {
                layerIndex.putIfAbsent(top.layer(), layerIndex.size());
            }
            if (next < top.inputs().size()) {
                progress.put(top, next + 1);
                stack.add(top.inputs().get(next).node());
            } else {
                finished.add(top);
                ordered.add(top);
                stack.remove(stack.size() - 1);
            }
        }
    }

    /** The first node of {@code layer} in this graph. */
    Node firstNode(Layer layer) {
        return layerNodes.get(layer).get(0);
    }

    private static String nameOrClass(Layer layer) {
        String n = LayerState.nameOf(layer);
        return n != null ? n : layer.className();
    }
}
