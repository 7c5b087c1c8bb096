// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import io.strata.StrataException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code CSVLogger}: writes each epoch's logs to a CSV file, one row per epoch, columns
 * {@code epoch} then the log names in sorted order.
 */
public final class CSVLogger extends Callback {
    private final Path file;
    private final String separator;
    private final boolean append;
    private BufferedWriter writer;
    private List<String> keys;

    /** A logger to {@code file} with Keras's defaults ({@code ,}, overwrite). */
    public CSVLogger(Path file) {
        this(file, ",", false);
    }

    /** A logger with Keras's {@code separator} and {@code append}. */
    public CSVLogger(Path file, String separator, boolean append) {
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    @Override
    public void onTrainBegin() {
        keys = null;
        try {
            boolean exists = Files.exists(file) && Files.size(file) > 0;
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            if (append && exists) {
                keys = List.of();
            }
        } catch (IOException e) {
            throw new StrataException("CSVLogger cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            if (keys == null || keys.isEmpty()) {
                boolean writeHeader = keys == null;
                keys = new ArrayList<>(logs.keySet());
                Collections.sort(keys);
                if (writeHeader) {
                    writer.write("epoch" + separator + String.join(separator, keys));
                    writer.newLine();
                }
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String k : keys) {
                Double v = logs.get(k);
                row.append(separator).append(v == null ? "NA" : v.toString());
            }
            writer.write(row.toString());
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot write " + file, e);
        }
    }

    @Override
    public void onTrainEnd(boolean cancelled) {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot close " + file, e);
        } finally {
            writer = null;
        }
    }
}
