// SPDX-License-Identifier: Apache-2.0
/**
 * Keras's {@code keras.datasets}: {@link io.strata.datasets.Mnist}, {@link io.strata.datasets.FashionMnist},
 * {@link io.strata.datasets.Cifar10}, {@link io.strata.datasets.Cifar100} and
 * {@link io.strata.datasets.BostonHousing}, downloaded once from the addresses Keras uses (CIFAR's binary
 * release instead of its Python pickles), checked against their published hashes and cached under
 * {@code ~/.strata/datasets} ({@link io.strata.datasets.DatasetFiles}).
 */
@NullMarked
package io.strata.datasets;

import org.jspecify.annotations.NullMarked;
