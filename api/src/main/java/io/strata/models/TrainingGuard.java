// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.StrataException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One model's training lock and what holds it: training calls ({@code fit}, {@code evaluate},
 * {@code trainOnBatch}, …) run one at a time; changes that would discard their unfinished steps
 * ({@code compile}, {@code close}, a layer added) and file writes that must see one completed step are
 * refused while one runs, with a message naming the running call and its thread.
 */
final class TrainingGuard {
    private final Model model;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile @Nullable String activity;
    private volatile @Nullable String activityThread;

    TrainingGuard(Model model) {
        this.model = model;
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    /** What holds the lock, for messages: {@code fit (on thread 'main')}. */
    String activity() {
        String what = activity;
        return what == null ? "a training call" : what + " (on thread '" + activityThread + "')";
    }

    /** Takes the lock for training call {@code what}, or refuses it naming the call that holds it. */
    void enter(String what) {
        if (lock.isHeldByCurrentThread()) {
            throw new StrataException(what + ": model " + model.name() + " is already running " + activity()
                    + " on this thread (called from a callback?). Call " + what + " after it returns.");
        }
        if (!lock.tryLock()) {
            throw new StrataException(what + ": model " + model.name() + " is busy: " + activity()
                    + ". A model is trained or evaluated by one call at a time; wait for it (model.awaitIdle(), "
                    + "or the future of fitAsync) or cancel it first.");
        }
        activity = what;
        activityThread = Thread.currentThread().getName();
    }

    /** Releases the lock {@link #enter} took. */
    void exit() {
        activity = null;
        activityThread = null;
        lock.unlock();
    }

    /** Runs a change of the model unless a training call runs (then it is refused). */
    void change(String what, Runnable change) {
        if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
            throw new StrataException(what + " was called on model " + model.name() + " while " + activity() + " runs; it "
                    + "would discard steps that call has not finished. Call it after that call returns (after "
                    + "cancelling a fitAsync, model.awaitIdle() waits for it).");
        }
        try {
            change.run();
        } finally {
            lock.unlock();
        }
    }

    /** A file operation that must see one completed step: refused while another thread trains. */
    void exclusive(String what, IoAction action) throws IOException {
        if (lock.isHeldByCurrentThread()) {
            action.run(); // a callback between two steps
            return;
        }
        if (!lock.tryLock()) {
            throw new StrataException(what + " was called on model " + model.name() + " while " + activity() + " runs, so it "
                    + "could save weights of different steps. Save from a callback (ModelCheckpoint) or after that call "
                    + "returns (model.awaitIdle()).");
        }
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    void awaitIdle() {
        try {
            lock.lockInterruptibly();
            lock.unlock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("awaitIdle was interrupted.");
        }
    }

    boolean awaitIdle(Duration timeout) {
        try {
            if (lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                lock.unlock();
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("awaitIdle was interrupted.");
        }
    }
}
