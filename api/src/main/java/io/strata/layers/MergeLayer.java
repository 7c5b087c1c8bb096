// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The base of Keras 2's elementwise merge layers ({@code _Merge}): {@link Add}, {@link Subtract},
 * {@link Multiply}, {@link Average}, {@link Maximum}, {@link Minimum}. They take two or more tensors
 * of the same shape, or of shapes that broadcast as NumPy's do (a tensor of lower rank gets size-1
 * axes after the batch axis, as in Keras), and return one tensor of that shape.
 *
 * <pre>{@code
 * SymbolicTensor sum = Layers.add().apply(x1, x2);
 * }</pre>
 *
 * @param <L> the concrete layer type
 */
public abstract class MergeLayer<L extends MergeLayer<L>> extends BaseLayer<L> {

    /** The merged tensor of {@code inputs}, all of one rank. */
    protected abstract Tensor merge(Ops ops, List<Tensor> inputs);

    /** The least number of inputs (2, as in Keras). */
    protected int minInputs() {
        return 2;
    }

    /** The most number of inputs, or -1 for any number. */
    protected int maxInputs() {
        return -1;
    }

    /**
     * Whether inputs of lower rank get size-1 axes after the batch axis before merging (Keras's
     * {@code _reshape_required}, for the elementwise layers); {@link Concatenate} and {@link Dot} take
     * their inputs as they are.
     */
    protected boolean expandsRanks() {
        return true;
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape inputShape) {
        throw notAList(layerName, 1);
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape inputShape) {
        throw notAList(ctx.layerName(), 1);
    }

    /** Keras's error for a merge layer applied to fewer inputs than it needs. */
    protected final ShapeMismatchException notAList(String layerName, int count) {
        String expected = maxInputs() == minInputs() ? "exactly " + minInputs() : "at least " + minInputs();
        return new ShapeMismatchException("Layer " + layerName + " (" + className() + "): a merge layer should be "
                + "called on a list of " + expected + " inputs. Got " + count + " input" + (count == 1 ? "" : "s")
                + ". Apply it to several tensors: " + className() + "().apply(a, b).");
    }

    /** Checks the number of inputs and their batch sizes. */
    protected final void checkInputs(String layerName, List<Shape> shapes) {
        if (shapes.size() < minInputs() || (maxInputs() > 0 && shapes.size() > maxInputs())) {
            throw notAList(layerName, shapes.size());
        }
        Set<Long> batches = new HashSet<>();
        for (Shape s : shapes) {
            if (s.rank() < 1) {
                throw new ShapeMismatchException("Layer " + layerName + " (" + className() + ") got a scalar input; "
                        + "inputs need a batch dimension. Got " + shapes + ".");
            }
            if (s.dim(0) != Shape.UNKNOWN) {
                batches.add(s.dim(0));
            }
        }
        if (batches.size() > 1) {
            throw new ShapeMismatchException("Layer " + layerName + " (" + className() + "): can not merge tensors with "
                    + "different batch sizes. Got tensors with shapes: " + shapes + ".");
        }
    }

    @Override
    public List<Shape> computeOutputShapes(String layerName, List<Shape> shapes) {
        checkInputs(layerName, shapes);
        Shape out = shapes.get(0).dropFirst();
        for (int i = 1; i < shapes.size(); i++) {
            out = broadcast(layerName, out, shapes.get(i).dropFirst(), shapes);
        }
        long batch = Shape.UNKNOWN;
        for (Shape s : shapes) {
            if (s.dim(0) != Shape.UNKNOWN) {
                batch = s.dim(0);
            }
        }
        return List.of(out.prepend(batch));
    }

    /** Keras's {@code _compute_elemwise_op_output_shape} on per-sample shapes. */
    private Shape broadcast(String layerName, Shape a, Shape b, List<Shape> all) {
        if (a.rank() < b.rank()) {
            return broadcast(layerName, b, a, all);
        }
        if (b.rank() == 0) {
            return a;
        }
        long[] out = a.dims();
        int offset = a.rank() - b.rank();
        for (int k = 0; k < b.rank(); k++) {
            long i = a.dim(offset + k);
            long j = b.dim(k);
            if (i == Shape.UNKNOWN || j == Shape.UNKNOWN) {
                out[offset + k] = Shape.UNKNOWN;
            } else if (i == 1) {
                out[offset + k] = j;
            } else if (j != 1 && i != j) {
                throw new ShapeMismatchException("Layer " + layerName + " (" + className() + "): operands could not be "
                        + "broadcast together with shapes " + a + " " + b + " (inputs " + all + "). Merge tensors of "
                        + "the same shape, or project them first, e.g. with Dense layers of the same units.");
            }
        }
        return Shape.of(out);
    }

    @Override
    public NodeCall buildCall(BuildContext ctx, List<Shape> shapes) {
        computeOutputShapes(ctx.layerName(), shapes);
        int maxRank = expandsRanks() ? shapes.stream().mapToInt(Shape::rank).max().orElseThrow() : 0;
        return (c, xs) -> {
            Ops ops = c.ops();
            List<Tensor> same = new ArrayList<>();
            for (Tensor x : xs) {
                Tensor t = x;
                // Keras: a tensor of lower rank gets size-1 axes right after the batch axis.
                for (int r = t.rank(); r < maxRank; r++) {
                    t = ops.expandDims(t, 1);
                }
                same.add(t);
            }
            return List.of(merge(ops, same));
        };
    }
}
