// SPDX-License-Identifier: Apache-2.0
package io.strata;

/** Training or inference data that does not fit the model: wrong shape, mismatched sample counts, wrong label kind or empty arrays. */
public class DataException extends StrataException {
    /** An exception with a message. */
    public DataException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
