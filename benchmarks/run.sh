#!/usr/bin/env bash
# Runs every benchmark in the configuration that is fastest for it, as measured in RESULTS.md:
# TensorFlow's oneDNN kernels on for the 784-512-512-10 MLP (W1, start-up), off for the small
# MLP (W4), single-sample prediction (W5) and the two-branch Merge model (W6). The setting is process-wide in TensorFlow, so each
# group runs in its own JVM; Strata and the raw TF Java ceiling always share one JVM and one setting.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests
echo "== oneDNN on: W1, start-up, W1 from a Sequence"
./mvnw -B -q -pl benchmarks exec:exec -Dstrata.onednn=1 -Dbench=w1,startup,w1seq
echo "== oneDNN off: W4, W5, W6"
./mvnw -B -q -pl benchmarks exec:exec -Dstrata.onednn=0 -Dbench=w4,w5,w6
echo "== Keras files against h5py (needs Debian's python3-h5py)"
./mvnw -B -q -pl benchmarks exec:exec -Dstrata.onednn=0 -Dbench=files
