// SPDX-License-Identifier: Apache-2.0
package io.strata;

/**
 * The root of Strata's unchecked exceptions. Messages say what failed, which layer or argument, what
 * was expected, what came, and how to fix it.
 */
public class StrataException extends RuntimeException {
    /** An exception with a message. */
    public StrataException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public StrataException(String message, Throwable cause) {
        super(message, cause);
    }
}
