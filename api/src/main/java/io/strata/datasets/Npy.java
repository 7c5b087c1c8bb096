// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.DataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * NumPy's {@code .npy} arrays and {@code .npz} archives of them (what Keras's {@code mnist.npz} and
 * {@code boston_housing.npz} are): the magic {@code \x93NUMPY}, a version, a header dictionary
 * ({@code descr}, {@code fortran_order}, {@code shape}), then the values. Numeric types of 1, 2, 4 and 8
 * bytes in either byte order; object arrays (pickles) are refused with a message.
 */
public final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** An array: its shape and its values as doubles (exact for every integer type up to 2^53 and for floats). */
    public record Array(long[] shape, String dtype, double[] values) {
        /** The number of values. */
        public int size() {
            return values.length;
        }
    }

    /** The {@code .npy} files of an {@code .npz} archive, by name (without {@code .npy}), as bytes. */
    static Map<String, byte[]> npzEntries(Path file) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                    out.put(name, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new DataException(file + " is not a readable .npz archive (" + e.getMessage() + ").", e);
        }
        return out;
    }

    /** The sequences of an object array of int lists ({@code imdb.npz}'s {@code x_train}), read from its pickle. */
    static java.util.List<int[]> readIntLists(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93) {
            throw new DataException(name + " is not a NumPy .npy array (no \\x93NUMPY magic).");
        }
        int major = bytes[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        if (!header.contains("'|O'")) {
            throw new DataException(name + " is not an object array of sequences (" + header.trim() + ").");
        }
        return NumpyPickle.intLists(java.util.Arrays.copyOfRange(bytes, start + headerLen, bytes.length), name);
    }

    /** Every array of an {@code .npz} archive, by name (without {@code .npy}). */
    public static Map<String, Array> readNpz(Path file) {
        Map<String, Array> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                    out.put(name, read(in.readAllBytes(), file + ":" + e.getName()));
                }
            }
        } catch (IOException e) {
            throw new DataException(file + " is not a readable .npz archive (" + e.getMessage() + ").", e);
        }
        return out;
    }

    /** One {@code .npy} array from its bytes; {@code name} names it in messages. */
    public static Array read(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw new DataException(name + " is not a NumPy .npy array (no \\x93NUMPY magic).");
        }
        int major = bytes[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        if (!d.find()) {
            throw new DataException(name + " holds a NumPy array of " + header.replaceAll("\\s+", " ").trim() + ": only numeric arrays "
                    + "are read (object arrays are Python pickles).");
        }
        if (header.contains("'fortran_order': True")) {
            throw new DataException(name + " is stored in Fortran order; Strata reads C-ordered arrays.");
        }
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) {
            throw new DataException(name + ": the .npy header has no shape (" + header.trim() + ").");
        }
        String[] dims = s.group(1).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
        long n = 1;
        for (long x : shape) {
            n *= x;
        }
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        ByteBuffer data = ByteBuffer.wrap(bytes, start + headerLen, bytes.length - start - headerLen)
                .order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (data.remaining() < n * size) {
            throw new DataException(name + " is truncated: " + n + " values of " + size + " bytes announced, " + data.remaining()
                    + " bytes present.");
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (kind + ":" + size) {
                case "u:1", "b:1" -> data.get() & 0xff;
                case "i:1" -> data.get();
                case "u:2" -> data.getShort() & 0xffff;
                case "i:2" -> data.getShort();
                case "u:4" -> data.getInt() & 0xffffffffL;
                case "i:4" -> data.getInt();
                case "i:8", "u:8" -> data.getLong();
                case "f:4" -> data.getFloat();
                case "f:8" -> data.getDouble();
                default -> throw new DataException(name + ": NumPy type " + d.group(0) + " is not read by Strata.");
            };
        }
        return new Array(shape, d.group(1) + kind + size, v);
    }

    /** An {@code .npy} file's bytes written by a test or a tool: C order, little-endian {@code <f8} or {@code |u1}. */
    public static byte[] write(long[] shape, String dtype, double[] values) {
        StringBuilder dims = new StringBuilder();
        for (long x : shape) {
            dims.append(x).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : dims.substring(0, Math.max(0, dims.length() - 2));
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int pad = 64 - (10 + header.length() + 1) % 64;
        header = header + " ".repeat(pad % 64) + "\n";
        int size = Integer.parseInt(dtype.substring(2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.ISO_8859_1));
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (dtype.charAt(1) + ":" + size) {
                case "u:1" -> b.put((byte) v);
                case "i:8" -> b.putLong((long) v);
                case "f:4" -> b.putFloat((float) v);
                case "f:8" -> b.putDouble(v);
                default -> throw new IllegalArgumentException("dtype " + dtype);
            }
        }
        out.writeBytes(b.array());
        return out.toByteArray();
    }
}
