// SPDX-License-Identifier: Apache-2.0
package io.strata.initializers;

import io.strata.InvalidConfigException;

/** Factories for Keras's built-in initializers and lookup by Keras identifier. */
public final class Initializers {
    private Initializers() {}

    /** Glorot (Xavier) uniform: {@code U(-l, l)}, {@code l = sqrt(6 / (fan_in + fan_out))}; Keras's kernel default. */
    public static Initializer glorotUniform() {
        return new VarianceScaling(1.0, "fan_avg", "uniform", "glorot_uniform");
    }

    /** Glorot normal: truncated normal with {@code stddev = sqrt(2 / (fan_in + fan_out))}. */
    public static Initializer glorotNormal() {
        return new VarianceScaling(1.0, "fan_avg", "normal", "glorot_normal");
    }

    /** He uniform: {@code U(-l, l)}, {@code l = sqrt(6 / fan_in)}. */
    public static Initializer heUniform() {
        return new VarianceScaling(2.0, "fan_in", "uniform", "he_uniform");
    }

    /** He normal: truncated normal with {@code stddev = sqrt(2 / fan_in)}. */
    public static Initializer heNormal() {
        return new VarianceScaling(2.0, "fan_in", "normal", "he_normal");
    }

    /** LeCun uniform: {@code U(-l, l)}, {@code l = sqrt(3 / fan_in)}. */
    public static Initializer lecunUniform() {
        return new VarianceScaling(1.0, "fan_in", "uniform", "lecun_uniform");
    }

    /** LeCun normal: truncated normal with {@code stddev = sqrt(1 / fan_in)}. */
    public static Initializer lecunNormal() {
        return new VarianceScaling(1.0, "fan_in", "normal", "lecun_normal");
    }

    /** {@code U(-0.05, 0.05)}: Keras's {@code random_uniform} and Keras 1's {@code uniform}. */
    public static Initializer uniform() {
        return new RandomUniform();
    }

    /** {@code N(0, 0.05²)}: Keras's {@code random_normal} (Keras 1's {@code normal}). */
    public static Initializer normal() {
        return new RandomNormal();
    }

    /** Truncated {@code N(0, 0.05²)}. */
    public static Initializer truncatedNormal() {
        return new TruncatedNormal();
    }

    /** All zeros; Keras's bias default. */
    public static Initializer zeros() {
        return new Constant(0);
    }

    /** All ones. */
    public static Initializer ones() {
        return new Constant(1);
    }

    /** Every value {@code value}. */
    public static Initializer constant(double value) {
        return new Constant(value);
    }

    /** A random orthogonal matrix. */
    public static Initializer orthogonal() {
        return new Orthogonal();
    }

    /** The identity matrix. */
    public static Initializer identity() {
        return new Identity();
    }

    /**
     * The initializer for a Keras identifier, Keras 1 names included ({@code uniform}, {@code normal},
     * {@code zero}, {@code one}).
     *
     * @throws InvalidConfigException for an unknown identifier
     */
    public static Initializer named(String id) {
        return switch (id) {
            case "glorot_uniform" -> glorotUniform();
            case "glorot_normal" -> glorotNormal();
            case "he_uniform" -> heUniform();
            case "he_normal" -> heNormal();
            case "lecun_uniform" -> lecunUniform();
            case "lecun_normal" -> lecunNormal();
            case "uniform", "random_uniform" -> uniform();
            case "normal", "random_normal" -> normal();
            case "truncated_normal" -> truncatedNormal();
            case "zeros", "zero" -> zeros();
            case "ones", "one" -> ones();
            case "constant" -> constant(0);
            case "orthogonal" -> orthogonal();
            case "identity" -> identity();
            default -> throw new InvalidConfigException("Unknown initializer '" + id + "'. Known: glorot_uniform, "
                    + "glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, uniform (random_uniform), "
                    + "normal (random_normal), truncated_normal, zeros, ones, constant, orthogonal, identity.");
        };
    }
}
