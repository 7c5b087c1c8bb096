// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link CompletableFuture} whose {@code cancel(true)} interrupts the thread running the work, so
 * that training stops at the next batch boundary ({@code CompletableFuture}'s own cancel does not
 * interrupt).
 */
final class TrainingFuture<T> extends CompletableFuture<T> {
    private volatile Thread worker;

    static <T> CompletableFuture<T> start(String threadName, Supplier<T> work) {
        TrainingFuture<T> future = new TrainingFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(work.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            } finally {
                future.worker = null;
            }
        }, threadName);
        t.setDaemon(true);
        future.worker = t;
        t.start();
        return future;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Thread t = worker;
        if (cancelled && mayInterruptIfRunning && t != null) {
            t.interrupt();
        }
        return cancelled;
    }
}
