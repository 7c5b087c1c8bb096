// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.saving.Config;

/**
 * Keras's RMSprop: {@code a = rho * a + (1 - rho) * g²}, {@code p -= lr_t * g / (sqrt(a) + epsilon)}.
 * Keras adds epsilon <em>outside</em> the square root (TensorFlow's fused op puts it inside); Strata
 * follows Keras. {@code centered} (tf.keras) also keeps the mean gradient {@code mg = rho * mg + (1 - rho) * g}
 * and divides by {@code sqrt(a - mg²) + epsilon}. Defaults: {@code lr = 0.001}, {@code rho = 0.9},
 * {@code epsilon = 1e-7}, {@code decay = 0}, not centered.
 */
public final class RMSprop extends Optimizer<RMSprop> {
    private double rho = 0.9;
    private double epsilon = 1e-7;
    private boolean centered;

    /** RMSprop with Keras's defaults: {@code lr = 0.001}, {@code rho = 0.9}, {@code epsilon = 1e-7}. */
    public RMSprop() {
        super(0.001);
    }

    @Override
    public String id() {
        return "rmsprop";
    }

    /** The decay of the squared-gradient average. */
    public double rho() {
        return rho;
    }

    /** The fuzz factor. */
    public double epsilon() {
        return epsilon;
    }

    /** Whether gradients are normalized by their estimated variance instead of their second moment. */
    public boolean centered() {
        return centered;
    }

    /** Keras's {@code rho}. */
    public RMSprop rho(double rho) {
        requireUnitInterval("rho", rho);
        RMSprop c = copy();
        c.rho = rho;
        return c;
    }

    /** Keras's {@code epsilon}. */
    public RMSprop epsilon(double epsilon) {
        requireNonNegative("epsilon", epsilon);
        RMSprop c = copy();
        c.epsilon = epsilon;
        return c;
    }

    /** tf.keras's {@code centered}. */
    public RMSprop centered(boolean centered) {
        RMSprop c = copy();
        c.centered = centered;
        return c;
    }

    /** Keras 2.2's config; {@code centered} is added when set (Keras 2.2 has no such argument). */
    @Override
    public Config getConfig() {
        Config c = baseConfig().put("rho", rho).put("decay", decay()).put("epsilon", epsilon);
        if (centered) {
            c.put("centered", true);
        }
        return c;
    }

    /** Keras's {@code RMSprop.from_config} (Keras 2.2, tf.keras and Keras 3 configs; {@code momentum} must be 0). */
    public static RMSprop fromConfig(Config c) {
        if (c.hasValue("momentum") && c.number("momentum") != 0) {
            throw unsupported(c, "momentum", c.get("momentum"));
        }
        return readBase(new RMSprop(), c).rho(c.number("rho", 0.9)).epsilon(c.number("epsilon", 1e-7))
                .centered(c.bool("centered", false));
    }
}
