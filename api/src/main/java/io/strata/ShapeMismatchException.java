// SPDX-License-Identifier: Apache-2.0
package io.strata;

/** A shape that a layer or model cannot accept: the message names the layer and both shapes. */
public class ShapeMismatchException extends StrataException {
    /** An exception with a message. */
    public ShapeMismatchException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public ShapeMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
