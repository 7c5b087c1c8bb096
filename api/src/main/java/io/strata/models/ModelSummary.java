// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.internal.Format;
import java.util.List;

/**
 * Keras 2's {@code print_summary} table: for Sequential-like models the columns "Layer (type)",
 * "Output Shape" and "Param #" at 45 % and 85 % of a default line of 65 characters; for graph models
 * a fourth column, "Connected to", at 33 %, 55 % and 67 % of a default line of 98. Rows are separated
 * by {@code _} rules, with {@code =} under the header and after the last row.
 */
final class ModelSummary {
    /** Keras's default line length for a Sequential-like table. */
    static final int SEQUENTIAL_WIDTH = 65;
    /** Keras's default line length for a graph table. */
    static final int GRAPH_WIDTH = 98;

    private ModelSummary() {}

    static String render(List<LayerSummary> rows, long trainable, long nonTrainable, int lineLength, boolean graph) {
        double[] fractions = graph ? new double[] {.33, .55, .67, 1.} : new double[] {.45, .85, 1.};
        int[] positions = new int[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            positions[i] = (int) (lineLength * fractions[i]);
        }
        String[] header = graph ? new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"}
                : new String[] {"Layer (type)", "Output Shape", "Param #"};
        StringBuilder b = new StringBuilder();
        b.append("_".repeat(lineLength)).append('\n');
        b.append(row(header, positions)).append('\n');
        b.append("=".repeat(lineLength)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            LayerSummary r = rows.get(i);
            String layer = r.name() + " (" + r.className() + ")";
            String params = Long.toString(r.params());
            if (graph) {
                List<String> c = r.connectedTo();
                b.append(row(new String[] {layer, r.outputShapeText(), params, c.isEmpty() ? "" : c.get(0)}, positions))
                        .append('\n');
                for (int k = 1; k < c.size(); k++) {
                    b.append(row(new String[] {"", "", "", c.get(k)}, positions)).append('\n');
                }
            } else {
                b.append(row(new String[] {layer, r.outputShapeText(), params}, positions)).append('\n');
            }
            b.append((i == rows.size() - 1 ? "=" : "_").repeat(lineLength)).append('\n');
        }
        if (rows.isEmpty()) {
            b.append("=".repeat(lineLength)).append('\n');
        }
        b.append("Total params: ").append(Format.thousands(trainable + nonTrainable)).append('\n');
        b.append("Trainable params: ").append(Format.thousands(trainable)).append('\n');
        b.append("Non-trainable params: ").append(Format.thousands(nonTrainable)).append('\n');
        b.append("_".repeat(lineLength)).append('\n');
        return b.toString();
    }

    /** Keras's {@code print_row}: each field cut or padded to its column, one space kept between fields. */
    private static String row(String[] fields, int[] positions) {
        String line = "";
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line = line.substring(0, line.length() - 1) + " ";
            }
            line += fields[i];
            if (line.length() > positions[i]) {
                line = line.substring(0, positions[i]);
            }
            line += " ".repeat(positions[i] - line.length());
        }
        return line;
    }
}
