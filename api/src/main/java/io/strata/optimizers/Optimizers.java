// SPDX-License-Identifier: Apache-2.0
package io.strata.optimizers;

import io.strata.InvalidConfigException;

/** Lookup of optimizers by Keras identifier, with Keras 2's defaults: {@code Optimizers.named("rmsprop")}. */
public final class Optimizers {
    private Optimizers() {}

    /** The optimizer for {@code sgd}, {@code rmsprop}, {@code adagrad}, {@code adadelta}, {@code adam}, {@code adamax} or {@code nadam}. */
    public static Optimizer<?> named(String id) {
        return switch (id.toLowerCase(java.util.Locale.ROOT)) {
            case "sgd" -> new SGD();
            case "rmsprop" -> new RMSprop();
            case "adagrad" -> new Adagrad();
            case "adadelta" -> new Adadelta();
            case "adam" -> new Adam();
            case "adamax" -> new Adamax();
            case "nadam" -> new Nadam();
            default -> throw new InvalidConfigException("Unknown optimizer '" + id
                    + "'. Known optimizers: sgd, rmsprop, adagrad, adadelta, adam, adamax, nadam.");
        };
    }
}
