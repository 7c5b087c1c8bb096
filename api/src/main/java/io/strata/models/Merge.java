// SPDX-License-Identifier: Apache-2.0
package io.strata.models;

import io.strata.InvalidConfigException;
import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import io.strata.layers.BaseLayer;
import io.strata.layers.BuildContext;
import io.strata.layers.Concatenate;
import io.strata.layers.Dot;
import io.strata.layers.InputLayer;
import io.strata.layers.Layer;
import io.strata.layers.LayerCall;
import io.strata.layers.NodeCall;
import io.strata.layers.SymbolicTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Keras 1's {@code Merge} layer: joins the outputs of several models (its branches) into one tensor,
 * so that a {@link Sequential} starting with it has the branches' inputs as its inputs.
 *
 * <p>Modes: {@code sum} (the default), {@code mul}, {@code ave}, {@code max} (branches of one shape,
 * elementwise), {@code concat} (along {@code concat_axis}, default -1), {@code dot} (Keras's
 * {@code batch_dot} along {@code dot_axes}, default -1), {@code cos} (the cosine proximity of two
 * branches along {@code dot_axes}, output {@code (None, 1)} for vectors), or a {@link MergeFunction}
 * with its output shape. The axes are given when the Merge is made, as in Keras 1, so that branches
 * whose shapes cannot be merged fail at once, naming both branches and their shapes.
 *
 * <p>The branches' weights are the merged model's weights: training the merged model trains them,
 * and the branch models see the trained weights afterwards.
 *
 * <pre>{@code
 * Sequential left = new Sequential(List.of(Layers.dense(32).inputDim(784)));
 * Sequential right = new Sequential(List.of(Layers.dense(32).inputDim(784)));
 * Sequential model = new Sequential(List.of(
 *         new Merge(List.of(left, right), "concat"),
 *         Layers.dense(10).activation("softmax")));
 * model.fit(List.of(x1, x2), y, FitOptions.epochs(10));
 * }</pre>
 *
 * <p>Without branches ({@code new Merge("concat")}) it is Keras 1's {@code merge} function, applied
 * to tensors: {@code new Merge("concat").apply(a, b)}.
 */
public final class Merge extends BaseLayer<Merge> {
    private static final Set<String> MODES = Set.of("sum", "mul", "concat", "ave", "cos", "dot", "max");

    private final List<Model> branches;
    private final @Nullable String mode;
    private final @Nullable MergeFunction function;
    private final int concatAxis;
    private final int[] dotAxes;
    private final @Nullable Shape outputShape;
    private final @Nullable Function<List<Shape>, Shape> outputShapeFunction;

    /** A {@code sum} Merge of {@code branches}. */
    public Merge(List<? extends Model> branches) {
        this(branches, "sum");
    }

    /**
     * A Merge of {@code branches} in {@code mode}; {@code axes} are {@code concat_axis} (one int) for
     * {@code concat}, {@code dot_axes} (one int for both branches or one per branch) for {@code dot} and
     * {@code cos}, and absent for the other modes.
     *
     * @throws ShapeMismatchException if the branches' output shapes cannot be merged in this mode
     */
    public Merge(List<? extends Model> branches, String mode, int... axes) {
        this(branches, checkMode(mode), null, axes, null, null);
    }

    /** A Merge of {@code branches} by {@code function}, whose per-sample output shape is {@code outputShape}. */
    public Merge(List<? extends Model> branches, MergeFunction function, Shape outputShape) {
        this(branches, null, function, new int[0], outputShape, null);
    }

    /**
     * A Merge of {@code branches} by {@code function}, whose output batch shape {@code outputShape}
     * computes from the branches' batch shapes (Keras 1's callable {@code output_shape}).
     */
    public Merge(List<? extends Model> branches, MergeFunction function, Function<List<Shape>, Shape> outputShape) {
        this(branches, null, function, new int[0], null, outputShape);
    }

    /** Keras 1's {@code merge} of tensors in {@code mode}: apply it to two or more symbolic tensors. */
    public Merge(String mode, int... axes) {
        this(List.of(), checkMode(mode), null, axes, null, null);
    }

    /** Keras 1's {@code merge} of tensors by {@code function}, whose per-sample output shape is {@code outputShape}. */
    public Merge(MergeFunction function, Shape outputShape) {
        this(List.of(), null, function, new int[0], outputShape, null);
    }

