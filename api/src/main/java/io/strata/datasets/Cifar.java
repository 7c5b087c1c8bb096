// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.DataException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * CIFAR's binary release (what Strata downloads instead of Keras's Python pickles): a {@code tar.gz}
 * of files of fixed-size records, each one or two label bytes then 3,072 pixels, red, green and blue
 * planes of 32 x 32 (channels first). Images come out channels last, as Keras's {@code channels_last}
 * default gives them.
 */
final class Cifar {
    private Cifar() {}

    /** The {@code .bin} files of {@code archive}, by file name, in the archive's order. */
    static Map<String, byte[]> binFiles(Path archive) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile() && e.getName().endsWith(".bin")) {
                    ByteArrayOutputStream b = new ByteArrayOutputStream((int) Math.max(0, e.getSize()));
                    tar.transferTo(b);
                    out.put(Path.of(e.getName()).getFileName().toString(), b.toByteArray());
                }
            }
        } catch (IOException e) {
            throw new DataException(archive + " is not a readable CIFAR binary archive (" + e.getMessage() + ").", e);
        }
        return out;
    }

    /** Records of {@code labelBytes} label bytes and 3,072 pixels; {@code label} picks which label byte. */
    static void decode(byte[] file, String name, int labelBytes, int label, byte[] pixels, int[] labels, int offset) {
        int record = labelBytes + 3072;
        if (file.length % record != 0) {
            throw new DataException(name + " has " + file.length + " bytes, not a whole number of " + record + "-byte CIFAR records.");
        }
        int n = file.length / record;
        for (int i = 0; i < n; i++) {
            int at = i * record;
            labels[offset + i] = file[at + label] & 0xff;
            int base = (offset + i) * 3072;
            for (int p = 0; p < 1024; p++) {
                for (int c = 0; c < 3; c++) {
                    pixels[base + p * 3 + c] = file[at + labelBytes + c * 1024 + p];
                }
            }
        }
    }

    /** The images and labels of the named files, in order. */
    static Object[] read(Map<String, byte[]> files, Path archive, int labelBytes, int label, String... names) {
        int total = 0;
        for (String n : names) {
            byte[] f = files.get(n);
            if (f == null) {
                throw new DataException(archive + " has no " + n + " (it has " + files.keySet() + "); is it CIFAR's binary release?");
            }
            total += f.length / (labelBytes + 3072);
        }
        byte[] pixels = new byte[total * 3072];
        int[] labels = new int[total];
        int offset = 0;
        for (String n : names) {
            byte[] f = files.get(n);
            decode(f, archive + ":" + n, labelBytes, label, pixels, labels, offset);
            offset += f.length / (labelBytes + 3072);
        }
        return new Object[] {new Images(total, 32, 32, 3, pixels), labels};
    }
}
