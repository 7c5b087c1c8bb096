// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

/** A loaded backend: it compiles model definitions into programs. */
public interface Backend {
    /** The backend's name ({@code tensorflow}). */
    String name();

    /** Compiles a model definition into native state. */
    Program compile(ModelDefinition definition);

    /** A short description of the device in use, for logs. */
    String deviceDescription();
}
