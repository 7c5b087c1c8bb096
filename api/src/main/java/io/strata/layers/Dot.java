// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code Dot(axes, normalize=False)}: the dot product of the samples of two tensors along
 * {@code axes} (Keras's {@code batch_dot}); with {@code normalize} the samples are L2-normalized
 * first, so the result is their cosine proximity.
 *
 * <p>Input shapes: two tensors of rank 2 or 3 whose sizes along the dot axes agree. Output shape:
 * the first shape without its dot axis, then the second without its batch and dot axes; a lone batch
 * axis gets a second axis of size 1: {@code (None, 32)} and {@code (None, 32)} give {@code (None, 1)}.
 *
 * <pre>{@code
 * SymbolicTensor similarity = Layers.dot(1).normalize(true).apply(a, b);
 * }</pre>
 */
public final class Dot extends MergeLayer<Dot> {
    private final int[] axes;
    private boolean normalize;

    /** Dot along {@code axes}: one axis for both inputs, or one per input. */
    public Dot(int... axes) {
        if (axes.length != 1 && axes.length != 2) {
            throw new InvalidConfigException("Dot: 'axes' must be one int or two (one per input), got "
                    + axes.length + " values.");
        }
        this.axes = axes.clone();
    }

    @Override
    public String className() {
        return "Dot";
    }

    /** Keras's {@code axes}. */
    public int[] axes() {
        return axes.clone();
    }

    /** Keras's {@code normalize}. */
    public boolean normalize() {
        return normalize;
    }

    /** Keras's {@code normalize}: L2-normalize along the dot axes first (cosine proximity). */
    public Dot normalize(boolean normalize) {
        Dot c = copy();
        c.normalize = normalize;
        return c;
    }

    @Override
    protected int maxInputs() {
        return 2;
    }

    /** The two axes, made non-negative as Keras does ({@code axes % rank}). */
    static int[] resolveAxes(String layerName, String className, int[] axes, Shape a, Shape b) {
        int[] r = axes.length == 1 ? new int[] {axes[0], axes[0]} : axes.clone();
        int[] ranks = {a.rank(), b.rank()};
        for (int i = 0; i < 2; i++) {
            if (r[i] < 0) {
                r[i] = Math.floorMod(r[i], ranks[i]);
            }
            if (r[i] < 1 || r[i] >= ranks[i]) {
                throw new ShapeMismatchException("Layer " + layerName + " (" + className + "): dot axis " + r[i]
                        + " is out of range for input " + i + " of shape " + (i == 0 ? a : b) + " (axis 0 is the batch "
                        + "axis).");
            }
        }
        if (a.rank() > 3 || b.rank() > 3) {
            throw new ShapeMismatchException("Layer " + layerName + " (" + className + ") takes inputs of rank 2 or 3, "
                    + "got " + a + " and " + b + ". Reshape them first.");
        }
        return r;
    }

    /**
     * Keras's output shape of {@code batch_dot(a, b)} along the non-negative axes {@code r[0]} of
     * {@code a} and {@code r[1]} of {@code b}: {@code a} without its dot axis, then {@code b} without its
     * batch and dot axes, with a second axis of size 1 if only the batch axis is left.
     */
    public static Shape batchDotShape(Shape a, Shape b, int[] r) {
        List<Long> out = new ArrayList<>();
        for (int k = 0; k < a.rank(); k++) {
            if (k != r[0]) {
                out.add(a.dim(k));
            }
        }
        for (int k = 1; k < b.rank(); k++) {
            if (k != r[1]) {
                out.add(b.dim(k));
            }
        }
        if (out.size() == 1) {
            out.add(1L);
        }
        return Shape.of(out.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public List<Shape> computeOutputShapes(String layerName, List<Shape> shapes) {
        checkInputs(layerName, shapes);
        Shape a = shapes.get(0);
        Shape b = shapes.get(1);
        int[] r = resolveAxes(layerName, className(), axes, a, b);
        if (a.dim(r[0]) != b.dim(r[1])) {
            throw new ShapeMismatchException("Layer " + layerName + " (Dot): dimension incompatibility " + a.dim(r[0])
                    + " != " + b.dim(r[1]) + ". Layer shapes: " + a + ", " + b + ". The dot axes " + r[0] + " and "
                    + r[1] + " must have the same size.");
        }
        return List.of(batchDotShape(a, b, r));
    }

    @Override
    protected boolean expandsRanks() {
        return false;
    }

    @Override
    protected Tensor merge(Ops ops, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Tensor y = inputs.get(1);
        int[] r = resolveAxes(displayName(), className(), axes, x.shape(), y.shape());
        if (normalize) {
            x = ops.l2Normalize(x, r[0]);
            y = ops.l2Normalize(y, r[1]);
        }
        return ops.batchDot(x, y, r[0], r[1]);
    }

    @Override
    public @Nullable Tensor computeMask(Ops ops, List<Tensor> inputs, List<@Nullable Tensor> masks) {
        return null;
    }

    /** Keras writes one axis as an int and two as a list. */
    @Override
    public Config getConfig() {
        return super.getConfig().put("axes", axes.length == 1 ? (Object) axes[0] : axes).put("normalize", normalize);
    }

    /** Keras's {@code Dot.from_config}. */
    public static Dot fromConfig(Config c, CustomObjects custom) {
        return withBaseConfig(new Dot(c.intList("axes")).normalize(c.bool("normalize", false)), c, custom);
    }
}
