// SPDX-License-Identifier: Apache-2.0
package io.strata.training;

import io.strata.InvalidConfigException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The execution arguments of Keras's {@code compile}, as an immutable value with withers:
 * {@code CompileOptions.defaults().stepsPerExecution(32)}, passed to
 * {@code model.compile(optimizer, loss, metrics, lossWeights, options)}.
 *
 * <p>Defaults are Keras's: one step per execution, {@code jit_compile="auto"}.
 */
public final class CompileOptions {
    private static final CompileOptions DEFAULTS = new CompileOptions(1, null);

    private final int stepsPerExecution;
    private final @Nullable Boolean jitCompile;

    private CompileOptions(int stepsPerExecution, @Nullable Boolean jitCompile) {
        this.stepsPerExecution = stepsPerExecution;
        this.jitCompile = jitCompile;
    }

    /** Keras's defaults: {@code steps_per_execution=1}, {@code jit_compile="auto"}. */
    public static CompileOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Keras's {@code steps_per_execution}: how many batches {@code fit}, {@code evaluate} and
     * {@code predict} run in one native call. Results are those of single steps; batch callbacks run
     * once per execution, with the logs of its last step, and an epoch's last execution runs the
     * steps that are left.
     */
    public CompileOptions stepsPerExecution(int steps) {
        if (steps < 1) {
            throw new InvalidConfigException("compile: 'steps_per_execution' must be a positive integer, got " + steps + ".");
        }
        return new CompileOptions(steps, jitCompile);
    }

    /** Keras's {@code jit_compile=True|False}: whether the steps are compiled with XLA. */
    public CompileOptions jitCompile(boolean jit) {
        return new CompileOptions(stepsPerExecution, jit);
    }

    /** Keras's {@code jit_compile="auto"} (the default), or {@code "true"}/{@code "false"}. */
    public CompileOptions jitCompile(String mode) {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> new CompileOptions(stepsPerExecution, null);
            case "true" -> jitCompile(true);
            case "false" -> jitCompile(false);
            default -> throw new InvalidConfigException("compile: 'jit_compile' must be true, false or \"auto\", got \""
                    + mode + "\".");
        };
    }

    /** The steps per execution. */
    public int stepsPerExecutionValue() {
        return stepsPerExecution;
    }

    /** {@code true} or {@code false} when chosen, null for {@code "auto"}. */
    public @Nullable Boolean jitCompileValue() {
        return jitCompile;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompileOptions c && c.stepsPerExecution == stepsPerExecution
                && java.util.Objects.equals(c.jitCompile, jitCompile);
    }

    @Override
    public int hashCode() {
        return 31 * stepsPerExecution + java.util.Objects.hashCode(jitCompile);
    }

    @Override
    public String toString() {
        return "CompileOptions(steps_per_execution=" + stepsPerExecution + ", jit_compile="
                + (jitCompile == null ? "\"auto\"" : jitCompile) + ")";
    }
}