    private Merge(List<? extends Model> branches, @Nullable String mode, @Nullable MergeFunction function, int[] axes,
            @Nullable Shape outputShape, @Nullable Function<List<Shape>, Shape> outputShapeFunction) {
        this.branches = List.copyOf(branches);
        this.mode = mode;
        this.function = function;
        boolean dot = "dot".equals(mode) || "cos".equals(mode);
        if (axes.length > 0 && !"concat".equals(mode) && !dot) {
            throw new InvalidConfigException("Merge: mode " + describeMode() + " takes no axes, got " + axes.length + ".");
        }
        if ("concat".equals(mode) && axes.length > 1) {
            throw new InvalidConfigException("Merge: concat takes one concat_axis, got " + axes.length + ".");
        }
        if (dot && axes.length > 2) {
            throw new InvalidConfigException("Merge: " + mode + " takes one or two dot_axes, got " + axes.length + ".");
        }
        this.concatAxis = "concat".equals(mode) && axes.length == 1 ? axes[0] : -1;
        this.dotAxes = dot && axes.length > 0 ? axes.clone() : new int[] {-1};
        if (function != null && outputShape == null && outputShapeFunction == null) {
            throw new InvalidConfigException("The Merge layer has a function as its mode, and its output shape cannot be "
                    + "inferred: pass the output shape (a Shape without the batch dimension, or a function of the input "
                    + "shapes) to the Merge.");
        }
        this.outputShape = outputShape;
        this.outputShapeFunction = outputShapeFunction;
        if (!this.branches.isEmpty()) {
            if (this.branches.size() < 2) {
                throw new InvalidConfigException("A Merge should only be applied to a list of layers with at least 2 "
                        + "elements. Found: " + this.branches.stream().map(Model::name).toList() + ".");
            }
            List<Shape> shapes = new ArrayList<>();
            for (Model b : this.branches) {
                shapes.add(branchShape(b));
            }
            computeOutputShapes("", shapes);
            uniqueNames();
        }
    }

    private static String checkMode(String mode) {
        if (!MODES.contains(mode)) {
            throw new InvalidConfigException("Invalid merge mode: " + mode + ". Use one of sum, mul, concat, ave, cos, "
                    + "dot, max, or a MergeFunction with its output shape.");
        }
        return mode;
    }

    private static Shape branchShape(Model b) {
        if (b.outputs().size() != 1) {
            throw new InvalidConfigException("Merge: branch " + b.name() + " has " + b.outputs().size() + " outputs; "
                    + "each branch must have one.");
        }
        return b.outputs().get(0).shape();
    }

    /** Keras uses global layer numbers: branches named by their own models are renumbered to stay unique. */
    private void uniqueNames() {
        List<Layer> layers = new ArrayList<>();
        List<Layer> inputs = new ArrayList<>();
        for (Model b : branches) {
            for (Layer l : b.summaryLayers()) {
                (l instanceof InputLayer ? inputs : layers).add(l);
            }
        }
        Names.unique(layers, "this Merge's branches");
        Names.unique(inputs, "this Merge's branches");
    }

    @Override
    public String className() {
        return "Merge";
    }

    /** The branch models (empty for a merge of tensors). */
    public List<Model> branches() {
        return branches;
    }

    /** The mode's name, or null for a {@link MergeFunction}. */
    public @Nullable String mode() {
        return mode;
    }

    /** Keras 1's {@code concat_axis}. */
    public int concatAxis() {
        return concatAxis;
    }

    /** Keras 1's {@code dot_axes}. */
    public int[] dotAxes() {
        return dotAxes.clone();
    }

    /** The merge function, or null for a named mode. */
    @Nullable MergeFunction function() {
        return function;
    }

    /** The per-sample output shape given with a merge function, or null. */
    @Nullable Shape fixedOutputShape() {
        return outputShape;
    }

    /** The inputs of all branches, in order: the inputs of a Sequential that starts with this Merge. */
    List<SymbolicTensor> branchInputs() {
        List<SymbolicTensor> out = new ArrayList<>();
        branches.forEach(b -> out.addAll(b.inputs()));
        return out;
    }

    /** The branches' outputs, which this Merge joins. */
    List<SymbolicTensor> branchOutputs() {
        return branches.stream().map(b -> b.outputs().get(0)).toList();
    }

    private static String label(String layerName) {
        return layerName.isEmpty() ? "Merge" : "Merge " + layerName;
    }

    private String describeMode() {
        return mode != null ? mode : "function";
    }

    private String describe(List<Shape> shapes) {
        if (branches.size() != shapes.size()) {
            return "Layer shapes: " + shapes;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            parts.add(branches.get(i).name() + " " + shapes.get(i));
        }
        return "Branches and their output shapes: " + String.join(", ", parts);
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape inputShape) {
        throw notAList(layerName, inputShape);
    }

    private static ShapeMismatchException notAList(String layerName, Shape inputShape) {
        return new ShapeMismatchException("Merge layer " + layerName + " must be called on a list of tensors (at least "
                + "2), got one of shape " + inputShape + ". Make it the first layer of a Sequential, or apply it to "
                + "several tensors.");
    }

    @Override
    public List<Shape> computeOutputShapes(String layerName, List<Shape> shapes) {
        if (shapes.size() < 2) {
            throw notAList(layerName, shapes.get(0));
        }
        if (function != null) {
            if (outputShapeFunction != null) {
                return List.of(outputShapeFunction.apply(shapes));
            }
            return List.of(outputShape.prepend(shapes.get(0).dim(0)));
        }
        switch (mode) {
            case "sum", "mul", "ave", "max", "cos" -> {
                for (Shape s : shapes) {
                    if (!s.equals(shapes.get(0))) {
                        throw new ShapeMismatchException(label(layerName) + ": only layers of same output shape can "
                                + "be merged using " + mode + " mode. " + describe(shapes) + ". Give the branches the same "
                                + "output shape, or use mode concat.");
                    }
                }
                if (mode.equals("cos")) {
                    return List.of(dotShape(layerName, shapes));
                }
                return List.of(shapes.get(0));
            }
            case "dot" -> {
                return List.of(dotShape(layerName, shapes));
            }
            default -> {
                return concatShape(layerName, shapes);
            }
        }
    }

