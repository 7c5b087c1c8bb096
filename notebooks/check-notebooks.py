# SPDX-License-Identifier: Apache-2.0
"""Checks an executed notebook: no cell failed, and the outputs a reader must see are there.

Every notebook must show a model summary (the integration's HTML table, and Keras's text table where
a cell calls summary()) and a final accuracy line ("Test accuracy: 0.9xxx"); a notebook that calls
fit must show Keras's finished progress line per epoch (the live bar, redrawn with carriage returns,
leaves only that line in the saved output) and the history chart. Prints what it found; exits 1 on
any failure.
"""
import json
import re
import sys

path = sys.argv[1]
nb = json.load(open(path))
texts = []
errors = []
sources = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
fits = re.search(r"\.fit\(", sources) is not None
for cell in nb["cells"]:
    if cell["cell_type"] != "code":
        continue
    for out in cell.get("outputs", []):
        kind = out["output_type"]
        if kind == "stream":
            texts.append("".join(out["text"]))
        elif kind in ("execute_result", "display_data"):
            for mime, value in out["data"].items():
                texts.append(mime + ":" + ("".join(value) if isinstance(value, list) else json.dumps(value)))
        elif kind == "error":
            errors.append(out["ename"] + ": " + out["evalue"][:400])
all_text = "\n".join(texts)

checks = {
    "no failed cell": not errors,
    "summary table (text)": "summary()" not in sources or ("Layer (type)" in all_text and "Total params:" in all_text),
    "summary table (HTML)": "<th>Layer (type)</th>" in all_text,
    "history chart (SVG)": not fits or "image/svg+xml:<svg" in all_text.replace("image/svg+xml:\n", "image/svg+xml:"),
    "one progress line per epoch": not fits or (re.search(r"^\d+/\d+ \[=+\] - \d+s", all_text, re.M) is not None
                                                and "\r" not in all_text),
    "final accuracy line": re.search(r"Test accuracy: (0\.\d+|1\.0+)", all_text) is not None,
}
for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
for e in errors:
    print("  error:", e)
m = re.search(r"Test accuracy: ([0-9.]+)", all_text)
if m:
    print("  " + m.group(0))
sys.exit(0 if all(checks.values()) else 1)
