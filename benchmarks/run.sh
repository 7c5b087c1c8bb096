#!/usr/bin/env bash
# Runs every benchmark with the oneDNN setting Strata's default (-Dstrata.onednn=auto) picks for its
# first model, as measured in RESULTS.md: on for the 784-512-512-10 MLP (W1, W5 on its model,
# start-up) and the convnet (W2), off for the small MLP (W4), the two-branch Merge model (W6) and the
# stacked LSTM (W3). The setting is process-wide in TensorFlow, and a workload reads differently after
# another in the same JVM, so each group runs in its own JVM; Strata and the raw TF Java ceiling
# always share one JVM and one setting.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests
echo "== oneDNN on: W1, W5, start-up, W1 from a Sequence"
./mvnw -B -q -pl benchmarks exec:exec -Dstrata.onednn=1 -Dbench=w1,w5,startup,w1seq
echo "== oneDNN off: W4 (and with steps_per_execution=32), W6"
./mvnw -B -q -pl benchmarks exec:exec -Dstrata.onednn=0 -Dbench=w4,w4spe,w6
echo "== oneDNN off: W3"
./mvnw -B -q -pl benchmarks exec:exec -Dstrata.onednn=0 -Dbench=w3
echo "== oneDNN on: W2"
./mvnw -B -q -pl benchmarks exec:exec -Dstrata.onednn=1 -Dbench=w2
echo "== Keras files against h5py (needs Debian's python3-h5py)"
./mvnw -B -q -pl benchmarks exec:exec -Dstrata.onednn=0 -Dbench=files
