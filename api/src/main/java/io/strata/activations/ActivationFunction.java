// SPDX-License-Identifier: Apache-2.0
package io.strata.activations;

import io.strata.backend.Ops;
import io.strata.backend.Tensor;

/**
 * An elementwise (or, for softmax, last-axis) activation function written against {@link Ops}. The
 * built-ins are the constants of {@link Activations}; {@link CustomActivation} names a lambda.
 */
public interface ActivationFunction {
    /** Keras's identifier: {@code relu}, {@code softmax}, … */
    String id();

    /** Applies the function to {@code x}. */
    Tensor apply(Ops ops, Tensor x);
}