    private List<Shape> concatShape(String layerName, List<Shape> shapes) {
        try {
            return new Concatenate().axis(concatAxis).computeOutputShapes(layerName, shapes);
        } catch (ShapeMismatchException e) {
            throw new ShapeMismatchException(label(layerName) + ": \"concat\" mode can only merge layers with matching "
                    + "output shapes except for the concat axis (" + concatAxis + "). " + describe(shapes) + ".", e);
        }
    }

    private int[] axes(String layerName, List<Shape> shapes) {
        if (shapes.size() != 2) {
            throw new ShapeMismatchException(label(layerName) + ": " + mode + " merge takes exactly 2 layers, got "
                    + shapes.size() + ". " + describe(shapes) + ".");
        }
        int[] r = dotAxes.length == 1 ? new int[] {dotAxes[0], dotAxes[0]} : dotAxes.clone();
        for (int i = 0; i < 2; i++) {
            r[i] = Math.floorMod(r[i], shapes.get(i).rank());
            if (r[i] == 0) {
                throw new ShapeMismatchException(label(layerName) + ": dot_axes must not include the batch axis 0. "
                        + describe(shapes) + ".");
            }
        }
        if (shapes.get(0).rank() > 3 || shapes.get(1).rank() > 3) {
            throw new ShapeMismatchException(label(layerName) + ": " + mode + " takes branches of rank 2 or 3. "
                    + describe(shapes) + ".");
        }
        if (shapes.get(0).dim(r[0]) != shapes.get(1).dim(r[1])) {
            throw new ShapeMismatchException(label(layerName) + ": dimension incompatibility using " + mode + " mode: "
                    + shapes.get(0).dim(r[0]) + " != " + shapes.get(1).dim(r[1]) + ". " + describe(shapes) + ".");
        }
        return r;
    }

    private Shape dotShape(String layerName, List<Shape> shapes) {
        return Dot.batchDotShape(shapes.get(0), shapes.get(1), axes(layerName, shapes));
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape inputShape) {
        throw notAList(ctx.layerName(), inputShape);
    }

    @Override
    public NodeCall buildCall(BuildContext ctx, List<Shape> shapes) {
        computeOutputShapes(ctx.layerName(), shapes);
        int[] r = "dot".equals(mode) || "cos".equals(mode) ? axes(ctx.layerName(), shapes) : null;
        return (c, xs) -> List.of(merge(c.ops(), xs, r));
    }

    private Tensor merge(Ops ops, List<Tensor> xs, int @Nullable [] r) {
        if (function != null) {
            return function.apply(ops, xs);
        }
        Tensor out = xs.get(0);
        switch (mode) {
            case "sum", "ave" -> {
                for (int i = 1; i < xs.size(); i++) {
                    out = ops.add(out, xs.get(i));
                }
                return mode.equals("ave") ? ops.div(out, ops.constant(xs.size())) : out;
            }
            case "mul" -> {
                for (int i = 1; i < xs.size(); i++) {
                    out = ops.mul(out, xs.get(i));
                }
                return out;
            }
            case "max" -> {
                for (int i = 1; i < xs.size(); i++) {
                    out = ops.maximum(out, xs.get(i));
                }
                return out;
            }
            case "concat" -> {
                return ops.concat(xs, concatAxis);
            }
            case "dot" -> {
                return ops.batchDot(xs.get(0), xs.get(1), r[0], r[1]);
            }
            default -> {
                // Keras 1's cos: batch_dot(a, b) / max(sqrt(batch_dot(a, a) * batch_dot(b, b)), epsilon).
                Tensor a = xs.get(0);
                Tensor b = xs.get(1);
                Tensor norms = ops.sqrt(ops.mul(ops.batchDot(a, a, r[0], r[0]), ops.batchDot(b, b, r[1], r[1])));
                return ops.div(ops.batchDot(a, b, r[0], r[1]), ops.maximum(norms, ops.constant(1e-7f)));
            }
        }
    }

    @Override
    public @Nullable Tensor computeMask(Ops ops, List<Tensor> inputs, List<@Nullable Tensor> masks) {
        if (function != null || "dot".equals(mode) || "cos".equals(mode)) {
            return null;
        }
        if ("concat".equals(mode)) {
            return new Concatenate().axis(concatAxis).computeMask(ops, inputs, masks);
        }
        return super.computeMask(ops, inputs, masks);
    }

    /**
     * Keras 1's Merge config: {@code mode} and {@code mode_type}, {@code concat_axis}, {@code dot_axes},
     * {@code output_shape}, and the branches' configs under {@code layers}.
     */
    @Override
    public io.strata.saving.Config getConfig() {
        return ModelConfigs.mergeConfig(this);
    }
}
