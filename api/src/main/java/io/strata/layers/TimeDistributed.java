// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.Shape;
import io.strata.ShapeMismatchException;
import io.strata.backend.Ops;
import io.strata.saving.Config;
import io.strata.saving.CustomObjects;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code TimeDistributed}: applies a layer to every time step of its input, with one set of
 * weights for all steps.
 *
 * <p>Input shape: {@code (batch, timesteps, ...)}, with a known number of timesteps. Output shape:
 * {@code (batch, timesteps) + } the wrapped layer's output shape for one step.
 *
 * <pre>{@code
 * Layers.timeDistributed(Layers.dense(8))
 * }</pre>
 */
public final class TimeDistributed extends BaseLayer<TimeDistributed> {
    private final Layer layer;

    /** Wraps {@code layer}. */
    public TimeDistributed(Layer layer) {
        this.layer = layer;
    }

    @Override
    public String className() {
        return "TimeDistributed";
    }

    /** The wrapped layer. */
    public Layer layer() {
        return layer;
    }

    @Override
    protected Shape sampleShapeFromDims(@Nullable Integer dim, @Nullable Integer length) {
        return Shape.of(length == null ? Shape.UNKNOWN : length, dim == null ? Shape.UNKNOWN : dim);
    }

    private static Shape stepShape(Shape in) {
        return in.dropFirst().with(0, Shape.UNKNOWN);
    }

    @Override
    public Shape computeOutputShape(String layerName, Shape in) {
        if (in.rank() < 3) {
            throw new ShapeMismatchException("TimeDistributed layer " + layerName + " needs an input of rank >= 3 "
                    + "(batch, timesteps, ...), got " + in + ".");
        }
        Shape inner = layer.computeOutputShape(layerName, stepShape(in));
        return inner.dropFirst().prepend(in.dim(1)).prepend(in.dim(0));
    }

    @Override
    public LayerCall build(BuildContext ctx, Shape in) {
        long steps = in.dim(1);
        if (steps == Shape.UNKNOWN) {
            throw new ShapeMismatchException("TimeDistributed layer " + ctx.layerName() + " needs a known number of "
                    + "timesteps, got " + in + ". Declare it with inputShape or inputLength.");
        }
        Shape step = stepShape(in);
        Shape innerOut = layer.computeOutputShape(ctx.layerName(), step);
        LayerCall inner = layer.build(ctx, step);
        Shape out = innerOut.dropFirst().prepend(steps).prepend(Shape.UNKNOWN);
        return (c, x) -> {
            Ops ops = c.ops();
            // Fold time into the batch, apply the layer once, unfold.
            return ops.reshape(inner.call(c, ops.reshape(x, step)), out);
        };
    }

    /** Keras's Wrapper config: the base arguments and the wrapped layer's {@code class_name} and config. */
    @Override
    public Config getConfig() {
        return super.getConfig().put("layer", Config.create().put("class_name", layer.className())
                .put("config", layer.getConfig()));
    }

    /** Keras's {@code TimeDistributed.from_config}: the wrapped layer is rebuilt through the registry. */
    public static TimeDistributed fromConfig(Config c, CustomObjects custom) {
        Config inner = c.config("layer");
        if (inner == null) {
            throw new io.strata.InvalidConfigException(c.description() + ": missing 'layer', the wrapped layer's config.");
        }
        return withBaseConfig(new TimeDistributed(io.strata.saving.KerasLayers.deserialize(inner, custom)), c, custom);
    }
}
