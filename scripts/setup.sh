#!/usr/bin/env bash
# Brings a machine to the state NegSampling needs; idempotent, safe to run on every CI run.
#  1. TorchSharp 0.107's native library needs GLIBCXX_3.4.32 (libstdc++ from GCC 13+). Debian 12 ships
#     GCC 12's, so on Debian 12 we take libstdc++6 from Debian 13 with the few packages it cannot go without
#     (trixie_packages), pinned low so that nothing else is ever upgraded from Debian 13 by accident.
#  2. Debian's python3-torch runs the PyTorch reference (reference/) that the parity tests compare to, and
#     python3-gensim scores exported vectors the way gensim does (evaluation tests) and is the speed baseline (bench/).
#  3. Debian's openmpi-bin (mpirun and OpenMPI's libmpi.so.40) runs training on several processes or machines and
#     its tests.
# Set NEGSAMPLING_SETUP_SKIP_PYTHON=1 to skip step 2 (machines without apt or without Python), and
# NEGSAMPLING_SETUP_SKIP_MPI=1 to skip step 3.
set -euo pipefail

log() { echo "setup: $*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

libstdcxx_path() {
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 \(libc6,AArch64\)/ {print $NF; exit}'
}

has_glibcxx_3_4_32() {
  local lib
  lib=$(libstdcxx_path)
  [ -n "$lib" ] && grep -qa 'GLIBCXX_3\.4\.32' "$lib"
}

# The least that libstdc++6 from trixie takes along (checked with apt-get -s on Debian 12): it needs libc6 >= 2.38;
# libc6 2.41 breaks base-files < 13.3; every installed package built from glibc must match libc6's version exactly;
# trixie's libc6-dev breaks bookworm's libdpkg-perl, and dpkg-dev needs libdpkg-perl of its own version. `-t trixie`
# would also lift dpkg, zstd, libgcc-s1 and the other GCC runtime libraries, which are not needed.
trixie_packages() {
  local wanted="libstdc++6 gcc-14-base libc6 base-files" p
  for p in libc-bin libc-l10n locales locales-all nscd libc6-dbg libc-devtools libc-dev-bin libc6-dev; do
    installed "$p" && wanted="$wanted $p"
  done
  if installed libc6-dev; then
    for p in libdpkg-perl dpkg-dev; do installed "$p" && wanted="$wanted $p"; done
  fi
  echo "$wanted"
}

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
}

ensure_libstdcxx() {
  if has_glibcxx_3_4_32; then
    log "libstdc++ provides GLIBCXX_3.4.32: ok"
    return
  fi
  local codename=""
  [ -r /etc/os-release ] && codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  if [ "$codename" != "bookworm" ]; then
    echo "setup: libstdc++ lacks GLIBCXX_3.4.32 and this is not Debian 12 ($codename):" \
      "install libstdc++ from GCC 13 or newer" >&2
    exit 1
  fi
  log "Debian 12 without GLIBCXX_3.4.32: installing libstdc++6 from Debian 13 (trixie), pinned"
  as_root tee /etc/apt/sources.list.d/negsampling-trixie.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  # Priority 100: trixie packages are never chosen unless asked for by name, as below.
  as_root tee /etc/apt/preferences.d/negsampling-trixie >/dev/null <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  apt_updated=0
  apt_update_once
  local packages
  packages=$(trixie_packages)
  log "from trixie: $packages"
  # shellcheck disable=SC2046 # one word per package
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $(for p in $packages; do echo "$p/trixie"; done)
  has_glibcxx_3_4_32 || { echo "setup: libstdc++6 from trixie installed but GLIBCXX_3.4.32 still missing" >&2; exit 1; }
  log "libstdc++ now provides GLIBCXX_3.4.32"
}

ensure_python_torch() {
  if [ "${NEGSAMPLING_SETUP_SKIP_PYTHON:-0}" = "1" ]; then
    log "skipping python3-torch (NEGSAMPLING_SETUP_SKIP_PYTHON=1)"
    return
  fi
  # Debian's packages serve /usr/bin/python3, whatever python3 comes first on PATH.
  if /usr/bin/python3 -c 'import torch, numpy, gensim, scipy' >/dev/null 2>&1; then
    log "python3 with torch and gensim: ok"
    return
  fi
  log "installing Debian's python3-torch and python3-gensim for the reference and the evaluation cross-checks"
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3-torch python3-numpy python3-gensim python3-scipy
}

has_openmpi() {
  command -v mpirun >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q 'libmpi\.so\.40 '
}

ensure_openmpi() {
  if [ "${NEGSAMPLING_SETUP_SKIP_MPI:-0}" = "1" ]; then
    log "skipping openmpi-bin (NEGSAMPLING_SETUP_SKIP_MPI=1)"
    return
  fi
  if has_openmpi; then
    log "OpenMPI (mpirun, libmpi.so.40): ok"
    return
  fi
  log "installing Debian's openmpi-bin for training on several processes"
  apt_update_once
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openmpi-bin
  has_openmpi || { echo "setup: openmpi-bin installed but mpirun or libmpi.so.40 still missing" >&2; exit 1; }
}

ensure_libstdcxx
ensure_python_torch
ensure_openmpi
log "done"
