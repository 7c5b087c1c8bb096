// SPDX-License-Identifier: Apache-2.0
package io.strata.layers;

import io.strata.activations.ActivationFunction;

/** Short factories for the built-in layers, one per Keras class: {@code Layers.dense(32)}. */
public final class Layers {
    private Layers() {}

    /** {@link Dense} with {@code units} outputs. */
    public static Dense dense(int units) {
        return new Dense(units);
    }

    /** {@link Activation} by Keras identifier. */
    public static Activation activation(String activation) {
        return new Activation(activation);
    }

    /** {@link Activation} with a function. */
    public static Activation activation(ActivationFunction activation) {
        return new Activation(activation);
    }

    /** {@link Dropout} of {@code rate}. */
    public static Dropout dropout(double rate) {
        return new Dropout(rate);
    }

    /** {@link Flatten}. */
    public static Flatten flatten() {
        return new Flatten();
    }

    /** {@link Reshape} to a per-sample shape (one entry may be -1). */
    public static Reshape reshape(long... targetShape) {
        return new Reshape(targetShape);
    }

    /** {@link InputLayer}; give it {@code inputShape} or {@code batchInputShape}. */
    public static InputLayer inputLayer() {
        return new InputLayer();
    }

    /** {@link Conv2D} with {@code filters} and a {@code kernelSize} window (one or two ints). */
    public static Conv2D conv2d(int filters, int... kernelSize) {
        return new Conv2D(filters, kernelSize);
    }

    /** Keras 1's {@code Convolution2D(nb_filter, nb_row, nb_col)}. */
    public static Conv2D convolution2d(int nbFilter, int nbRow, int nbCol) {
        return new Conv2D(nbFilter, nbRow, nbCol);
    }

    /** {@link Conv1D} with {@code filters} and a window of {@code kernelSize} steps. */
    public static Conv1D conv1d(int filters, int kernelSize) {
        return new Conv1D(filters, kernelSize);
    }

    /** Keras 1's {@code Convolution1D(nb_filter, filter_length)}. */
    public static Conv1D convolution1d(int nbFilter, int filterLength) {
        return new Conv1D(nbFilter, filterLength);
    }

    /** {@link MaxPooling2D} over {@code poolSize} windows (default 2 x 2). */
    public static MaxPooling2D maxPooling2d(int... poolSize) {
        return new MaxPooling2D(poolSize);
    }

    /** {@link AveragePooling2D} over {@code poolSize} windows (default 2 x 2). */
    public static AveragePooling2D averagePooling2d(int... poolSize) {
        return new AveragePooling2D(poolSize);
    }

    /** {@link MaxPooling1D} over windows of {@code poolSize} steps (Keras 1 {@code pool_length}). */
    public static MaxPooling1D maxPooling1d(int poolSize) {
        return new MaxPooling1D(poolSize);
    }

    /** {@link MaxPooling1D} with Keras's default pool size 2. */
    public static MaxPooling1D maxPooling1d() {
        return new MaxPooling1D(2);
    }

    /** {@link AveragePooling1D} over windows of {@code poolSize} steps. */
    public static AveragePooling1D averagePooling1d(int poolSize) {
        return new AveragePooling1D(poolSize);
    }

    /** Keras's {@code GlobalAveragePooling1D}. */
    public static GlobalPooling globalAveragePooling1d() {
        return new GlobalPooling(false, 1);
    }

    /** Keras's {@code GlobalMaxPooling1D}. */
    public static GlobalPooling globalMaxPooling1d() {
        return new GlobalPooling(true, 1);
    }

    /** Keras's {@code GlobalAveragePooling2D}. */
    public static GlobalPooling globalAveragePooling2d() {
        return new GlobalPooling(false, 2);
    }

    /** Keras's {@code GlobalMaxPooling2D}. */
    public static GlobalPooling globalMaxPooling2d() {
        return new GlobalPooling(true, 2);
    }

