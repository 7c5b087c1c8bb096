#!/usr/bin/env bash
# Installs what the file-format tests read and write Keras files with: Debian's h5py and numpy for
# the system Python (/usr/bin/python3), with apt-get, if that Python cannot import them yet.
#
#   bash tests/install-h5py.sh        (root, or a user who may run apt-get)
set -euo pipefail
if /usr/bin/python3 -c "import h5py, numpy" >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-h5py python3-numpy >/dev/null
/usr/bin/python3 -c "import h5py, numpy"
