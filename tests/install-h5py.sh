#!/usr/bin/env bash
# Installs what the tests check Strata against, for the system Python (/usr/bin/python3), with
# apt-get, if that Python cannot import them yet: Debian's h5py and numpy (Keras files, NumPy's
# RandomState and pickles) and scipy (the affine transforms of Keras's ImageDataGenerator).
#
#   bash tests/install-h5py.sh        (root, or a user who may run apt-get)
set -euo pipefail
if /usr/bin/python3 -c "import h5py, numpy, scipy.ndimage" >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-h5py python3-numpy python3-scipy >/dev/null
/usr/bin/python3 -c "import h5py, numpy, scipy.ndimage"
