#!/usr/bin/env bash
# Executes every notebook in this folder headless on the Kotlin Jupyter kernel from Maven Central,
# with Debian's nbconvert, then checks their outputs. Exits non-zero on any failed cell or check.
#
#   bash notebooks/run-notebooks.sh          (after ./mvnw install; installs Jupyter with apt-get if missing)
#
# Each notebook loads Strata as any user would, from the local Maven repository that ./mvnw install
# fills: @file:Repository("*mavenLocal") and @file:DependsOn("io.strata:strata-jupyter:<version>").
#
# The kernel (0.11.0-398, Kotlin 1.8.20 inside) is resolved into ~/.m2 with Maven; everything it writes
# goes to notebooks/build. Executed copies land in notebooks/build/out.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
B="$HERE/build"
mkdir -p "$B/out" "$B/kernel-home"

if ! command -v jupyter-nbconvert >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    jupyter-nbconvert python3-nbclient jupyter-client python3-nbformat >/dev/null
fi

INSTALLED="${MAVEN_REPO:-$HOME/.m2/repository}/io/strata/strata-jupyter/0.1.0-SNAPSHOT/strata-jupyter-0.1.0-SNAPSHOT.jar"
if [ ! -f "$INSTALLED" ]; then
  echo "missing $INSTALLED: run ./mvnw -B install (or install -DskipTests) first" >&2
  exit 1
fi

MVN="$ROOT/mvnw"
"$MVN" -q -B -f "$HERE/kernel-pom.xml" dependency:build-classpath -Dmdep.outputFile="$B/kernel.cp" >/dev/null

# Jars visible to cells at compile time: the kernel's Kotlin stdlib and API (Strata itself comes in
# through @file:DependsOn, which also loads its JupyterIntegration).
SCRIPT_CP=$(tr ':' '\n' < "$B/kernel.cp" | grep -E '/(kotlin-stdlib|kotlin-stdlib-jdk7|kotlin-stdlib-jdk8|kotlin-reflect|kotlin-script-runtime|kotlin-jupyter-api|kotlin-jupyter-lib)-[0-9]' | paste -sd: -)

# The kernel jar's own logback.xml logs every ZMQ message at DEBUG: keep warnings only.
cat > "$B/kernel-logback.xml" <<'XML'
<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%-5level %logger{30} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="STDERR"/></root>
</configuration>
XML

KDIR="$B/jupyter/kernels/kotlin"
mkdir -p "$KDIR"
python3 - "$KDIR/kernel.json" "$(cat "$B/kernel.cp")" "$SCRIPT_CP" "$B/kernel-home" "$B/kernel-logback.xml" <<'PY'
import json, sys
out, cp, script_cp, home, logback = sys.argv[1:]
json.dump({
    "argv": ["java", "-Xmx3g", "-Dlogback.configurationFile=" + logback, "-cp", cp,
             "org.jetbrains.kotlinx.jupyter.IkotlinKt", "{connection_file}", "-cp=" + script_cp, "-home=" + home],
    "display_name": "Kotlin",
    "language": "kotlin",
    "interrupt_mode": "message",
    "env": {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"},
}, open(out, "w"), indent=1)
PY

status=0
for nb in "$HERE"/*.ipynb; do
  name="$(basename "$nb" .ipynb)"
  start=$(date +%s)
  # The kernel's working directory is the notebook's folder, so relative @file:DependsOn paths resolve there.
  if JUPYTER_PATH="$B/jupyter" jupyter-nbconvert --to notebook --execute \
      --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.kernel_name=kotlin \
      --output-dir "$B/out" "$nb" > "$B/out/$name.log" 2>&1; then
    echo "=== $name.ipynb executed in $(( $(date +%s) - start )) s"
  else
    echo "=== $name.ipynb FAILED after $(( $(date +%s) - start )) s"; tail -30 "$B/out/$name.log"; status=1; continue
  fi
  python3 "$HERE/check-notebooks.py" "$B/out/$name.ipynb" || status=1
done
exit $status