    /** Keras's {@code ZeroPadding1D(padding)}: {@code padding} zeros on both ends. */
    public static ZeroPadding zeroPadding1d(int padding) {
        return new ZeroPadding(1, new int[][] {{padding, padding}});
    }

    /** Keras's {@code ZeroPadding2D(padding)}: symmetric rows and cols (one or two ints). */
    public static ZeroPadding zeroPadding2d(int... padding) {
        int[] p = ConvUtils.pair("ZeroPadding2D", "padding", padding);
        return new ZeroPadding(2, new int[][] {{p[0], p[0]}, {p[1], p[1]}});
    }

    /** Keras's {@code ZeroPadding2D(((top, bottom), (left, right)))}. */
    public static ZeroPadding zeroPadding2d(int top, int bottom, int left, int right) {
        return new ZeroPadding(2, new int[][] {{top, bottom}, {left, right}});
    }

    /** Keras's {@code UpSampling1D(size)}. */
    public static UpSampling upSampling1d(int size) {
        return new UpSampling(size);
    }

    /** Keras's {@code UpSampling2D(size)} (one or two ints; default 2 x 2). */
    public static UpSampling upSampling2d(int... size) {
        return new UpSampling(size.length == 0 ? new int[] {2, 2} : ConvUtils.pair("UpSampling2D", "size", size));
    }

    /** {@link BatchNormalization} with Keras's defaults. */
    public static BatchNormalization batchNormalization() {
        return new BatchNormalization();
    }

    /** {@link Embedding} of {@code inputDim} indices into {@code outputDim} dimensions. */
    public static Embedding embedding(int inputDim, int outputDim) {
        return new Embedding(inputDim, outputDim);
    }

    /** {@link SimpleRNN} of {@code units}. */
    public static SimpleRNN simpleRnn(int units) {
        return new SimpleRNN(units);
    }

    /** {@link LSTM} of {@code units} (Keras 1 {@code output_dim}). */
    public static LSTM lstm(int units) {
        return new LSTM(units);
    }

    /** {@link GRU} of {@code units} (Keras 1 {@code output_dim}). */
    public static GRU gru(int units) {
        return new GRU(units);
    }

    /** {@link TimeDistributed} of {@code layer}. */
    public static TimeDistributed timeDistributed(Layer layer) {
        return new TimeDistributed(layer);
    }

    /** {@link RepeatVector} of {@code n}. */
    public static RepeatVector repeatVector(int n) {
        return new RepeatVector(n);
    }

    /** {@link Permute} of 1-based {@code dims}. */
    public static Permute permute(int... dims) {
        return new Permute(dims);
    }

    // ---- merge layers (the functional API) --------------------------------------------------------

    /** {@link Concatenate} along the last axis. */
    public static Concatenate concatenate() {
        return new Concatenate();
    }

    /** {@link Concatenate} along {@code axis}. */
    public static Concatenate concatenate(int axis) {
        return new Concatenate().axis(axis);
    }

    /** {@link Add}. */
    public static Add add() {
        return new Add();
    }

    /** {@link Subtract}. */
    public static Subtract subtract() {
        return new Subtract();
    }

    /** {@link Multiply}. */
    public static Multiply multiply() {
        return new Multiply();
    }

    /** {@link Average}. */
    public static Average average() {
        return new Average();
    }

    /** {@link Maximum}. */
    public static Maximum maximum() {
        return new Maximum();
    }

    /** {@link Minimum}. */
    public static Minimum minimum() {
        return new Minimum();
    }

    /** {@link Dot} along {@code axes} (one for both inputs, or one per input). */
    public static Dot dot(int... axes) {
        return new Dot(axes);
    }

    /** A functional-API input of per-sample shape {@code shape} ({@link Input#of}). */
    public static SymbolicTensor input(long... shape) {
        return Input.of(shape);
    }
}
