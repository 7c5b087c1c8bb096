// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

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
 * Keras's {@code Concatenate(axis=-1)}: joins its inputs along {@code axis}.
 *
 * <p>Input shapes: two or more tensors of one rank whose shapes agree except along {@code axis}.
 * Output shape: that shape with the sizes along {@code axis} added up ({@code None} if one is unknown).
 *
 * <pre>{@code
 * SymbolicTensor joined = Layers.concatenate().apply(a, b);   // (None, 32) and (None, 16) -> (None, 48)
 * }</pre>
 */
public final class Concatenate extends MergeLayer<Concatenate> {
    private int axis = -1;

    @Override
    public String className() {
        return "Concatenate";
    }

    /** Keras's {@code axis} (of the batch shape; negative counts from the end). */
    public int axis() {
        return axis;
    }

    /** Keras's {@code axis}. */
    public Concatenate axis(int axis) {
        Concatenate c = copy();
        c.axis = axis;
        return c;
    }

    @Override
    protected boolean expandsRanks() {
        return false;
    }

    @Override
    protected Tensor merge(Ops ops, List<Tensor> inputs) {
        return ops.concat(inputs, axis);
    }

    private int axisFor(String layerName, List<Shape> shapes) {
        int rank = shapes.get(0).rank();
        int a = axis < 0 ? rank + axis : axis;
        if (a < 1 || a >= rank) {
            throw new ShapeMismatchException("Layer " + layerName + " (Concatenate): axis " + axis + " is out of range "
                    + "for inputs of shapes " + shapes + " (axis 0 is the batch axis). Pick an axis in [1, " + (rank - 1)
                    + "] or a negative one.");
        }
        return a;
    }

    @Override
    public List<Shape> computeOutputShapes(String layerName, List<Shape> shapes) {
        checkInputs(layerName, shapes);
        int a = axisFor(layerName, shapes);
        long[] out = shapes.get(0).dims();
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            boolean ok = s.rank() == out.length;
            for (int k = 1; ok && k < out.length; k++) {
                ok = k == a || s.dim(k) == shapes.get(0).dim(k);
            }
            if (!ok) {
                throw new ShapeMismatchException("Layer " + layerName + " (Concatenate) requires inputs with matching "
                        + "shapes except for the concat axis. Got inputs shapes: " + shapes + ". Reshape the inputs, or "
                        + "concatenate along the axis where they differ (axis " + axis + " now).");
            }
            if (i > 0) {
                out[a] = out[a] == Shape.UNKNOWN || s.dim(a) == Shape.UNKNOWN ? Shape.UNKNOWN : out[a] + s.dim(a);
            }
        }
        return List.of(Shape.of(out));
    }

    /** Keras's mask rule: masks are joined along the time axis, and combined (all steps kept) along the last one. */
    @Override
    public @Nullable Tensor computeMask(Ops ops, List<Tensor> inputs, List<@Nullable Tensor> masks) {
        if (masks.stream().allMatch(m -> m == null)) {
            return null;
        }
        int rank = inputs.get(0).rank();
        int a = axis < 0 ? rank + axis : axis;
        if (rank >= 3 && a == 1) {
            List<Tensor> parts = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Tensor m = masks.get(i);
                if (m == null) {
                    int[] features = new int[rank - 2];
                    for (int k = 0; k < features.length; k++) {
                        features[k] = k + 2;
                    }
                    m = ops.onesLike(ops.mean(inputs.get(i), false, features));
                }
                parts.add(m);
            }
            return ops.concat(parts, 1);
        }
        return super.computeMask(ops, inputs, masks);
    }

    @Override
    public Config getConfig() {
        return super.getConfig().put("axis", axis);
    }

    /** Keras's {@code Concatenate.from_config}. */
    public static Concatenate fromConfig(Config c, CustomObjects custom) {
        return withBaseConfig(new Concatenate().axis(c.integer("axis", -1)), c, custom);
    }
}
