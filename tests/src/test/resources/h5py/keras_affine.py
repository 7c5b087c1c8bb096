# SPDX-License-Identifier: Apache-2.0
"""Keras's apply_affine_transform for given parameters, as keras_preprocessing composes it
(rotation, then shift; centre at h/2 + 0.5, w/2 + 0.5) and scipy.ndimage.affine_transform applies it
(order 1), on an image read from stdin as JSON; prints the result as JSON.

    python3 keras_affine.py THETA TX TY FILL_MODE CVAL < image.json
"""
import json
import sys

import numpy as np
from scipy import ndimage

theta, tx, ty, mode, cval = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], float(sys.argv[5])
x = np.array(json.load(sys.stdin), dtype=np.float64)  # (rows, cols, channels)
t = np.deg2rad(theta)
m = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
m = m.dot(np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]]))
h, w = x.shape[0], x.shape[1]
ox, oy = h / 2 + 0.5, w / 2 + 0.5
m = np.array([[1, 0, ox], [0, 1, oy], [0, 0, 1]]).dot(m).dot(np.array([[1, 0, -ox], [0, 1, -oy], [0, 0, 1]]))
channels = [ndimage.affine_transform(x[:, :, c], m[:2, :2], m[:2, 2], order=1, mode=mode, cval=cval) for c in range(x.shape[2])]
print(json.dumps(np.stack(channels, axis=2).tolist()))
