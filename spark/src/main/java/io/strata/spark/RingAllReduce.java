// SPDX-License-Identifier: Apache-2.0
package io.strata.spark;

import io.strata.StrataException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ring all-reduce over plain TCP sockets between the {@code n} tasks of a barrier stage: the sum of
 * every task's float vector, the same bits on every task. Reduce-scatter then all-gather: the vector
 * is cut in {@code n} chunks; in {@code n - 1} steps each task adds the chunk it receives from its left
 * neighbour to its own and passes it on, so each chunk is summed once, by one task, in one order; in
 * {@code n - 1} more steps the summed chunks travel around the ring. Each task sends and receives
 * {@code 2 (n - 1) / n} of the vector per call, whatever {@code n}.
 *
 * <p>Set-up: every task opens a {@link #listen server socket}, the tasks exchange addresses once (Spark's
 * {@code BarrierTaskContext.allGather}, which costs about a second per call and so is for rendezvous
 * only), then each connects to its right neighbour and accepts its left one. Every read has a
 * timeout, so a dead peer fails the task (and so the barrier stage) instead of hanging it.
 */
final class RingAllReduce implements AutoCloseable {
    private final int rank;
    private final int size;
    private final Socket right;
    private final Socket left;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final ExecutorService sender;
    /** Reused between calls: one step's chunks are the next step's sizes. */
    private byte[] sendBytes = new byte[0];
    private byte[] receiveBytes = new byte[0];

    private RingAllReduce(int rank, int size, Socket right, Socket left) throws IOException {
        this.rank = rank;
        this.size = size;
        this.right = right;
        this.left = left;
        this.out = new DataOutputStream(new BufferedOutputStream(right.getOutputStream(), 1 << 16));
        this.in = new DataInputStream(new BufferedInputStream(left.getInputStream(), 1 << 16));
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "strata-allreduce-send-" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /** A server socket on {@code host}, any free port, for {@link #connect}. */
    static ServerSocket listen(String host) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(host, 0));
        return s;
    }

    /**
     * Joins the ring: {@code addresses} are every task's {@code host:port} in rank order, {@code server}
     * this task's listening socket; each connection and every read waits at most {@code timeoutMs}.
     */
    static RingAllReduce connect(int rank, List<String> addresses, ServerSocket server, int timeoutMs) throws IOException {
        int n = addresses.size();
        String[] next = addresses.get((rank + 1) % n).split(":");
        Socket right = new Socket();
        right.connect(new InetSocketAddress(next[0], Integer.parseInt(next[1])), timeoutMs);
        right.setTcpNoDelay(true);
        server.setSoTimeout(timeoutMs);
        Socket left;
        try {
            left = server.accept();
        } catch (SocketTimeoutException e) {
            right.close();
            throw new StrataException("StrataSpark: task " + rank + " of " + n + " waited " + timeoutMs
                    + " ms for its left neighbour (task " + ((rank + n - 1) % n) + ") to connect; it is dead or unreachable.", e);
        }
        left.setSoTimeout(timeoutMs);
        left.setTcpNoDelay(true);
        return new RingAllReduce(rank, n, right, left);
    }

    /** Replaces {@code v} by the sum of every task's {@code v} (all of the same length). */
    void sum(float[] v) throws IOException {
        if (size == 1) {
            return;
        }
        int[] from = new int[size + 1];
        for (int c = 0; c <= size; c++) {
            from[c] = (int) ((long) v.length * c / size);
        }
        float[] incoming = new float[v.length / size + 2];
        // Reduce-scatter: after step s, this task has summed s + 2 contributions into chunk (rank - s - 1).
        for (int s = 0; s < size - 1; s++) {
            int send = Math.floorMod(rank - s, size);
            int receive = Math.floorMod(rank - s - 1, size);
            exchange(v, from[send], from[send + 1], incoming, from[receive + 1] - from[receive]);
            for (int i = from[receive], k = 0; i < from[receive + 1]; i++, k++) {
                v[i] += incoming[k];
            }
        }
        // All-gather: chunk (rank + 1) is complete here; pass the complete chunks around.
        for (int s = 0; s < size - 1; s++) {
            int send = Math.floorMod(rank + 1 - s, size);
            int receive = Math.floorMod(rank - s, size);
            exchange(v, from[send], from[send + 1], incoming, from[receive + 1] - from[receive]);
            System.arraycopy(incoming, 0, v, from[receive], from[receive + 1] - from[receive]);
        }
    }

    /** Sends {@code v[a, b)} to the right while receiving {@code count} floats from the left. */
    private void exchange(float[] v, int a, int b, float[] into, int count) throws IOException {
        if (sendBytes.length < (b - a) * 4) {
            sendBytes = new byte[(b - a) * 4];
        }
        byte[] outgoing = sendBytes;
        Future<?> sent = sender.submit(() -> {
            ByteBuffer.wrap(outgoing).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().put(v, a, b - a);
            out.writeInt(b - a);
            out.write(outgoing, 0, (b - a) * 4);
            out.flush();
            return null;
        });
        int n;
        try {
            n = in.readInt();
            if (n != count) {
                throw new StrataException("StrataSpark: task " + rank + " expected a chunk of " + count + " floats from its "
                        + "left neighbour, got " + n + "; the tasks disagree about the vector's length.");
            }
            if (receiveBytes.length < n * 4) {
                receiveBytes = new byte[n * 4];
            }
            in.readFully(receiveBytes, 0, n * 4);
            ByteBuffer.wrap(receiveBytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(into, 0, n);
        } catch (SocketTimeoutException e) {
            throw new StrataException("StrataSpark: task " + rank + " of " + size + " heard nothing from its left neighbour "
                    + "within " + left.getSoTimeout() + " ms; a task of the barrier stage died or hangs.", e);
        }
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to the right neighbour", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("StrataSpark: task " + rank + " could not send to its right neighbour: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        sender.shutdownNow();
        try {
            right.close();
        } finally {
            left.close();
        }
    }
}
