// SPDX-License-Identifier: Apache-2.0
package io.strata;

/**
 * The backend could not run something that Strata's checks let through: the backend's own message,
 * without its internal node names, and what Strata was doing.
 */
public class BackendException extends StrataException {
    /** An exception with a message and the backend's exception as its cause. */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
