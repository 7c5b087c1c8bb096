// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataSpace;
import io.jhdf.storage.HdfBackingStorage;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * An attribute value for {@link Hdf5Writer} with its own data space and type: jhdf derives both from
 * Java arrays, which cannot be empty (Keras writes empty {@code weight_names}).
 */
record Hdf5Attribute(DataSpace space, DataType type, Object data) implements Attribute {
    @Override
    public @Nullable Node getNode() {
        return null;
    }

    @Override
    public String getName() {
        return "";
    }

    @Override
    public long getSize() {
        return space.getTotalLength();
    }

    @Override
    public long getSizeInBytes() {
        return getSize() * type.getSize();
    }

    @Override
    public int[] getDimensions() {
        return space.getDimensions();
    }

    @Override
    public long[] getDimensionsAsLong() {
        return space.getDimensionsAsLong();
    }

    @Override
    public Object getData() {
        return data;
    }

    @Override
    public Class<?> getJavaType() {
        return type.getJavaType();
    }

    @Override
    public boolean isScalar() {
        return space.getDimensions().length == 0;
    }

    @Override
    public boolean isEmpty() {
        return getSize() == 0;
    }

    @Override
    public ByteBuffer getBuffer() {
        return type.encodeData(data);
    }

    @Override
    public DataSpace getDataSpace() {
        return space;
    }

    @Override
    public DataType getDataType() {
        return type;
    }

    /** The float64 type of an empty array: jhdf's encoder reads the first element to find the type. */
    static final class EmptyFloat64 extends DataType {
        EmptyFloat64() {
            super(FloatingPoint.CLASS_ID, 8);
        }

        @Override
        public Class<?> getJavaType() {
            return double.class;
        }

        @Override
        public Object fillData(ByteBuffer buffer, int[] dimensions, HdfBackingStorage storage) {
            return new double[0];
        }

        @Override
        public ByteBuffer toBuffer() {
            return FloatingPoint.DOUBLE.toBuffer();
        }

        @Override
        public ByteBuffer encodeData(Object data) {
            return ByteBuffer.allocate(0);
        }
    }
}
