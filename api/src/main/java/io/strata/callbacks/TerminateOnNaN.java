// SPDX-License-Identifier: Apache-2.0
package io.strata.callbacks;

import java.util.Map;

/** Keras's {@code TerminateOnNaN}: stops training as soon as a batch's loss is NaN or infinite. */
public final class TerminateOnNaN extends Callback {
    private boolean terminated;

    /** Whether this callback stopped the last run. */
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void onTrainBegin() {
        terminated = false;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            System.out.println("Batch " + batch + ": Invalid loss, terminating training");
            terminated = true;
            stopTraining("TerminateOnNaN: loss is " + loss + " at batch " + batch);
        }
    }
}
