// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

/**
 * Keras's RMSprop: {@code a = rho * a + (1 - rho) * g²}, {@code p -= lr_t * g / (sqrt(a) + epsilon)}.
 * Keras adds epsilon <em>outside</em> the square root (TensorFlow's fused op puts it inside); Strata
 * follows Keras. Defaults: {@code lr = 0.001}, {@code rho = 0.9}, {@code epsilon = 1e-7}, {@code decay = 0}.
 */
public final class RMSprop extends Optimizer<RMSprop> {
    private double rho = 0.9;
    private double epsilon = 1e-7;

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

    /** The fuzz factor added to the root. */
    public double epsilon() {
        return epsilon;
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
}
