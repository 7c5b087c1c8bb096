// SPDX-License-Identifier: Apache-2.0
package io.strata.activations;

import io.strata.InvalidConfigException;
import io.strata.backend.Ops;
import io.strata.backend.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Keras's built-in activations, with Keras 2's formulas and default arguments. */
public enum Activations implements ActivationFunction {
    /** {@code f(x) = x}. */
    LINEAR {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return x;
        }
    },
    /** {@code max(x, 0)}. */
    RELU {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.relu(x);
        }
    },
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.sigmoid(x);
        }
    },
    /** Keras's piecewise-linear sigmoid: {@code clip(0.2 x + 0.5, 0, 1)}. */
    HARD_SIGMOID {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.clip(ops.add(ops.mul(x, ops.constant(0.2f)), ops.constant(0.5f)), 0f, 1f);
        }
    },
    /** The hyperbolic tangent. */
    TANH {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.tanh(x);
        }
    },
    /** The softmax over the last axis. */
    SOFTMAX {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            if (x.rank() < 2) {
                throw new InvalidConfigException("softmax needs an input of rank >= 2 (batch, ..., classes), got shape "
                        + x.shape() + ".");
            }
            return ops.softmax(x, -1);
        }
    },
    /** {@code log(1 + e^x)}. */
    SOFTPLUS {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.softplus(x);
        }
    },
    /** {@code x / (1 + |x|)}. */
    SOFTSIGN {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.softsign(x);
        }
    },
    /** The exponential linear unit with Keras's default {@code alpha = 1.0}. */
    ELU {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.elu(x);
        }
    },
    /** The scaled exponential linear unit (alpha 1.6733, scale 1.0507). */
    SELU {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.selu(x);
        }
    },
    /** {@code e^x}. */
    EXPONENTIAL {
        @Override
        public Tensor apply(Ops ops, Tensor x) {
            return ops.exp(x);
        }
    };

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The activation for a Keras identifier ({@code "relu"}, {@code "hard_sigmoid"}); {@code null}
     * and {@code "linear"} give {@link #LINEAR}.
     *
     * @throws InvalidConfigException for an unknown identifier, listing the known ones
     */
    public static Activations named(String id) {
        for (Activations a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new InvalidConfigException("Unknown activation '" + id + "'. Known activations: "
                + Arrays.stream(values()).map(Activations::id).collect(Collectors.joining(", "))
                + ". For your own function use new CustomActivation(name, (ops, x) -> ...).");
    }
}
