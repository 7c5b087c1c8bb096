// SPDX-License-Identifier: Apache-2.0
package io.strata;

/** No usable backend was found on the class path, or the one asked for is missing. */
public class BackendNotFoundException extends StrataException {
    /** An exception with a message. */
    public BackendNotFoundException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public BackendNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
