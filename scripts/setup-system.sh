#!/usr/bin/env bash
# Installs the Debian packages the toolkit needs (only those missing). Idempotent; safe to rerun.
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev libgsl-dev pkg-config zlib1g-dev)
# --with-data: also the real data of the main job (Fashion-MNIST IDX files for the stripe parity figure).
# --with-mpi: also Open MPI for the opt-in MPI build (MPI/, scripts/test-mpi.sh). Flags combine.
for flag in "$@"; do
  case "$flag" in
    --with-data) packages+=(dataset-fashion-mnist) ;;
    --with-mpi) packages+=(libopenmpi-dev openmpi-bin libscalapack-openmpi-dev) ;;
    *) echo "setup-system.sh: unknown flag $flag (known: --with-data, --with-mpi)" >&2; exit 64 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
