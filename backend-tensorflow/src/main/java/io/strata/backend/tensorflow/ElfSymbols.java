// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The symbol tables of a 64-bit little-endian ELF shared library (Linux on x86-64 and arm64), read
 * from the file: a symbol's address relative to where the library is loaded, including local
 * symbols that {@code dlsym} cannot see ({@code .symtab}).
 */
final class ElfSymbols {
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;

    /** A symbol: its name, value (address relative to the load base) and size. */
    record Symbol(String name, long value, long size, int type) {}

    private final ByteBuffer file;

    private ElfSymbols(ByteBuffer file) {
        this.file = file;
    }

    /** The library at {@code path}, or null if it is not a 64-bit little-endian ELF file. */
    static @Nullable ElfSymbols open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            b.order(ByteOrder.LITTLE_ENDIAN);
            if (b.limit() < 64 || b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) {
                return null;
            }
            return new ElfSymbols(b);
        }
    }

    /** The first defined data object (in {@code .symtab}) whose name passes {@code name}. */
    @Nullable Symbol object(Predicate<String> name) {
        return find(SHT_SYMTAB, STT_OBJECT, name);
    }

    /** The first exported function (in {@code .dynsym}), to find where the library was loaded. */
    @Nullable Symbol exportedFunction() {
        return find(SHT_DYNSYM, STT_FUNC, n -> !n.isEmpty() && !n.contains("@"));
    }

    private @Nullable Symbol find(int sectionType, int symbolType, Predicate<String> accept) {
        long shoff = file.getLong(0x28);
        int shentsize = Short.toUnsignedInt(file.getShort(0x3A));
        int shnum = Short.toUnsignedInt(file.getShort(0x3C));
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (file.getInt(sh + 4) != sectionType) {
                continue;
            }
            long offset = file.getLong(sh + 0x18);
            long size = file.getLong(sh + 0x20);
            int link = file.getInt(sh + 0x28);
            long entsize = file.getLong(sh + 0x38);
            int str = (int) (shoff + (long) link * shentsize);
            long strOffset = file.getLong(str + 0x18);
            for (long at = offset; at + entsize <= offset + size; at += entsize) {
                int e = (int) at;
                int type = file.get(e + 4) & 0xf;
                long value = file.getLong(e + 8);
                if (type != symbolType || value == 0 || file.getShort(e + 6) == 0) {
                    continue;
                }
                String name = cString((int) (strOffset + Integer.toUnsignedLong(file.getInt(e))));
                if (accept.test(name)) {
                    return new Symbol(name, value, file.getLong(e + 16), type);
                }
            }
        }
        return null;
    }

    private String cString(int at) {
        int end = at;
        while (file.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - at];
        file.get(at, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
