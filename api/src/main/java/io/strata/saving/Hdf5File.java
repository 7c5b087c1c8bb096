// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An HDF5 file opened for reading Keras's layouts (on jhdf): groups, string attributes of every
 * encoding Keras and h5py wrote (fixed-length bytes of h5py 2 and Keras 2, variable-length UTF-8 of
 * h5py 3 and tf.keras), numeric attributes and datasets as float arrays. A file that is not HDF5, or
 * that was cut short, is refused up front with a {@link FileFormatException} naming it; nothing jhdf
 * throws reaches the caller.
 */
public final class Hdf5File implements AutoCloseable {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final HdfFile file;
    private final String name;

    private Hdf5File(HdfFile file, String name) {
        this.file = file;
        this.name = name;
    }

    /**
     * Opens {@code path}.
     *
     * @throws NoSuchFileException if there is no such file
     * @throws FileFormatException if it is not an HDF5 file or is truncated
     */
    public static Hdf5File open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new FileFormatException(path + " is a folder, not an HDF5 file.");
        }
        String name = path.getFileName().toString();
        ByteBuffer mapped = null;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            checkHeader((b, at) -> ch.read(b, at), size, name);
            // One mapping of the whole file, read by jhdf without further system calls: jhdf's own file
            // access maps and unmaps every dataset, which made loading twice as slow. Windows cannot
            // replace a file while a mapping of it lives (until the buffer is collected), so a checkpoint
            // could not overwrite a file just loaded there: it keeps jhdf's per-dataset access.
            if (size <= Integer.MAX_VALUE && !WINDOWS) {
                mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            }
        }
        try {
            return new Hdf5File(mapped != null ? HdfFile.fromByteBuffer(mapped) : new HdfFile(path), name);
        } catch (RuntimeException e) {
            throw new FileFormatException(name + " is not a readable HDF5 file (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Opens an HDF5 file held in {@code buffer} (a memory-mapped entry of a {@code .keras} archive:
     * no copy, no temporary file); {@code name} names it in messages.
     */
    public static Hdf5File open(ByteBuffer buffer, String name) throws IOException {
        ByteBuffer view = buffer.duplicate();
        checkHeader((b, at) -> {
            ByteBuffer src = view.duplicate();
            src.position((int) at);
            src.limit((int) Math.min(view.limit(), at + b.remaining()));
            int n = src.remaining();
            b.put(src);
            return n;
        }, view.limit(), name);
        try {
            return new Hdf5File(HdfFile.fromByteBuffer(buffer.duplicate()), name);
        } catch (RuntimeException e) {
            throw new FileFormatException(name + " is not a readable HDF5 file (" + e.getMessage() + ").", e);
        }
    }

    /** Reads bytes at a position. */
    private interface Reader {
        int read(ByteBuffer into, long position) throws IOException;
    }

    /** The signature, and the end-of-file address the superblock records against the file's size. */
    private static void checkHeader(Reader ch, long size, String name) throws IOException {
        // The superblock sits at 0, 512, 1024, 2048, ... (a user block may come first).
        for (long at = 0; at + 8 <= size; at = at == 0 ? 512 : at * 2) {
            ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, at);
            b.flip();
            if (b.remaining() < 8 || !signature(b)) {
                continue;
            }
            int version = b.remaining() > 8 ? b.get(8) & 0xff : -1;
            int eofOffset = switch (version) {
                case 0 -> 40;
                case 1 -> 44;
                case 2, 3 -> 28;
                default -> -1;
            };
            if (eofOffset < 0 || b.limit() < eofOffset + 8) {
                throw new FileFormatException(name + " is truncated or has an unknown HDF5 superblock version ("
                        + version + ").");
            }
            long eof = b.getLong(eofOffset) + at;
            if (eof > size) {
                throw new FileFormatException(name + " is truncated: the HDF5 superblock says the file has " + eof
                        + " bytes, but it has " + size + ". It was probably not written to the end (a crash or a "
                        + "partial copy); save or copy it again.");
            }
            return;
        }
        throw new FileFormatException(name + " is not an HDF5 file (no HDF5 signature). Keras's .h5 weights and "
                + "models are HDF5; .keras files are zip archives (Models.load reads both).");
    }

    private static boolean signature(ByteBuffer b) {
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (b.get(i) != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** The file's name, for messages. */
    public String name() {
        return name;
    }

    private @Nullable Node node(String path) {
        try {
            return path.isEmpty() || path.equals("/") ? file : file.getByPath(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether a group or dataset exists at {@code path}. */
    public boolean exists(String path) {
        return node(path) != null;
    }

    /** Whether {@code path} is a group. */
    public boolean isGroup(String path) {
        return node(path) instanceof Group;
    }

    /** The names of a group's members, in the file's order. */
    public List<String> children(String path) {
        Node n = node(path);
        if (!(n instanceof Group g)) {
            return List.of();
        }
        return guarded(() -> new ArrayList<>(g.getChildren().keySet()), path);
    }

    /** Whether the node at {@code path} has the attribute. */
    public boolean hasAttribute(String path, String attribute) {
        Node n = node(path);
        return n != null && guarded(() -> n.getAttributes().containsKey(attribute), path);
    }

    private @Nullable Object attributeData(String path, String attribute) {
        Node n = node(path);
        if (n == null) {
            return null;
        }
        return guarded(() -> {
            Attribute a = n.getAttribute(attribute);
            return a == null ? null : a.isEmpty() ? new String[0] : a.getData();
        }, path + " @" + attribute);
    }

    /** A scalar numeric attribute, or null when absent or not a number. */
    public @Nullable Number numberAttribute(String path, String attribute) {
        Object v = attributeData(path, attribute);
        if (v instanceof Number n) {
            return n;
        }
        if (v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1
                && java.lang.reflect.Array.get(v, 0) instanceof Number n) {
            return n;
        }
        return null;
    }

    /** A scalar string attribute (fixed-length or variable-length), or null when absent. */
    public @Nullable String stringAttribute(String path, String attribute) {
        Object v = attributeData(path, attribute);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] a && a.length == 1) {
            return a[0];
        }
        if (v instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new FileFormatException(name + ": the attribute " + attribute + " of " + display(path)
                + " is not a string (" + v.getClass().getSimpleName() + ").");
    }

    /**
     * Keras's {@code load_attributes_from_hdf5_group}: a string list attribute, or the chunks
     * {@code name0}, {@code name1}, … that Keras splits long lists into; empty if absent.
     */
    public List<String> stringList(String path, String attribute) {
        if (hasAttribute(path, attribute)) {
            return strings(path, attribute);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; hasAttribute(path, attribute + i); i++) {
            out.addAll(strings(path, attribute + i));
        }
        return out;
    }

    private List<String> strings(String path, String attribute) {
        Object v = attributeData(path, attribute);
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof Object[] a) {
            for (Object o : a) {
                out.add(String.valueOf(o));
            }
        } else if (v instanceof double[] d && d.length == 0 || v instanceof float[] f && f.length == 0) {
            return out; // Keras writes an empty list as an empty float array
        } else if (v != null) {
            throw new FileFormatException(name + ": the attribute " + attribute + " of " + display(path)
                    + " is not a list of strings (" + v.getClass().getSimpleName() + ").");
        }
        return out;
    }

    /** A dataset's shape and values as float32 (float64 and integer datasets are converted). */
    public FloatArray floats(String path) {
        Node n = node(path);
        if (!(n instanceof Dataset d)) {
            throw new FileFormatException(name + " has no dataset " + display(path) + ".");
        }
        return guarded(() -> {
            int[] dims = d.getDimensions();
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = dims[i];
            }
            Object data = d.isScalar() ? d.getData() : d.getDataFlat();
            return new FloatArray(shape, toFloats(data, path));
        }, path);
    }

    /** A scalar integer dataset (Keras's {@code iterations}). */
    public long int64(String path) {
        Node n = node(path);
        if (!(n instanceof Dataset d)) {
            throw new FileFormatException(name + " has no dataset " + display(path) + ".");
        }
        return guarded(() -> {
            Object v = d.isScalar() ? d.getData() : d.getDataFlat();
            if (v instanceof Number num) {
                return num.longValue();
            }
            float[] f = toFloats(v, path);
            if (f.length != 1) {
                throw new FileFormatException(name + ": " + display(path) + " should hold one number, it holds " + f.length + ".");
            }
            return (long) f[0];
        }, path);
    }

    private float[] toFloats(Object data, String path) {
        if (data instanceof float[] f) {
            return f;
        }
        if (data instanceof double[] d) {
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        if (data instanceof long[] l) {
            float[] out = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = l[i];
            }
            return out;
        }
        if (data instanceof int[] l) {
            float[] out = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = l[i];
            }
            return out;
        }
        if (data instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        throw new FileFormatException(name + ": the dataset " + display(path) + " holds " + data.getClass().getSimpleName()
                + " values, not numbers Strata can load as weights.");
    }

    private static String display(String path) {
        return path.isEmpty() ? "/" : path;
    }

    private <T> T guarded(java.util.function.Supplier<T> read, String path) {
        try {
            return read.get();
        } catch (FileFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FileFormatException(name + ": cannot read " + display(path) + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). The file is damaged or not in a "
                    + "layout Strata reads.", e);
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
