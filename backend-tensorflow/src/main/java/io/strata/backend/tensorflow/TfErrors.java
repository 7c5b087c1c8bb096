// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.BackendException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * TensorFlow's exceptions turned into Strata's at the edge of the backend: what Strata was doing, and
 * TensorFlow's message without its graph-node names ({@code {{node Conv2D_s19}}}), which mean nothing
 * to a user. Strata checks shapes, data and arguments before it runs a step, so an error here is one
 * that those checks missed.
 */
final class TfErrors {
    private static final Pattern NODES = Pattern.compile("\\s*\\[\\[\\{\\{node [^}]*\\}\\}\\]\\]|\\s*\\{\\{node [^}]*\\}\\}"
            + "|\\s*\\[\\[[^\\]]*\\]\\]");

    private TfErrors() {}

    /** Whether {@code e} is one of TensorFlow Java's exceptions (they have no common base class). */
    static boolean isTensorFlow(Throwable e) {
        return e.getClass().getName().startsWith("org.tensorflow.exceptions.");
    }

    /** TensorFlow's message without node names and with its whitespace collapsed. */
    static String clean(String message) {
        String m = message == null ? "" : NODES.matcher(message).replaceAll("");
        return m.replaceAll("\\s+", " ").trim();
    }

    /** Runs {@code work}, turning a TensorFlow exception into a {@link BackendException} that says {@code what} failed. */
    static <T> T guard(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (!isTensorFlow(e)) {
                throw e;
            }
            throw new BackendException("TensorFlow could not " + what + ": " + clean(e.getMessage()) + ". Strata's "
                    + "checks of the model and the data let this through; please report it with the model's summary.", e);
        }
    }

    /** {@link #guard} for work without a result. */
    static void run(String what, Runnable work) {
        guard(what, () -> {
            work.run();
            return null;
        });
    }
}
