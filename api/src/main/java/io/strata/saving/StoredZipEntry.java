// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * Where an uncompressed ({@code STORED}) entry's bytes sit inside a zip file, read from the zip's
 * central directory and the entry's local header: Keras 3's {@code .keras} archives store
 * {@code model.weights.h5} uncompressed (Python's {@code zipfile} default), so the weights can be
 * memory-mapped in place instead of extracted. Zip64 archives and compressed entries are not located
 * (callers extract those).
 *
 * @param offset the first byte of the entry's data in the zip file
 * @param size the entry's size
 */
public record StoredZipEntry(long offset, long size) {
    private static final int EOCD = 0x06054b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    /** The stored entry {@code name} of {@code zip}, or null when it is absent, compressed or in a Zip64 archive. */
    public static @Nullable StoredZipEntry find(Path zip, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            int tail = (int) Math.min(size, 65535 + 22);
            ByteBuffer end = read(ch, size - tail, tail);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (end.getInt(i) == EOCD) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                return null;
            }
            long dirSize = Integer.toUnsignedLong(end.getInt(eocd + 12));
            long dirOffset = Integer.toUnsignedLong(end.getInt(eocd + 16));
            if (dirOffset == 0xFFFFFFFFL || dirOffset + dirSize > size) {
                return null;
            }
            ByteBuffer dir = read(ch, dirOffset, (int) dirSize);
            int p = 0;
            byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
            while (p + 46 <= dir.limit() && dir.getInt(p) == CENTRAL) {
                int method = Short.toUnsignedInt(dir.getShort(p + 10));
                long compressed = Integer.toUnsignedLong(dir.getInt(p + 20));
                long uncompressed = Integer.toUnsignedLong(dir.getInt(p + 24));
                int n = Short.toUnsignedInt(dir.getShort(p + 28));
                int m = Short.toUnsignedInt(dir.getShort(p + 30));
                int k = Short.toUnsignedInt(dir.getShort(p + 32));
                long local = Integer.toUnsignedLong(dir.getInt(p + 42));
                if (n == wanted.length && matches(dir, p + 46, wanted)) {
                    if (method != 0 || compressed != uncompressed || local == 0xFFFFFFFFL) {
                        return null;
                    }
                    ByteBuffer header = read(ch, local, 30);
                    if (header.getInt(0) != LOCAL) {
                        return null;
                    }
                    long data = local + 30 + Short.toUnsignedInt(header.getShort(26)) + Short.toUnsignedInt(header.getShort(28));
                    return data + uncompressed <= size ? new StoredZipEntry(data, uncompressed) : null;
                }
                p += 46 + n + m + k;
            }
            return null;
        }
    }

    private static boolean matches(ByteBuffer b, int at, byte[] wanted) {
        for (int i = 0; i < wanted.length; i++) {
            if (b.get(at + i) != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                break;
            }
        }
        b.flip();
        return b;
    }

    /** The entry's bytes, memory-mapped read-only. */
    public ByteBuffer map(Path zip) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, offset, size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
