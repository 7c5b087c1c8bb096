# SPDX-License-Identifier: Apache-2.0
"""Writes small imdb.npz / reuters.npz files as Keras's are (object arrays of int lists, pickled by
np.savez), and prints what Keras 3's imdb.load_data and reuters.load_data return for them with the
given arguments, following Keras's steps with NumPy's own RandomState. Used by WordDatasetsSpec.

    python3 keras_word_datasets.py OUT_DIR NUM_WORDS SKIP_TOP MAXLEN
"""
import json
import sys

import numpy as np

out, num_words, skip_top, maxlen = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.RandomState(7)


def seqs(n):
    arr = np.empty(n, dtype=object)
    for i in range(n):
        arr[i] = [int(w) for w in rng.randint(1, 40, size=rng.randint(1, 12))]
    return arr


x_train, x_test, x = seqs(30), seqs(20), seqs(25)
y_train, y_test, y = rng.randint(0, 2, 30), rng.randint(0, 2, 20), rng.randint(0, 5, 25)
np.savez(out + "/imdb.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
np.savez(out + "/reuters.npz", x=x, y=y)


def prepare(xs, start_char=1, index_from=3):
    return [[start_char] + [w + index_from for w in s] for s in xs]


def keep_short(xs, labels):
    kept = [(s, l) for s, l in zip(xs, labels) if len(s) < maxlen]
    return [s for s, _ in kept], [int(l) for _, l in kept]


def clip(xs, oov_char=2):
    return [[w if skip_top <= w < num_words else oov_char for w in s] for s in xs]


r = np.random.RandomState(113)
i = np.arange(len(x_train)); r.shuffle(i); xtr, ytr = x_train[i], y_train[i]
i = np.arange(len(x_test)); r.shuffle(i); xte, yte = x_test[i], y_test[i]
xtr, ytr = keep_short(prepare(xtr), ytr)
xte, yte = keep_short(prepare(xte), yte)
xs = clip(xtr + xte)
imdb = {"x_train": xs[:len(xtr)], "y_train": ytr, "x_test": xs[len(xtr):], "y_test": yte}

r = np.random.RandomState(113)
i = np.arange(len(x)); r.shuffle(i); xs, ys = keep_short(prepare(x[i]), y[i])
xs = clip(xs)
idx = int(len(xs) * (1 - 0.2))
reuters = {"x_train": xs[:idx], "y_train": ys[:idx], "x_test": xs[idx:], "y_test": ys[idx:]}
print(json.dumps({"imdb": imdb, "reuters": reuters}))
