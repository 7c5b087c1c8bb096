// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

/**
 * A backend as {@link java.util.ServiceLoader} finds it. Cheap to create: it loads no native code
 * until {@link #create} is called.
 */
public interface BackendProvider {
    /** The backend's name, as used by {@code strata.backend} ({@code tensorflow}). */
    String name();

    /** The priority among available backends; the highest wins when nothing is asked for. */
    int priority();

    /** Whether the backend can run here (its classes are present), without loading natives. */
    boolean isAvailable();

    /** Loads the backend. */
    Backend create(BackendOptions options);
}
