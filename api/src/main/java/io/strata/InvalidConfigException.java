// SPDX-License-Identifier: Apache-2.0
package io.strata;

/** A layer, model, optimizer, loss or fit argument that is out of range or inconsistent. */
public class InvalidConfigException extends StrataException {
    /** An exception with a message. */
    public InvalidConfigException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
