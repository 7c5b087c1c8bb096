#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes Keras-layout files with h5py, and the predictions of their models computed with numpy.

usage: make_keras_files.py <out_dir>

Every file is written the way the Keras generation it imitates writes it, from the same weights:
  <model>.h5            Keras 2.2's save_weights layout (fixed-length byte strings, as h5py 2 wrote)
  h5py3_mlp.h5          the same layout with h5py 3's variable-length UTF-8 strings (tf.keras 2.x)
  keras1_lstm.h5        Keras 1 weights: no keras_version, per-gate LSTM tensors (W_i, U_i, b_i, W_c, ...)
  keras1_gru.h5         Keras 1 weights: per-gate GRU tensors (W_z, U_z, b_z, W_r, ...)
  keras1_conv1d.h5      Keras 1 weights: 4-D Conv1D kernels (filter_length, 1, input_dim, nb_filter)
  keras1_th_model.h5    a Keras 1.2.2 model file: Keras 1 JSON with dim_ordering "th", kernels (out, in, rows, cols)
  theano_conv.h5        a Keras 2 weights file saved with the Theano backend (kernels flipped)
  cudnn_lstm.h5         CuDNNLSTM weights (Fortran-ordered input kernels, two biases), for an LSTM
  gru_reset_after.h5    tf.keras's GRU (reset_after=True: a (2, 3 * units) bias), and cudnn_gru.h5 the same as CuDNNGRU
  chunked_names.h5      layer_names and weight_names split into layer_names0, layer_names1, ...
  tfkeras_model.h5      a tf.keras 2.4 model file: vlen strings, Functional-era JSON, Adam "iter" and slots
  keras3_model.keras    a Keras 3 archive: config.json with __keras_tensor__ nodes, layers/<name>/vars weights
  keras3_mlp.weights.h5 Keras 3's weights-only layout
