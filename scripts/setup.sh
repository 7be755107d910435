#!/usr/bin/env bash
# Installs the Debian packages the toolkit and its tests call (only those missing), then restores NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in espeak-ng flac sox libsndfile1 fonts-dejavu-core mate-backgrounds chromium slurm-wlm munge mpich; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "setup: missing Debian packages, and installing them needs root (no sudo here). As root, run:" >&2
      echo "  apt-get update && apt-get install -y --no-install-recommends ${need[*]}" >&2
      echo "then run this command again." >&2
      exit 1
    fi
    sudo_cmd="sudo"
  fi
  $sudo_cmd apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
dotnet restore SpeechDisentangle.sln >/dev/null
