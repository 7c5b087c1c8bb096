// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

/** Keras's {@code (x_train, y_train), (x_test, y_test)} of an image data set; labels are class indices. */
public record ImageData(Images xTrain, int[] yTrain, Images xTest, int[] yTest) {}