and <name>.json with "x", "y" (numpy's prediction) for each.
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

RNG = np.random.RandomState(20261201)


def rand(*shape, scale=0.5):
    return (RNG.uniform(-scale, scale, size=shape)).astype("float32")


# ---- numpy forward passes (Keras 2.2 semantics) ----------------------------------------------------

def hard_sigmoid(x):
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


ACT = {"relu": lambda x: np.maximum(x, 0), "softmax": softmax, "sigmoid": sigmoid, "tanh": np.tanh,
       "linear": lambda x: x, "hard_sigmoid": hard_sigmoid}


def dense(x, w, act):
    return ACT[act](x @ w[0].astype("float64") + w[1])


def conv2d_last(x, w, act):
    k, b = w[0].astype("float64"), w[1]
    n, h, wd, c = x.shape
    kh, kw, _, f = k.shape
    out = np.zeros((n, h - kh + 1, wd - kw + 1, f))
    for i in range(h - kh + 1):
        for j in range(wd - kw + 1):
            out[:, i, j, :] = np.tensordot(x[:, i:i + kh, j:j + kw, :], k, axes=([1, 2, 3], [0, 1, 2]))
    return ACT[act](out + b)


def maxpool2d_last(x, p=2):
    n, h, w, c = x.shape
    oh, ow = h // p, w // p
    return x[:, :oh * p, :ow * p, :].reshape(n, oh, p, ow, p, c).max(axis=(2, 4))


def conv1d(x, w, act):
    k, b = w[0].astype("float64"), w[1]
    n, t, c = x.shape
    ks, _, f = k.shape
    out = np.zeros((n, t - ks + 1, f))
    for i in range(t - ks + 1):
        out[:, i, :] = np.tensordot(x[:, i:i + ks, :], k, axes=([1, 2], [0, 1]))
    return ACT[act](out + b)


def maxpool1d(x, p):
    n, t, c = x.shape
    ot = t // p
    return x[:, :ot * p, :].reshape(n, ot, p, c).max(axis=2)


def lstm(x, w, units, ract=hard_sigmoid, return_sequences=False):
    k, u, b = (a.astype("float64") for a in w)
    n, steps, _ = x.shape
    h = np.zeros((n, units))
    c = np.zeros((n, units))
    outs = []
    for t in range(steps):
        z = x[:, t, :] @ k + h @ u + b
        i, f = ract(z[:, :units]), ract(z[:, units:2 * units])
        cc, o = np.tanh(z[:, 2 * units:3 * units]), ract(z[:, 3 * units:])
        c = f * c + i * cc
        h = o * np.tanh(c)
        outs.append(h)
    return np.stack(outs, axis=1) if return_sequences else h


def gru(x, w, units):
    k, u, b = (a.astype("float64") for a in w)
    n, steps, _ = x.shape
    h = np.zeros((n, units))
    for t in range(steps):
        xz = x[:, t, :] @ k + b
        z = hard_sigmoid(xz[:, :units] + h @ u[:, :units])
        r = hard_sigmoid(xz[:, units:2 * units] + h @ u[:, units:2 * units])
        hh = np.tanh(xz[:, 2 * units:] + (r * h) @ u[:, 2 * units:])
        h = z * h + (1 - z) * hh
    return h


def gru_reset_after(x, w, units):
    """tf.keras's and Keras 3's GRU (reset_after=True, sigmoid gates); bias (2, 3 * units)."""
    k, u, b = (a.astype("float64") for a in w)
    n, steps, _ = x.shape
    h = np.zeros((n, units))
    for t in range(steps):
        xz = x[:, t, :] @ k + b[0]
        rec = h @ u + b[1]
        z = sigmoid(xz[:, :units] + rec[:, :units])
        r = sigmoid(xz[:, units:2 * units] + rec[:, units:2 * units])
        hh = np.tanh(xz[:, 2 * units:] + r * rec[:, 2 * units:])
        h = z * h + (1 - z) * hh
    return h


# ---- the guide's Sequential models (small), as (layer name, weights) and a forward pass -----------

def mlp_model():
    w = [("dense_1", [rand(20, 16), rand(16)]), ("dropout_1", []), ("dense_2", [rand(16, 16), rand(16)]),
         ("dropout_2", []), ("dense_3", [rand(16, 10), rand(10)])]
    x = RNG.uniform(0, 1, size=(5, 20)).astype("float32")

    def fwd(x):
        h = dense(x, w[0][1], "relu")
        h = dense(h, w[2][1], "relu")
        return dense(h, w[4][1], "softmax")
    return w, x, fwd


def binary_model():
    w = [("dense_1", [rand(20, 16), rand(16)]), ("dropout_1", []), ("dense_2", [rand(16, 16), rand(16)]),
         ("dropout_2", []), ("dense_3", [rand(16, 1), rand(1)])]
    x = RNG.uniform(0, 1, size=(5, 20)).astype("float32")

    def fwd(x):
        return dense(dense(dense(x, w[0][1], "relu"), w[2][1], "relu"), w[4][1], "sigmoid")
    return w, x, fwd


def vgg_model():
    w = [("conv2d_1", [rand(3, 3, 3, 8), rand(8)]), ("conv2d_2", [rand(3, 3, 8, 8), rand(8)]),
         ("max_pooling2d_1", []), ("dropout_1", []),
         ("conv2d_3", [rand(3, 3, 8, 16), rand(16)]), ("conv2d_4", [rand(3, 3, 16, 16), rand(16)]),
         ("max_pooling2d_2", []), ("dropout_2", []), ("flatten_1", []),
         ("dense_1", [rand(16, 32), rand(32)]), ("dropout_3", []), ("dense_2", [rand(32, 10), rand(10)])]
    x = RNG.uniform(0, 1, size=(3, 16, 16, 3)).astype("float32")

    def fwd(x):
        h = conv2d_last(conv2d_last(x, w[0][1], "relu"), w[1][1], "relu")
        h = maxpool2d_last(h)
        h = conv2d_last(conv2d_last(h, w[4][1], "relu"), w[5][1], "relu")
        h = maxpool2d_last(h)
        h = h.reshape(h.shape[0], -1)
        h = dense(h, w[9][1], "relu")
        return dense(h, w[11][1], "softmax")
    return w, x, fwd


def lstm_model():
    w = [("embedding_1", [rand(50, 8)]), ("lstm_1", [rand(8, 24), rand(6, 24), rand(24)]), ("dropout_1", []),
         ("dense_1", [rand(6, 1), rand(1)])]
    x = RNG.randint(0, 50, size=(4, 10)).astype("int64")

    def fwd(x):
        e = w[0][1][0][x.astype("int64")].astype("float64")
        return dense(lstm(e, w[1][1], 6), w[3][1], "sigmoid")
    return w, x, fwd


def conv1d_model():
    w = [("conv1d_1", [rand(3, 5, 6), rand(6)]), ("conv1d_2", [rand(3, 6, 6), rand(6)]), ("max_pooling1d_1", []),
         ("conv1d_3", [rand(3, 6, 8), rand(8)]), ("conv1d_4", [rand(3, 8, 8), rand(8)]),
         ("global_average_pooling1d_1", []), ("dropout_1", []), ("dense_1", [rand(8, 1), rand(1)])]
    x = RNG.uniform(0, 1, size=(3, 20, 5)).astype("float32")

    def fwd(x):
        h = conv1d(conv1d(x, w[0][1], "relu"), w[1][1], "relu")
        h = maxpool1d(h, 3)
        h = conv1d(conv1d(h, w[3][1], "relu"), w[4][1], "relu")
        return dense(h.mean(axis=1), w[7][1], "sigmoid")
    return w, x, fwd


def stacked_lstm_model():
    w = [("lstm_1", [rand(5, 32), rand(8, 32), rand(32)]), ("lstm_2", [rand(8, 32), rand(8, 32), rand(32)]),
         ("lstm_3", [rand(8, 32), rand(8, 32), rand(32)]), ("dense_1", [rand(8, 3), rand(3)])]
    x = RNG.uniform(0, 1, size=(4, 6, 5)).astype("float32")

    def fwd(x):
        h = lstm(lstm(x, w[0][1], 8, return_sequences=True), w[1][1], 8, return_sequences=True)
        return dense(lstm(h, w[2][1], 8), w[3][1], "softmax")
    return w, x, fwd


def gru_model():
    w = [("gru_1", [rand(3, 15), rand(5, 15), rand(15)]), ("dense_1", [rand(5, 2), rand(2)])]
    x = RNG.uniform(0, 1, size=(4, 7, 3)).astype("float32")

    def fwd(x):
        return dense(gru(x, w[0][1], 5), w[1][1], "softmax")
    return w, x, fwd


# ---- writers ---------------------------------------------------------------------------------------

def save_keras2(path, layers, version=b"2.2.4", backend=b"tensorflow", vlen=False, chunk=False, group=None):
    with h5py.File(path, "w") as root:
        f = root.create_group(group) if group else root
        names = [n for n, _ in layers]
        if vlen:
            f.attrs["layer_names"] = names
        elif chunk:
            split = np.array_split(np.array([n.encode("utf8") for n in names]), 2)
            f.attrs["layer_names0"] = split[0]
            f.attrs["layer_names1"] = split[1]
        else:
            f.attrs["layer_names"] = np.array([n.encode("utf8") for n in names])
        if backend is not None:
            f.attrs["backend"] = backend.decode() if vlen else np.bytes_(backend)
        if version is not None:
            f.attrs["keras_version"] = version.decode() if vlen else np.bytes_(version)
        for name, weights in layers:
            g = f.create_group(name)
            suffixes = {1: ["embeddings"], 2: ["kernel", "bias"], 3: ["kernel", "recurrent_kernel", "bias"]}
            wn = ["%s/%s:0" % (name, s) for s in suffixes.get(len(weights), [])]
            if vlen:
                g.attrs["weight_names"] = wn
            elif chunk and len(wn) == 2:
                g.attrs["weight_names0"] = np.array([wn[0].encode("utf8")])
                g.attrs["weight_names1"] = np.array([wn[1].encode("utf8")])
            else:
                g.attrs["weight_names"] = np.array([n.encode("utf8") for n in wn]) if wn else np.asarray([])
            for n, v in zip(wn, weights):
                g.create_dataset(n, data=v)
    return path


def save_keras1(path, layers):
    """Keras 1's save_weights: only layer_names; weights named <layer>_<param> directly in each group."""
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([n.encode("utf8") for n, _ in layers])
        for name, named in layers:
            g = f.create_group(name)
            g.attrs["weight_names"] = np.array([n.encode("utf8") for n, _ in named]) if named else np.asarray([])
            for n, v in named:
                g.create_dataset(n, data=v)
    return path


def gates(a, n):
    return np.split(a, n, axis=-1)


def reference(out, name, x, fwd):
    with open(os.path.join(out, name + ".json"), "w") as fh:
        json.dump({"x": x.tolist(), "y": fwd(x.astype("float64")).tolist()}, fh)


def main(out):
    os.makedirs(out, exist_ok=True)
    models = {"mlp": mlp_model(), "binary": binary_model(), "vgg": vgg_model(), "lstm": lstm_model(),
              "conv1d": conv1d_model(), "stacked_lstm": stacked_lstm_model(), "gru": gru_model()}
    for name, (w, x, fwd) in models.items():
        save_keras2(os.path.join(out, name + ".h5"), w)
        reference(out, name, x, fwd)

    mlp_w, mlp_x, mlp_fwd = models["mlp"]
    save_keras2(os.path.join(out, "h5py3_mlp.h5"), mlp_w, version=b"2.4.0", vlen=True)
    save_keras2(os.path.join(out, "chunked_names.h5"), mlp_w, chunk=True)

    # Keras 1: per-gate LSTM weights, gates i, c, f, o.
    lw, lx, lfwd = models["lstm"]
    k, u, b = lw[1][1]
    ki, kf, kc, ko = gates(k, 4)
    ui, uf, uc, uo = gates(u, 4)
    bi, bf, bc, bo = gates(b, 4)
    lstm1 = [("lstm_1_W_i", ki), ("lstm_1_U_i", ui), ("lstm_1_b_i", bi), ("lstm_1_W_c", kc), ("lstm_1_U_c", uc),
             ("lstm_1_b_c", bc), ("lstm_1_W_f", kf), ("lstm_1_U_f", uf), ("lstm_1_b_f", bf), ("lstm_1_W_o", ko),
             ("lstm_1_U_o", uo), ("lstm_1_b_o", bo)]
    save_keras1(os.path.join(out, "keras1_lstm.h5"),
                [("embedding_1", [("embedding_1_W", lw[0][1][0])]), ("lstm_1", lstm1), ("dropout_1", []),
                 ("dense_1", [("dense_1_W", lw[3][1][0]), ("dense_1_b", lw[3][1][1])])])

    gw, gx, gfwd = models["gru"]
    k, u, b = gw[0][1]
    gru1 = []
    for gate, (kk, uu, bb) in zip("zrh", zip(gates(k, 3), gates(u, 3), gates(b, 3))):
        gru1 += [("gru_1_W_" + gate, kk), ("gru_1_U_" + gate, uu), ("gru_1_b_" + gate, bb)]
    save_keras1(os.path.join(out, "keras1_gru.h5"),
                [("gru_1", gru1), ("dense_1", [("dense_1_W", gw[1][1][0]), ("dense_1_b", gw[1][1][1])])])

    cw, cx, cfwd = models["conv1d"]
    conv = []
    for name, weights in cw:
        named = []
        if weights:
            named = [(name + "_W", weights[0][:, None, :, :] if name.startswith("conv") else weights[0]),
                     (name + "_b", weights[1])]
        conv.append((name.replace("conv1d", "convolution1d"), named))
    save_keras1(os.path.join(out, "keras1_conv1d.h5"), conv)

    # A Keras 1.2.2 model file for Theano's dim ordering: kernels (nb_filter, stack, rows, cols).
    thk = rand(4, 2, 3, 3)
    thb = rand(4)
    dk = rand(4 * 3 * 3, 3)
    db = rand(3)
    thx = RNG.uniform(0, 1, size=(3, 2, 8, 8)).astype("float32")

    def th_forward(x):
        k = np.transpose(thk, (2, 3, 1, 0))  # to (rows, cols, stack, filters)
        h = conv2d_last(np.transpose(x, (0, 2, 3, 1)), [k, thb], "relu")  # NHWC
        h = np.transpose(maxpool2d_last(h), (0, 3, 1, 2)).reshape(x.shape[0], -1)  # flatten in (c, h, w) order
        return softmax(h @ dk.astype("float64") + db)
    k1_config = {"class_name": "Sequential", "config": [
        {"class_name": "Convolution2D", "config": {"name": "convolution2d_1", "trainable": True,
                                                   "batch_input_shape": [None, 2, 8, 8], "input_dtype": "float32",
                                                   "nb_filter": 4, "nb_row": 3, "nb_col": 3, "init": "glorot_uniform",
                                                   "activation": "relu", "border_mode": "valid", "subsample": [1, 1],
                                                   "dim_ordering": "th", "W_regularizer": None, "b_regularizer": None,
                                                   "activity_regularizer": None, "W_constraint": None,
                                                   "b_constraint": None, "bias": True}},
        {"class_name": "MaxPooling2D", "config": {"name": "maxpooling2d_1", "trainable": True, "pool_size": [2, 2],
                                                  "strides": [2, 2], "border_mode": "valid", "dim_ordering": "th"}},
        {"class_name": "Flatten", "config": {"name": "flatten_1", "trainable": True}},
        {"class_name": "Dense", "config": {"name": "dense_1", "trainable": True, "output_dim": 3, "init": "glorot_uniform",
                                           "activation": "linear", "W_regularizer": None, "b_regularizer": None,
                                           "activity_regularizer": None, "W_constraint": None, "b_constraint": None,
                                           "bias": True, "input_dim": 36}},
        {"class_name": "Activation", "config": {"name": "activation_1", "trainable": True, "activation": "softmax"}}]}
    with h5py.File(os.path.join(out, "keras1_th_model.h5"), "w") as f:
        f.attrs["keras_version"] = np.bytes_(b"1.2.2")
        f.attrs["model_config"] = np.bytes_(json.dumps(k1_config).encode("utf8"))
        f.attrs["training_config"] = np.bytes_(json.dumps({
            "optimizer_config": {"class_name": "SGD", "config": {"lr": 0.01, "momentum": 0.0, "decay": 0.0,
                                                                 "nesterov": False}},
            "loss": "categorical_crossentropy", "metrics": ["accuracy"], "sample_weight_mode": None,
            "loss_weights": None}).encode("utf8"))
        g = f.create_group("model_weights")
        names = ["convolution2d_1", "maxpooling2d_1", "flatten_1", "dense_1", "activation_1"]
        g.attrs["layer_names"] = np.array([n.encode("utf8") for n in names])
        for n in names:
            lg = g.create_group(n)
            params = {"convolution2d_1": [("convolution2d_1_W", thk), ("convolution2d_1_b", thb)],
                      "dense_1": [("dense_1_W", dk), ("dense_1_b", db)]}.get(n, [])
            lg.attrs["weight_names"] = np.array([p.encode("utf8") for p, _ in params]) if params else np.asarray([])
            for p, v in params:
                lg.create_dataset(p, data=v)
    reference(out, "keras1_th_model", thx, th_forward)

    # Keras 2 with the Theano backend: Theano convolves, so its kernels are the flipped TensorFlow ones.
    tw = [("conv2d_1", [rand(3, 3, 2, 4), rand(4)]), ("flatten_1", []), ("dense_1", [rand(6 * 6 * 4, 2), rand(2)])]
    tx = RNG.uniform(0, 1, size=(2, 8, 8, 2)).astype("float32")
    flipped = [(tw[0][0], [np.ascontiguousarray(tw[0][1][0][::-1, ::-1, :, :]), tw[0][1][1]])] + tw[1:]
    save_keras2(os.path.join(out, "theano_conv.h5"), flipped, version=b"2.1.2", backend=b"theano")
    reference(out, "theano_conv", tx, lambda x: dense(conv2d_last(x, tw[0][1], "relu").reshape(x.shape[0], -1),
                                                       tw[2][1], "softmax"))

    # CuDNNLSTM weights for an LSTM with sigmoid gates (what CuDNN computes).
    cuk, cuu, cub = rand(4, 12), rand(3, 12), rand(12)
    cudnn_k = np.hstack([g.T.reshape(g.shape, order="C") for g in np.hsplit(cuk, 4)])
    cudnn_u = np.hstack([g.T for g in np.hsplit(cuu, 4)])
    cudnn_b = np.tile(0.5 * cub, 2)
    cud = [rand(3, 2), rand(2)]
    cux = RNG.uniform(0, 1, size=(3, 5, 4)).astype("float32")
    save_keras2(os.path.join(out, "cudnn_lstm.h5"), [("cu_dnnlstm_1", [cudnn_k, cudnn_u, cudnn_b]), ("dense_1", cud)])
    reference(out, "cudnn_lstm", cux, lambda x: dense(lstm(x, [cuk, cuu, cub], 3, ract=sigmoid), cud, "softmax"))

    # tf.keras's GRU (reset_after=True), and the same weights in CuDNNGRU's layout.
    rk, ru, rb = rand(3, 12), rand(4, 12), rand(2, 12)
    rd = [rand(4, 2), rand(2)]
    rx = RNG.uniform(0, 1, size=(3, 6, 3)).astype("float32")
    save_keras2(os.path.join(out, "gru_reset_after.h5"), [("gru", [rk, ru, rb]), ("dense", rd)], version=b"2.4.0")
    reference(out, "gru_reset_after", rx, lambda x: dense(gru_reset_after(x, [rk, ru, rb], 4), rd, "softmax"))
    cudnn_gk = np.hstack([g.T.reshape(g.shape, order="C") for g in np.hsplit(rk, 3)])
    cudnn_gu = np.hstack([g.T for g in np.hsplit(ru, 3)])
    save_keras2(os.path.join(out, "cudnn_gru.h5"), [("cu_dnngru_1", [cudnn_gk, cudnn_gu, rb.reshape(-1)]), ("dense_1", rd)])

    write_tfkeras(out, mlp_w, mlp_x, mlp_fwd)
    write_keras3(out, mlp_w, mlp_x, mlp_fwd)


def write_tfkeras(out, mlp_w, x, fwd):
    """A tf.keras 2.4 model file of the MLP (layer names dense, dense_1, ... as tf.keras names them)."""
    names = {"dense_1": "dense", "dropout_1": "dropout", "dense_2": "dense_1", "dropout_2": "dropout_1",
             "dense_3": "dense_2"}
    layers = []
    for old, weights in mlp_w:
        new = names[old]
        if old.startswith("dense"):
            units = weights[0].shape[1]
            act = "softmax" if old == "dense_3" else "relu"
            cfg = {"name": new, "trainable": True, "dtype": "float32", "units": units, "activation": act,
                   "use_bias": True, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                   "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
                   "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
                   "bias_constraint": None}
            if old == "dense_1":
                cfg["batch_input_shape"] = [None, 20]
            layers.append({"class_name": "Dense", "config": cfg})
        else:
            layers.append({"class_name": "Dropout", "config": {"name": new, "trainable": True, "dtype": "float32",
                                                               "rate": 0.5, "noise_shape": None, "seed": None}})
    model_config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 20], "dtype": "float32", "sparse": False,
                                                "ragged": False, "name": "dense_input"}}] + layers}}
    training_config = {"loss": "categorical_crossentropy", "metrics": [[{"class_name": "MeanMetricWrapper", "config": {
        "name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]], "weighted_metrics": None,
        "loss_weights": None, "optimizer_config": {"class_name": "Adam", "config": {
            "name": "Adam", "learning_rate": 0.0010000000474974513, "decay": 0.0, "beta_1": 0.8999999761581421,
            "beta_2": 0.9990000128746033, "epsilon": 1e-07, "amsgrad": False}}}
    with h5py.File(os.path.join(out, "tfkeras_model.h5"), "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = "2.4.0"
        f.attrs["model_config"] = json.dumps(model_config)
        f.attrs["training_config"] = json.dumps(training_config)
        g = f.create_group("model_weights")
        g.attrs["backend"] = "tensorflow"
        g.attrs["keras_version"] = "2.4.0"
        g.attrs["layer_names"] = [names[n] for n, _ in mlp_w]
        trainable = []
        for old, weights in mlp_w:
            lg = g.create_group(names[old])
            wn = ["%s/%s:0" % (names[old], s) for s in ["kernel", "bias"][:len(weights)]]
            lg.attrs["weight_names"] = wn
            for n, v in zip(wn, weights):
                lg.create_dataset(n, data=v)
                trainable.append((n.replace(":0", ""), v))
        og = f.create_group("optimizer_weights")
        onames = ["Adam/iter:0"] + ["Adam/%s/m:0" % n for n, _ in trainable] + ["Adam/%s/v:0" % n for n, _ in trainable]
        og.attrs["weight_names"] = onames
        og.create_dataset("Adam/iter:0", data=np.int64(7))
        for n, v in trainable:
            og.create_dataset("Adam/%s/m:0" % n, data=(0.01 * np.ones_like(v)).astype("float32"))
            og.create_dataset("Adam/%s/v:0" % n, data=(0.001 * np.ones_like(v)).astype("float32"))
    reference(out, "tfkeras_model", x, fwd)


def k3(module, cls, config, **extra):
    d = {"module": module, "class_name": cls, "config": config, "registered_name": None}
    d.update(extra)
    return d


def write_keras3(out, mlp_w, x, fwd):
    """The MLP as a Keras 3.8 functional model in a .keras archive, and its .weights.h5."""
    policy = k3("keras", "DTypePolicy", {"name": "float32"})
    layers = [k3("keras.layers", "InputLayer", {"batch_shape": [None, 20], "dtype": "float32", "sparse": False,
                                                "name": "input_layer"}, name="input_layer", inbound_nodes=[])]
    previous = ("input_layer", [None, 20])
    dense_names = iter(["dense", "dense_1", "dense_2"])
    drop_names = iter(["dropout", "dropout_1"])
    paths = []
    for old, weights in mlp_w:
        tensor = {"class_name": "__keras_tensor__", "config": {"shape": previous[1], "dtype": "float32",
                                                               "keras_history": [previous[0], 0, 0]}}
        if old.startswith("dense"):
            name = next(dense_names)
            units = weights[0].shape[1]
            cfg = {"name": name, "trainable": True, "dtype": policy, "units": units,
                   "activation": "softmax" if old == "dense_3" else "relu", "use_bias": True,
                   "kernel_initializer": k3("keras.initializers", "GlorotUniform", {"seed": None}),
                   "bias_initializer": k3("keras.initializers", "Zeros", {}), "kernel_regularizer": None,
                   "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
            layers.append(k3("keras.layers", "Dense", cfg, build_config={"input_shape": previous[1]}, name=name,
                             inbound_nodes=[{"args": [tensor], "kwargs": {}}]))
            previous = (name, [None, units])
        else:
            name = next(drop_names)
            cfg = {"name": name, "trainable": True, "dtype": policy, "rate": 0.5, "seed": None, "noise_shape": None}
            layers.append(k3("keras.layers", "Dropout", cfg, build_config={"input_shape": previous[1]}, name=name,
                             inbound_nodes=[{"args": [tensor], "kwargs": {"training": False}}]))
            previous = (name, previous[1])
        paths.append(("layers/" + name + "/vars", weights))
    config = k3("keras", "Functional", {"name": "functional", "trainable": True, "layers": layers,
                                        "input_layers": [["input_layer", 0, 0]],
                                        "output_layers": [["dense_2", 0, 0]]},
                build_config={"input_shape": [None, 20]},
                compile_config={"optimizer": k3("keras.optimizers", "SGD", {
                    "name": "SGD", "learning_rate": 0.01, "weight_decay": None, "clipnorm": None,
                    "global_clipnorm": None, "clipvalue": None, "use_ema": False, "ema_momentum": 0.99,
                    "ema_overwrite_frequency": None, "loss_scale_factor": None, "gradient_accumulation_steps": None,
                    "momentum": 0.9, "nesterov": False}), "loss": "categorical_crossentropy", "loss_weights": None,
                    "metrics": ["accuracy"], "weighted_metrics": None, "run_eagerly": False,
                    "steps_per_execution": 1, "jit_compile": False})

    def weights_file(target, with_optimizer):
        with h5py.File(target, "w") as f:
            f.create_group("vars")
            f.create_group("layers/input_layer/vars")
            for path, weights in paths:
                g = f.create_group(path)
                g.attrs["name"] = path.split("/")[1]
                for i, v in enumerate(weights):
                    g.create_dataset(str(i), data=v)
            if with_optimizer:
                g = f.create_group("optimizer/vars")
                g.create_dataset("0", data=np.int64(3))
                g.create_dataset("1", data=np.float32(0.01))
                i = 2
                for _, weights in paths:
                    for v in weights:
                        g.create_dataset(str(i), data=(0.05 * np.ones_like(v)).astype("float32"))
                        i += 1

    buf = io.BytesIO()
    weights_file(buf, True)
    with zipfile.ZipFile(os.path.join(out, "keras3_model.keras"), "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.8.0", "date_saved": "2026-12-01@10:00:00"}))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", buf.getvalue())
    weights_file(os.path.join(out, "keras3_mlp.weights.h5"), False)
    reference(out, "keras3_model", x, fwd)


if __name__ == "__main__":
    main(sys.argv[1])
