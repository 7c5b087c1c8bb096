// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.Shape;
import io.strata.layers.Layer;
import io.strata.layers.Node;
import io.strata.layers.SymbolicTensor;
import java.util.ArrayList;
import java.util.List;

/** The rows of a model's summary, as Keras 2.2's {@code print_summary} fills them. */
final class Summaries {
    private Summaries() {}

    /**
     * Keras's test for the short table: a Sequential, or a graph where every depth has one node with at
     * most one inbound tensor and no layer is applied twice.
     */
    static boolean sequentialLike(Network model) {
        if (model instanceof Sequential s) {
            return !s.isMergeModel();
        }
        Topology t = model.topology();
        for (List<Node> level : t.nodesByDepth) {
            if (level.size() > 1 || (level.size() == 1 && level.get(0).inputs().size() > 1)) {
                return false;
            }
        }
        for (List<Node> nodes : t.layerNodes.values()) {
            if (nodes.size() > 1) {
                return false;
            }
        }
        return true;
    }

    static List<LayerSummary> rows(Network model) {
        boolean graph = !sequentialLike(model);
        Topology t = model.topology();
        List<LayerSummary> rows = new ArrayList<>();
        for (Layer l : model.summaryLayers()) {
            List<Node> nodes = t.layerNodes.getOrDefault(l, List.of());
            long params;
            long trainable;
            if (l instanceof Network inner) {
                long[] c = Weights.counts(inner.weightRefs());
                params = c[0];
                trainable = c[1];
            } else {
                long[] c = Weights.counts(layerRefs(model, l));
                params = c[0];
                trainable = c[1];
            }
            List<String> connections = new ArrayList<>();
            if (graph) {
                for (Node n : nodes) {
                    for (SymbolicTensor x : n.inputs()) {
                        connections.add(LayerState.nameOf(x.layer()) + "[" + x.node().index() + "][" + x.index() + "]");
                    }
                }
            }
            Shape first = nodes.isEmpty() ? Shape.of() : nodes.get(0).outputShapes().get(0);
            rows.add(new LayerSummary(LayerState.nameOf(l), l.className(), first, params, trainable, shapeText(nodes),
                    connections));
        }
        return rows;
    }

    private static List<WeightRef> layerRefs(Network model, Layer l) {
        LayerState s = LayerState.of(l);
        String name = LayerState.nameOf(l);
        List<WeightRef> out = new ArrayList<>();
        var specs = s.specs(l, name, model.topology().firstNode(l).inputShapes());
        for (int k = 0; k < specs.size(); k++) {
            out.add(new WeightRef(s, k, specs.get(k), name));
        }
        return out;
    }

    /** Keras's {@code output_shape} of a layer: one shape, a list for several outputs, or "multiple". */
    private static String shapeText(List<Node> nodes) {
        if (nodes.isEmpty()) {
            return "multiple";
        }
        List<Shape> shapes = nodes.get(0).outputShapes();
        for (Node n : nodes) {
            if (!n.outputShapes().equals(shapes)) {
                return "multiple";
            }
        }
        return shapes.size() == 1 ? shapes.get(0).toString() : shapes.toString();
    }
}
