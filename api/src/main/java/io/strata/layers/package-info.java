// SPDX-License-Identifier: Apache-2.0
/**
 * Layers as immutable values with Keras's arguments and defaults, and the build/call contract custom layers implement. Layers never import a backend; they compute only through {@code Ops}.
 */
@NullMarked
package io.strata.layers;

import org.jspecify.annotations.NullMarked;
