// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

import io.strata.StrataException;

/**
 * A file that Strata cannot read as the format it should have: not HDF5 or a zip, truncated, or not
 * in a layout Keras writes. The message names the file and says what was found.
 */
public class FileFormatException extends StrataException {
    /** An exception with a message. */
    public FileFormatException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public FileFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
