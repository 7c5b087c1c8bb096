// SPDX-License-Identifier: Apache-2.0
package io.strata;

/** A layer, loss, metric or optimizer that the chosen backend cannot run. */
public class UnsupportedSpecException extends StrataException {
    /** An exception with a message. */
    public UnsupportedSpecException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public UnsupportedSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
