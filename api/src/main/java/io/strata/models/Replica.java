// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.backend.DataSlot;
import io.strata.backend.Gradients;
import io.strata.backend.Program;
import io.strata.data.DataArray;
import java.util.List;

/**
 * One data-parallel replica of a compiled model (what a Spark task holds): its share of the training
 * data uploaded once, then per step {@link #gradients} on its samples of the global batch and
 * {@link #apply} of the combined gradients, so that replicas that start equal stay equal. A replica
 * holds the model's training lock until {@link #close}.
 *
 * <p>Combining: with {@code n_i} samples of a global batch of {@code B} on replica {@code i}, the
 * batch's gradient is {@code sum_i (n_i / B) g_i} (each {@code g_i} is the gradient of replica
 * {@code i}'s mean loss); applying it equals one {@code fit} step on the whole batch (without dropout
 * or batch statistics, which see only a replica's samples).
 */
public final class Replica implements AutoCloseable {
    private final Model model;
    private final Holding holding;
    private final Program program;
    private final int samples;
    private boolean closed;

    private Replica(Model model, Holding holding, Program program, int samples) {
        this.model = model;
        this.holding = holding;
        this.program = program;
        this.samples = samples;
    }

    /** A replica of {@code model} (compiled) training on {@code x}, {@code y} (in {@code fit}'s forms). */
    public static Replica of(Model model, Object x, Object y) {
        CompiledObjective c = model.requireCompiled();
        model.guard.enter("a data-parallel replica");
        try {
            ModelData data = model.data();
            List<DataArray> xs = data.inputs(x, "x");
            List<DataArray> ys = data.targets(y, xs.get(0).samples(), c, "y");
            if (ModelData.checkFiniteByDefault()) {
                ModelData.checkFinite("replica", "x", xs, data.inputNames());
                ModelData.checkFinite("replica", "y", ys, data.outputNames());
            }
            Holding h = model.runtime.acquire(true);
            Program p = h.guarded();
            p.upload(DataSlot.TRAIN, xs, ys, null);
            h.training = true;
            model.runtime.hold(true);
            return new Replica(model, h, p, ys.get(0).samples());
        } catch (RuntimeException e) {
            model.guard.exit();
            throw e;
        }
    }

    /**
     * Makes {@code target} continue from {@code trained} (the same architecture, compiled with the same
     * optimizer): its weights and optimizer state (iterations, learning rate, every slot), as a
     * distributed {@code fit} hands its result back to the driver's model.
     */
    public static void adopt(Model target, Model trained) {
        target.setWeights(trained.getWeights());
        io.strata.optimizers.Optimizer<?> o = trained.optimizer();
        io.strata.backend.OptimizerState state = trained.runtime.optimizerState(o);
        if (state != null) {
            target.runtime.restoreOptimizerState(target.optimizer(), state);
        }
    }

    /** The number of samples this replica holds. */
    public int samples() {
        return samples;
    }

    /** {@code [loss, logs...]} and the gradients on this replica's samples at {@code indices}, no update. */
    public Gradients gradients(int[] indices) {
        check();
        return program.gradients(indices);
    }

    /** One optimizer step with the combined gradients (the weights {@link #gradients} named). */
    public void apply(int[] weights, List<float[]> values) {
        check();
        program.applyGradients(weights, values);
    }

    /** The replica's current weights, in Keras's {@code get_weights} order, row-major. */
    public List<float[]> weights() {
        check();
        return program.readWeights(all());
    }

    /** Replaces the replica's weights (all of them, in {@link #weights}'s order), e.g. with the replicas' average. */
    public void setWeights(List<float[]> values) {
        check();
        program.writeWeights(all(), values);
    }

    private int[] all() {
        int[] all = new int[holding.refs.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private void check() {
        if (closed) {
            throw new io.strata.StrataException("This replica was closed.");
        }
    }

    /** Releases the uploaded data and the model's training lock; the model keeps the trained weights. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            holding.training = false;
            program.release(DataSlot.TRAIN);
        } finally {
            model.guard.exit();
        }
    }
}
