// SPDX-License-Identifier: Apache-2.0
package io.strata.saving;

/**
 * An object Keras names by class and rebuilds from a config: initializers, regularizers and
 * constraints (layers have {@link io.strata.layers.Layer#getConfig()}). Keras writes it as
 * {@code {"class_name": kerasClassName(), "config": getConfig()}}. A custom initializer, regularizer
 * or constraint that implements this interface can be saved; register its factory under the same
 * class name with {@link CustomObjects} to load it back.
 */
public interface KerasSerializable {
    /** Keras's {@code class_name}: {@code "VarianceScaling"}, {@code "L1L2"}, {@code "MaxNorm"}. */
    String kerasClassName();

    /** Keras's {@code get_config()}: the arguments that rebuild this object. */
    Config getConfig();
}
