// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.DataException;
import io.strata.StrataException;
import io.strata.data.Batch;
import io.strata.data.Sequence;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Batches prepared on background threads while the model trains (Keras's {@code workers} and
 * {@code max_queue_size}): a {@link Sequence}'s batches are asked for by index by {@code workers}
 * threads, at most {@code maxQueueSize} ahead, and handed out in order, so a run repeats exactly; an
 * iterator is read by one thread (iterators are not thread-safe) into a queue of that size. Each batch
 * is also checked and converted ({@code prepare}) on those threads, so the training thread only feeds
 * it. A failure on a worker reaches the training thread as a Strata error naming the batch.
 *
 * @param <T> a prepared batch
 */
final class BatchQueue<T> implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ExecutorService pool;
    private final Function<Batch, T> prepare;
    private final String what;
    private final int ahead;
    // Sequence mode
    private final ArrayDeque<Future<T>> pending = new ArrayDeque<>();
    private int[] order = new int[0];
    private int nextToSubmit;
    private int taken;
    private final @Nullable Sequence sequence;
    // Iterator mode
    private final BlockingQueue<Object> queue;
    private final @Nullable Iterator<Batch> iterator;

    private record Failure(RuntimeException error) {}

    private record End() {}

    private BatchQueue(@Nullable Sequence sequence, @Nullable Iterator<Batch> iterator, int workers, int maxQueueSize, Function<Batch, T> prepare,
            String what) {
        this.sequence = sequence;
        this.iterator = iterator;
        this.prepare = prepare;
        this.what = what;
        this.ahead = maxQueueSize;
        this.queue = new ArrayBlockingQueue<>(maxQueueSize);
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "strata-batches-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A queue over {@code sequence}; call {@link #beginEpoch} with each epoch's order. */
    static <T> BatchQueue<T> of(Sequence sequence, int workers, int maxQueueSize, Function<Batch, T> prepare, String what) {
        return new BatchQueue<>(sequence, null, workers, maxQueueSize, prepare, what);
    }

    /** A queue reading {@code iterator} ahead on one thread. */
    static <T> BatchQueue<T> of(Iterator<Batch> iterator, int maxQueueSize, Function<Batch, T> prepare, String what) {
        BatchQueue<T> q = new BatchQueue<>(null, iterator, 1, maxQueueSize, prepare, what);
        q.pool.execute(q::readIterator);
        return q;
    }

    /** Starts an epoch over the sequence's batches in {@code order}. */
    void beginEpoch(int[] order) {
        cancelPending();
        this.order = order;
        this.nextToSubmit = 0;
        this.taken = 0;
        fill();
    }

    private void fill() {
        while (pending.size() < ahead && nextToSubmit < order.length) {
            int index = order[nextToSubmit++];
            pending.add(pool.submit(() -> prepare.apply(fetch(index))));
        }
    }

    private Batch fetch(int index) {
        Sequence seq = java.util.Objects.requireNonNull(sequence);
        Batch b;
        try {
            b = seq.get(index);
        } catch (RuntimeException e) {
            throw new DataException(what + ": the Sequence failed to make batch " + index + " (" + e + ").", e);
        }
        if (b == null) {
            throw new DataException(what + ": the Sequence returned null for batch " + index + " of " + seq.size() + ".");
        }
        return b;
    }

    private void readIterator() {
        Iterator<Batch> iterator = java.util.Objects.requireNonNull(this.iterator);
        long n = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                boolean more;
                Batch b;
                try {
                    more = iterator.hasNext();
                    b = more ? iterator.next() : null;
                } catch (RuntimeException e) {
                    throw new DataException(what + ": the generator failed at batch " + n + " (" + e + ").", e);
                }
                if (!more) {
                    queue.put(new End());
                    return;
                }
                if (b == null) {
                    throw new DataException(what + ": the generator yielded null at batch " + n + ".");
                }
                queue.put(prepare.apply(b));
                n++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                queue.put(new Failure(e));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next batch; waits for it. Throws if the generator ended early ({@code steps} promised more). */
    @SuppressWarnings("unchecked")
    T take(int steps) {
        try {
            if (sequence != null) {
                Future<T> f = pending.poll();
                if (f == null) {
                    throw new StrataException(what + ": asked for more batches than the Sequence's " + order.length + ".");
                }
                taken++;
                fill();
                return f.get();
            }
            Object item = queue.take();
            if (item instanceof Failure failure) {
                throw failure.error();
            }
            if (item instanceof End) {
                throw new DataException(what + ": the generator ended after " + taken + " batches, but " + steps
                        + " steps were asked for (steps_per_epoch / steps). Make it loop over the data indefinitely, "
                        + "as Keras's generators do, or lower the steps.");
            }
            taken++;
            return (T) item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException(what + " was cancelled while waiting for the next batch.");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new DataException(what + ": preparing a batch failed (" + c + ").", c);
        }
    }

    private void cancelPending() {
        for (Future<T> f : pending) {
            f.cancel(true);
        }
        pending.clear();
    }

    @Override
    public void close() {
        cancelPending();
        pool.shutdownNow();
    }
}
