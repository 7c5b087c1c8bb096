// SPDX-License-Identifier: Apache-2.0
package io.strata.mixedprecision;

import io.strata.InvalidConfigException;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code keras.mixed_precision}: the dtype policy a layer takes when it is created.
 *
 * <p>{@code "float32"} (the default) computes and stores everything in float32.
 * {@code "mixed_bfloat16"} computes the matrix products and convolutions of Dense, Conv and
 * recurrent layers in bfloat16 while their variables, every other op, the loss and the optimizer
 * stay in float32, as Keras's policy does; bfloat16 has float32's exponent range, so no loss scaling
 * is needed. Products inside a recurrent layer's TensorFlow while loop stay float32 (its hand-written
 * gradient records float32 products); an unrolled recurrent layer computes them in bfloat16.
 *
 * <pre>{@code
 * MixedPrecision.setGlobalPolicy("mixed_bfloat16");
 * Sequential model = new Sequential(List.of(Layers.dense(512).activation("relu").inputDim(784), ...));
 * }</pre>
 */
public final class MixedPrecision {
    /** Keras's default policy. */
    public static final String FLOAT32 = "float32";
    /** Compute in bfloat16, keep variables and the loss in float32. */
    public static final String MIXED_BFLOAT16 = "mixed_bfloat16";

    private static final Map<String, String> REFUSED = Map.of(
            "mixed_float16", "needs Keras's LossScaleOptimizer, which Strata does not have; use \"mixed_bfloat16\" "
                    + "(same speed-ups where the hardware has bfloat16, no loss scaling)",
            "float16", "would keep the variables in float16; use \"mixed_bfloat16\"",
            "bfloat16", "would keep the variables in bfloat16; use \"mixed_bfloat16\"",
            "float64", "float64 layers are not supported; Strata's layers compute in float32");

    private static volatile String global = FLOAT32;

    private MixedPrecision() {}

    /** Keras's {@code set_global_policy}: the policy of every layer created from now on. */
    public static void setGlobalPolicy(String policy) {
        global = check(policy, "mixed_precision.set_global_policy");
    }

    /** Keras's {@code global_policy().name}. */
    public static String globalPolicy() {
        return global;
    }

    /**
     * {@code policy} as a known policy name; a clear error otherwise.
     *
     * @param where who asked, for the message ({@code "Dense dense_1: dtype"})
     */
    public static String check(String policy, String where) {
        String p = policy.trim().toLowerCase(Locale.ROOT);
        if (p.equals(FLOAT32) || p.equals(MIXED_BFLOAT16)) {
            return p;
        }
        String why = REFUSED.get(p);
        throw new InvalidConfigException(where + ": the dtype policy \"" + policy + "\" "
                + (why != null ? why : "is unknown; use \"float32\" or \"mixed_bfloat16\"") + ".");
    }

    /** The compute dtype of {@code policy}: {@code "bfloat16"} or {@code "float32"}. */
    public static String computeDtype(String policy) {
        return policy.equals(MIXED_BFLOAT16) ? "bfloat16" : "float32";
    }
}
