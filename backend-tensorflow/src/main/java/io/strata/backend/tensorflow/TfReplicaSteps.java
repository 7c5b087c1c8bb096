// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.backend.DataSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * The data-parallel halves of a training step ({@code Replica}): the loss, logs and gradients of a
 * batch without an update, and one optimizer step from gradients given. {@link TfSteps} builds both
 * from the same trace, gradient and update parts as the fused step; this class holds which weights
 * the gradient step differentiates and runs the two.
 */
final class TfReplicaSteps {
    /** The apply step: its target and one gradient placeholder per weight. */
    record Apply(Operation target, List<Output<?>> feeds) {}

    private int @Nullable [] weights;
    private @Nullable List<Output<?>> handles;
    private @Nullable Apply apply;

    /** Records the weights (positions and handles) the gradient step differentiates, when it is built. */
    void record(int[] weights, List<Output<?>> handles) {
        this.weights = weights;
        this.handles = handles;
    }

    /** Runs the gradient step {@code step} on {@code slot}'s samples at {@code indices}. */
    io.strata.backend.Gradients gradients(Session session, TfData data, DataSlot slot, TfSteps.Step step, int[] indices) {
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            data.feed(r, slot, data.mode(slot, true, new int[0][]), step.feeds().get(0), indices, tensors);
            if (step.target() != null) {
                r.addTarget(step.target());
            }
            for (Output<?> f : step.fetches()) {
                r.fetch(f);
            }
            try (Result result = r.run()) {
                int[] w = weights;
                int logs = step.fetches().length - w.length;
                float[] values = new float[logs];
                for (int i = 0; i < logs; i++) {
                    values[i] = ((TFloat32) result.get(i)).getFloat();
                }
                List<float[]> grads = new ArrayList<>();
                for (int k = 0; k < w.length; k++) {
                    grads.add(TfSteps.floats((TFloat32) result.get(logs + k)));
                }
                return new io.strata.backend.Gradients(values, w.clone(), grads);
            }
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    /**
     * Checks {@code weights} and {@code values} against the gradient step's, and builds the apply step
     * with {@code build} (from the weights' handles) the first time. The caller holds the steps' lock.
     */
    void prepareApply(int[] weights, List<float[]> values, Function<List<Output<?>>, Apply> build) {
        if (this.weights == null) {
            throw new IllegalStateException("strata: applyGradients before any gradients() of this program");
        }
        if (!Arrays.equals(weights, this.weights) || values.size() != weights.length) {
            throw new io.strata.InvalidConfigException("applyGradients: expected gradients for weights "
                    + Arrays.toString(this.weights) + ", got " + Arrays.toString(weights) + " with " + values.size()
                    + " arrays.");
        }
        if (apply == null) {
            apply = build.apply(handles);
        }
    }

    /** Runs the apply step with {@code values} as the gradients of {@code weights} (after {@link #prepareApply}). */
    void apply(Session session, TfVariables vars, int[] weights, List<float[]> values) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int k = 0; k < weights.length; k++) {
                long[] shape = vars.shapeOf(handles.get(k));
                if (io.strata.Shape.of(shape).size() != values.get(k).length) {
                    throw new io.strata.InvalidConfigException("applyGradients: the gradient of weight " + weights[k] + " has "
                            + values.get(k).length + " values, the weight " + io.strata.Shape.of(shape).size() + ".");
                }
                TFloat32 t = TfData.floats(values.get(k), io.strata.Shape.of(shape));
                tensors.add(t);
                r.feed(apply.feeds().get(k), t);
            }
            r.addTarget(apply.target()).run();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }
}
