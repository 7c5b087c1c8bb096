// SPDX-License-Identifier: Apache-2.0
package io.strata.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strata's SLF4J loggers. Strata logs its own diagnostics at debug level and one INFO line per
 * process when a backend loads; with no SLF4J binding on the class path they go nowhere. SLF4J itself
 * prints three lines about a missing binding; Strata keeps its console quiet by default and sets
 * SLF4J's {@code slf4j.internal.verbosity} to {@code ERROR} unless the user set it
 * ({@code -Dslf4j.internal.verbosity=WARN} brings the notice back).
 */
public final class StrataLoggers {
    static {
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private StrataLoggers() {}

    /** The logger of {@code type}. */
    public static Logger get(Class<?> type) {
        return LoggerFactory.getLogger(type);
    }
}
