// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.DataException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST (gzipped or not): a magic number whose third byte is the
 * element type ({@code 0x08} unsigned byte) and fourth the rank, the dimensions as big-endian ints,
 * then the values.
 */
public final class Idx {
    private Idx() {}

    /** An IDX array of unsigned bytes: its dimensions and its values. */
    public record UByteArray(int[] shape, byte[] values) {}

    /** Reads an unsigned-byte IDX file ({@code .gz} is decompressed). */
    public static UByteArray read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = new BufferedInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            DataInputStream d = new DataInputStream(in);
            int magic = d.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08) {
                throw new DataException(file + " is not an IDX file of unsigned bytes (magic 0x" + Integer.toHexString(magic)
                        + "; expected 0x00000801 or 0x00000803).");
            }
            int rank = magic & 0xff;
            int[] shape = new int[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = d.readInt();
                n *= shape[i];
            }
            if (n > Integer.MAX_VALUE - 8 || n < 0) {
                throw new DataException(file + ": an IDX array of " + n + " values does not fit in one Java array.");
            }
            byte[] values = new byte[(int) n];
            d.readFully(values);
            return new UByteArray(shape, values);
        } catch (java.io.EOFException e) {
            throw new DataException(file + " is truncated: it ends before the values its header announces.", e);
        } catch (IOException e) {
            throw new DataException(file + " could not be read as IDX (" + e.getMessage() + ").", e);
        }
    }
}
