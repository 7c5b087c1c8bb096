#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Reads a file Strata wrote, with h5py, the way Keras reads it, and prints what it found as JSON.

usage: inspect_file.py <file.h5 | file.keras | file.weights.h5>

For HDF5: every group and dataset with its attributes (numpy dtype, shape, values with bytes
decoded), every dataset's dtype, shape and values; and, when the file has Keras 2's layout, the
layer names and weights exactly as Keras 2.2.4's `load_weights_from_hdf5_group` collects them
(`[n.decode('utf8') for n in attrs['layer_names']]`, which works only on byte strings).
For .keras: the zip's entries, config.json, metadata.json and the weights file as above.
"""
import io
import json
import sys
import zipfile

import h5py
import numpy as np


def attr_value(v):
    if isinstance(v, bytes):
        return {"kind": "bytes", "value": v.decode("utf8")}
    if isinstance(v, str):
        return {"kind": "str", "value": v}
    if isinstance(v, np.ndarray):
        if v.dtype.kind == "S":
            return {"kind": "bytes_array", "dtype": str(v.dtype), "value": [x.decode("utf8") for x in v.tolist()]}
        if v.dtype.kind == "O":
            return {"kind": "object_array", "value": [x.decode("utf8") if isinstance(x, bytes) else x for x in v.tolist()]}
        return {"kind": "array", "dtype": str(v.dtype), "shape": list(v.shape), "value": v.tolist()}
    if isinstance(v, (np.integer,)):
        return {"kind": "int", "dtype": str(np.asarray(v).dtype), "value": int(v)}
    if isinstance(v, (np.floating, float)):
        return {"kind": "float", "value": float(v)}
    return {"kind": type(v).__name__, "value": str(v)}


def walk(f):
    nodes = {}

    def visit(name, obj):
        entry = {"attrs": {k: attr_value(v) for k, v in obj.attrs.items()}}
        if isinstance(obj, h5py.Dataset):
            data = obj[()]
            entry["type"] = "dataset"
            entry["dtype"] = str(obj.dtype)
            entry["shape"] = list(obj.shape)
            entry["values"] = np.asarray(data).astype("float64").ravel().tolist()
        else:
            entry["type"] = "group"
            entry["members"] = list(obj.keys())
        nodes[name] = entry

    f.visititems(visit)
    return nodes


def keras224_weights(f):
    """Keras 2.2.4's load_weights_from_hdf5_group, up to the values it would set.

    Keras 2.2.4 calls .decode('utf8') on every name and on keras_version and backend, which only
    works on byte strings (h5py 3's str attributes fail there); "bytes_only" says whether they all were.
    """
    if "layer_names" not in f.attrs and "model_weights" in f:
        f = f["model_weights"]
    seen = {"bytes_only": True}

    def dec(x):
        if isinstance(x, bytes):
            return x.decode("utf8")
        seen["bytes_only"] = False
        return str(x)

    def load_attributes(group, name):
        if name in group.attrs:
            return [dec(n) for n in group.attrs[name]]
        data = []
        chunk_id = 0
        while ("%s%d" % (name, chunk_id)) in group.attrs:
            data.extend([dec(n) for n in group.attrs["%s%d" % (name, chunk_id)]])
            chunk_id += 1
        return data

    version = dec(f.attrs["keras_version"]) if "keras_version" in f.attrs else "1"
    backend = dec(f.attrs["backend"]) if "backend" in f.attrs else None
    layers = []
    for name in load_attributes(f, "layer_names"):
        g = f[name]
        weight_names = load_attributes(g, "weight_names")
        layers.append({"name": name, "weight_names": weight_names,
                       "shapes": [list(np.asarray(g[w]).shape) for w in weight_names]})
    return {"keras_version": version, "backend": backend, "layers": layers, "bytes_only": seen["bytes_only"]}


def inspect_h5(f):
    out = {"root_attrs": {k: attr_value(v) for k, v in f.attrs.items()}, "nodes": walk(f)}
    for key in ("model_config", "training_config"):
        if key in f.attrs:
            v = f.attrs[key]
            out[key] = json.loads(v.decode("utf8") if isinstance(v, bytes) else v)
    if "layer_names" in f.attrs or "layer_names0" in f.attrs or "model_weights" in f:
        out["keras224"] = keras224_weights(f)
    if "optimizer_weights" in f:
        g = f["optimizer_weights"]
        names = [n.decode("utf8") if isinstance(n, bytes) else n for n in g.attrs["weight_names"]]
        out["optimizer_weight_names"] = names
        out["optimizer_weight_shapes"] = [list(np.asarray(g[n]).shape) for n in names]
    return out


def main(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            result = {"format": "zip", "entries": [(i.filename, i.compress_type) for i in z.infolist()],
                      "config": json.loads(z.read("config.json")),
                      "metadata": json.loads(z.read("metadata.json"))}
            with h5py.File(io.BytesIO(z.read("model.weights.h5")), "r") as f:
                result["weights"] = inspect_h5(f)
    else:
        with h5py.File(path, "r") as f:
            result = {"format": "hdf5"}
            result.update(inspect_h5(f))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
