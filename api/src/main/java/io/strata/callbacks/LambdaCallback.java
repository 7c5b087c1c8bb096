// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Keras's {@code LambdaCallback}: a callback made of lambdas, each optional.
 *
 * <pre>{@code
 * new LambdaCallback().onEpochEnd((epoch, logs) -> System.out.println(logs.get("loss")))
 * }</pre>
 */
public final class LambdaCallback extends Callback {
    private Consumer<Integer> epochBegin = e -> {};
    private BiConsumer<Integer, Map<String, Double>> epochEnd = (e, l) -> {};
    private Consumer<Integer> batchBegin = b -> {};
    private BiConsumer<Integer, Map<String, Double>> batchEnd = (b, l) -> {};
    private Runnable trainBegin = () -> {};
    private Runnable trainEnd = () -> {};

    /** Keras's {@code on_epoch_begin}. */
    public LambdaCallback onEpochBegin(Consumer<Integer> f) {
        epochBegin = f;
        return this;
    }

    /** Keras's {@code on_epoch_end}. */
    public LambdaCallback onEpochEnd(BiConsumer<Integer, Map<String, Double>> f) {
        epochEnd = f;
        return this;
    }

    /** Keras's {@code on_batch_begin}. */
    public LambdaCallback onBatchBegin(Consumer<Integer> f) {
        batchBegin = f;
        return this;
    }

    /** Keras's {@code on_batch_end}. */
    public LambdaCallback onBatchEnd(BiConsumer<Integer, Map<String, Double>> f) {
        batchEnd = f;
        return this;
    }

    /** Keras's {@code on_train_begin}. */
    public LambdaCallback onTrainBegin(Runnable f) {
        trainBegin = f;
        return this;
    }

    /** Keras's {@code on_train_end}. */
    public LambdaCallback onTrainEnd(Runnable f) {
        trainEnd = f;
        return this;
    }

    @Override
    public void onTrainBegin() {
        trainBegin.run();
    }

    @Override
    public void onEpochBegin(int epoch) {
        epochBegin.accept(epoch);
    }

    @Override
    public void onBatchBegin(int batch, int size) {
        batchBegin.accept(batch);
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        batchEnd.accept(batch, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochEnd.accept(epoch, logs);
    }

    @Override
    public void onTrainEnd(boolean cancelled) {
        trainEnd.run();
    }
}
