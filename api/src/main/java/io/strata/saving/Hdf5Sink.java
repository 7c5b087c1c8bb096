// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Where {@link Hdf5Writer}'s bytes go: a file, an array, or nowhere (to learn the file's size). */
interface Hdf5Sink {
    /** The most bytes of float data staged at once on the way to a file. */
    int CHUNK = 1 << 20;

    void write(ByteBuffer b, long position) throws IOException;

    void floats(float[] values, long position) throws IOException;

    final class ToChannel implements Hdf5Sink {
        private final FileChannel ch;

        ToChannel(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(ByteBuffer b, long position) throws IOException {
            b.rewind();
            long at = position;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
        }

        @Override
        public void floats(float[] values, long address) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(Math.min(CHUNK, Math.max(4, values.length * 4))).order(ByteOrder.LITTLE_ENDIAN);
            int i = 0;
            long at = address;
            while (i < values.length) {
                buf.clear();
                int n = Math.min(values.length - i, buf.capacity() / 4);
                buf.asFloatBuffer().put(values, i, n);
                buf.limit(n * 4);
                write(buf, at);
                at += n * 4L;
                i += n;
            }
        }
    }

    final class ToArray implements Hdf5Sink {
        private final ByteBuffer out;

        ToArray(byte[] bytes) {
            this.out = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public void write(ByteBuffer b, long position) {
            b.rewind();
            out.put((int) position, b, 0, b.remaining());
        }

        @Override
        public void floats(float[] values, long position) {
            out.slice((int) position, values.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        }
    }

    final class Counting implements Hdf5Sink {
        @Override
        public void write(ByteBuffer b, long position) {}

        @Override
        public void floats(float[] values, long position) {}
    }
}
