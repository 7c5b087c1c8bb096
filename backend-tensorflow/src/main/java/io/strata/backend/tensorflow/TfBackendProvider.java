// SPDX-License-Identifier: Apache-2.0
package io.strata.backend.tensorflow;

import io.strata.backend.Backend;
import io.strata.backend.BackendOptions;
import io.strata.backend.BackendProvider;

/** Registers the TensorFlow backend with {@link java.util.ServiceLoader}; loads no native code itself. */
public final class TfBackendProvider implements BackendProvider {
    /** The provider; {@link java.util.ServiceLoader} calls this. */
    public TfBackendProvider() {}

    @Override
    public String name() {
        return "tensorflow";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        try {
            Class.forName("org.tensorflow.TensorFlow", false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public Backend create(BackendOptions options) {
        return new TfBackend(options);
    }
}
