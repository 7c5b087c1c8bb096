// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.internal.Format;
import java.util.List;

/**
 * Keras 2's {@code print_summary} table for Sequential models: columns at 45 % and 85 % of the line
 * length, {@code _} rules between rows, {@code =} under the header and after the last row.
 */
final class ModelSummary {
    /** One row: name and class, output shape, parameter count. */
    record Row(String layer, String outputShape, long params) {
        static Row of(LayerSummary s) {
            return new Row(s.name() + " (" + s.className() + ")", s.outputShape().toString(), s.params());
        }
    }

    private ModelSummary() {}

    static String render(List<Row> rows, long trainable, long nonTrainable, int lineLength) {
        int[] positions = {(int) (lineLength * .45), (int) (lineLength * .85), lineLength};
        StringBuilder b = new StringBuilder();
        b.append("_".repeat(lineLength)).append('\n');
        b.append(row(new String[] {"Layer (type)", "Output Shape", "Param #"}, positions)).append('\n');
        b.append("=".repeat(lineLength)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(row(new String[] {r.layer(), r.outputShape(), Long.toString(r.params())}, positions)).append('\n');
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
