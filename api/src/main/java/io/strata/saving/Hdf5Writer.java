// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import io.jhdf.Superblock;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.GroupInfoMessage;
import io.jhdf.object.message.LinkInfoMessage;
import io.jhdf.object.message.LinkMessage;
import io.jhdf.object.message.Message;
import io.jhdf.ObjectHeader;
import io.strata.InvalidConfigException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A writer of the HDF5 files Keras reads: groups, attributes (strings, string lists, numbers) and
 * contiguous float32 or int64 datasets, in the order they were added.
 *
 * <p>It encodes every structure with jhdf's own message and header encoders (superblock v2, object
 * header v2, link messages: what {@code h5py} reads as any HDF5 1.8+ file), and lays the file out
 * itself, for three reasons measured here: jhdf's file writer puts its version string at the
 * channel's position when it closes, which overwrote the header of a group without datasets written
 * after the last dataset (every Keras file has such groups: a Dropout's, Keras 3's empty {@code vars});
 * it cannot write an empty attribute (Keras writes {@code weight_names} of a layer without weights as
 * an empty array); and it needs nested Java arrays for a multi-dimensional dataset, a second copy of
 * every weight. Attribute values over HDF5's object-header limit are refused with the attribute's
 * name, as h5py refuses them; {@link #stringListAttribute} splits long lists as Keras does.
 */
public final class Hdf5Writer {
    /** HDF5's limit on one attribute in an object header, as Keras uses it. */
    public static final int OBJECT_HEADER_LIMIT = 64512;

    private final GroupNode root = new GroupNode();

    private abstract static class TreeNode {
        final Map<String, Attribute> attributes = new LinkedHashMap<>();
    }

    private static final class GroupNode extends TreeNode {
        final Map<String, TreeNode> children = new LinkedHashMap<>();
    }

    private static final class DatasetNode extends TreeNode {
        final long[] shape;
        final @Nullable float[] floats;
        final long int64;
        final boolean isInt64;

        DatasetNode(long[] shape, @Nullable float[] floats, long int64, boolean isInt64) {
            this.shape = shape;
            this.floats = floats;
            this.int64 = int64;
            this.isInt64 = isInt64;
        }
    }

    /** Creates the group at {@code path} (and its parents) if absent; returns this. */
    public Hdf5Writer group(String path) {
        groupAt(path);
        return this;
    }

    private GroupNode groupAt(String path) {
        GroupNode g = root;
        for (String part : parts(path)) {
            TreeNode n = g.children.get(part);
            if (n == null) {
                GroupNode created = new GroupNode();
                g.children.put(part, created);
                g = created;
            } else if (n instanceof GroupNode existing) {
                g = existing;
            } else {
                throw new IllegalArgumentException(path + ": '" + part + "' is a dataset, not a group");
            }
        }
        return g;
    }

    private TreeNode nodeAt(String path) {
        List<String> p = parts(path);
        if (p.isEmpty()) {
            return root;
        }
        GroupNode parent = groupAt(String.join("/", p.subList(0, p.size() - 1)));
        TreeNode n = parent.children.get(p.get(p.size() - 1));
        if (n == null) {
            throw new IllegalArgumentException("no group or dataset at " + path);
        }
        return n;
    }

    private static List<String> parts(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** A float32 dataset of {@code shape} (row-major {@code values}); the parent groups are created. */
    public Hdf5Writer dataset(String path, long[] shape, float[] values) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(path + ": shape " + java.util.Arrays.toString(shape) + " holds " + size
                    + " values, got " + values.length);
        }
        put(path, new DatasetNode(shape.clone(), values, 0, false));
        return this;
    }

    /** A scalar int64 dataset (Keras's {@code iterations}). */
    public Hdf5Writer int64Scalar(String path, long value) {
        put(path, new DatasetNode(new long[0], null, value, true));
        return this;
    }

    private void put(String path, DatasetNode node) {
        List<String> p = parts(path);
        GroupNode parent = groupAt(String.join("/", p.subList(0, p.size() - 1)));
        if (parent.children.containsKey(p.get(p.size() - 1))) {
            throw new IllegalArgumentException("duplicate dataset or group: " + path);
        }
        parent.children.put(p.get(p.size() - 1), node);
    }

    /** A scalar string attribute (fixed-length bytes, as Keras 2 and h5py 2 write {@code keras_version}). */
    public Hdf5Writer attribute(String path, String name, String value) {
        checkSize(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L);
        return addAttribute(path, name, new Hdf5Attribute(DataSpace.fromObject(value), StringData.create(value), value));
    }

    /** A scalar int64 attribute. */
    public Hdf5Writer attribute(String path, String name, long value) {
        return addAttribute(path, name, new Hdf5Attribute(DataSpace.fromObject(value), DataType.fromObject(value), value));
    }

    /** A scalar float64 attribute. */
    public Hdf5Writer attribute(String path, String name, double value) {
        return addAttribute(path, name, new Hdf5Attribute(DataSpace.fromObject(value), FloatingPoint.DOUBLE, value));
    }

    /**
     * A list of strings as one fixed-length byte-string array (Keras's {@code weight_names}); an empty
     * list is written as Keras writes it, an empty float64 array.
     *
     * @throws InvalidConfigException if the list is over HDF5's attribute limit (use
     *     {@link #stringListAttribute} for lists that may be split)
     */
    public Hdf5Writer strings(String path, String name, List<String> values) {
        if (values.isEmpty()) {
            DataSpace empty = DataSpace.modifyDimensions(DataSpace.fromObject(new double[1]), new long[] {0});
            return addAttribute(path, name, new Hdf5Attribute(empty, new Hdf5Attribute.EmptyFloat64(), new double[0]));
        }
        String[] array = values.toArray(new String[0]);
        StringData type = StringData.create(array);
        checkSize(name, (long) type.getSize() * array.length);
        return addAttribute(path, name, new Hdf5Attribute(DataSpace.fromObject(array), type, array));
    }

    /**
     * Keras's {@code save_attributes_to_hdf5_group}: a string list in one attribute, or, when it is
     * over HDF5's object-header limit, in {@code name0}, {@code name1}, … (numpy's {@code array_split}
     * into the fewest chunks that fit).
     */
    public Hdf5Writer stringListAttribute(String path, String name, List<String> values) {
        int maxBytes = 0;
        for (String v : values) {
            maxBytes = Math.max(maxBytes, v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1);
        }
        if (maxBytes > OBJECT_HEADER_LIMIT) {
            throw new InvalidConfigException("The attribute " + name + " holds a name longer than HDF5's " + OBJECT_HEADER_LIMIT
                    + " byte limit; it cannot be saved in an HDF5 file.");
        }
        long total = (long) maxBytes * values.size();
        if (total <= OBJECT_HEADER_LIMIT) {
            return strings(path, name, values);
        }
        int chunks = 1;
        while (chunkBytes(values.size(), chunks, maxBytes) > OBJECT_HEADER_LIMIT) {
            chunks++;
        }
        int n = values.size();
        int base = n / chunks;
        int extra = n % chunks;
        int from = 0;
        for (int i = 0; i < chunks; i++) {
            int len = base + (i < extra ? 1 : 0);
            strings(path, name + i, values.subList(from, from + len));
            from += len;
        }
        return this;
    }

    private static long chunkBytes(int n, int chunks, int maxBytes) {
        int largest = n / chunks + (n % chunks == 0 ? 0 : 1);
        return (long) largest * maxBytes;
    }

    private static void checkSize(String name, long bytes) {
        if (bytes > OBJECT_HEADER_LIMIT) {
            throw new InvalidConfigException("The HDF5 attribute '" + name + "' would hold " + bytes + " bytes, over HDF5's "
                    + OBJECT_HEADER_LIMIT + " byte limit for an attribute in an object header (Keras's h5 format has the "
                    + "same limit). Save the model in the Keras 3 format instead: model.save(\"model.keras\").");
        }
    }

    private Hdf5Writer addAttribute(String path, String name, Attribute a) {
        nodeAt(path).attributes.put(name, a);
        return this;
    }

    // ---- writing ------------------------------------------------------------------------------------

    /** Writes the file at {@code target} atomically: a temporary file in the same folder, then a rename. */
    public void write(Path target) throws IOException {
        AtomicFiles.write(target, this::writeTo);
    }

    /**
     * Writes the file to {@code path}, not atomically and not forced to disk: {@link #write} is both;
     * this is for a file that goes on into an archive.
     */
    public void writeTo(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeAll(new Hdf5Sink.ToChannel(ch));
        }
    }

    /** The whole file in memory (to go into a zip archive without a temporary file). */
    public byte[] toBytes() throws IOException {
        long size = writeAll(new Hdf5Sink.Counting());
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("an HDF5 file of " + size + " bytes does not fit in one array; write it to a file");
        }
        byte[] out = new byte[(int) size];
        writeAll(new Hdf5Sink.ToArray(out));
        return out;
    }

    private long writeAll(Hdf5Sink sink) throws IOException {
        long end = writeGroup(sink, root, WritableHdfFile.ROOT_GROUP_ADDRESS);
        Superblock.SuperblockV2V3 superblock = new Superblock.SuperblockV2V3();
        sink.write(superblock.toBuffer(end), 0);
        return end;
    }

    private static long writeGroup(Hdf5Sink ch, GroupNode g, long position) throws IOException {
        List<Message> probe = groupMessages(g, null);
        int headerSize = new ObjectHeader.ObjectHeaderV2(position, probe).toBuffer().limit();
        long next = position + headerSize;
        List<Long> addresses = new ArrayList<>();
        for (TreeNode child : g.children.values()) {
            addresses.add(next);
            next = child instanceof GroupNode cg ? writeGroup(ch, cg, next) : writeDataset(ch, (DatasetNode) child, next);
        }
        ch.write(new ObjectHeader.ObjectHeaderV2(position, groupMessages(g, addresses)).toBuffer(), position);
        return next;
    }

    private static List<Message> groupMessages(GroupNode g, @Nullable List<Long> addresses) {
        List<Message> m = new ArrayList<>();
        m.add(GroupInfoMessage.createBasic());
        m.add(LinkInfoMessage.createBasic());
        addAttributeMessages(g, m);
        int i = 0;
        for (String name : g.children.keySet()) {
            m.add(LinkMessage.create(name, addresses == null ? 0L : addresses.get(i++)));
        }
        return m;
    }

    private static void addAttributeMessages(TreeNode n, List<Message> m) {
        if (!n.attributes.isEmpty()) {
            m.add(AttributeInfoMessage.create());
            n.attributes.forEach((name, a) -> m.add(AttributeMessage.create(name, a)));
        }
    }

    private static long writeDataset(Hdf5Sink ch, DatasetNode d, long position) throws IOException {
        DataType type = d.isInt64 ? DataType.fromObject(0L) : FloatingPoint.FLOAT;
        DataSpace space = d.shape.length == 0 ? DataSpace.fromObject(d.isInt64 ? (Object) 0L : (Object) 0f)
                : DataSpace.modifyDimensions(DataSpace.fromObject(Array.newInstance(float.class, ones(d.shape.length))),
                        d.shape);
        long bytes = d.isInt64 ? 8 : 4L * d.floats.length;
        List<Message> m = datasetMessages(type, space, DataLayoutMessage.ContiguousDataLayoutMessage
                .create(io.jhdf.Constants.UNDEFINED_ADDRESS, io.jhdf.Constants.UNDEFINED_ADDRESS), d);
        int headerSize = new ObjectHeader.ObjectHeaderV2(position, m).toBuffer().limit();
        long dataAddress = position + headerSize;
        if (d.isInt64) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, d.int64), dataAddress);
        } else {
            ch.floats(d.floats, dataAddress);
        }
        m = datasetMessages(type, space, DataLayoutMessage.ContiguousDataLayoutMessage.create(dataAddress, bytes), d);
        ch.write(new ObjectHeader.ObjectHeaderV2(position, m).toBuffer(), position);
        return dataAddress + bytes;
    }

    private static List<Message> datasetMessages(DataType type, DataSpace space, Message layout, DatasetNode d) {
        List<Message> m = new ArrayList<>();
        m.add(DataTypeMessage.create(type));
        m.add(DataSpaceMessage.create(space));
        m.add(FillValueMessage.NO_FILL);
        m.add(layout);
        addAttributeMessages(d, m);
        return m;
    }

    private static int[] ones(int rank) {
        int[] out = new int[rank];
        java.util.Arrays.fill(out, 1);
        return out;
    }
}
