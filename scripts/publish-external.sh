#!/usr/bin/env bash
# Publishes sdt self-contained for linux-x64 with the plain TorchSharp package (no libtorch natives), and packs it
# small enough to carry to a GPU machine. There, point LD_LIBRARY_PATH at a PyTorch install's lib folder:
#   export LD_LIBRARY_PATH=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__)+"/lib")')
#   export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
#   tar xJf sdt-external-linux-x64.tar.xz -C /tmp && /tmp/sdt-external/sdt info
# Usage: scripts/publish-external.sh [OUT_DIR]   (default: artifacts/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts}
mkdir -p "$out"
pub=$(mktemp -d)
dotnet publish src/Cli -c Release -r linux-x64 --self-contained -p:TorchBackend=external --nologo -v quiet -o "$pub/sdt-external"
if find "$pub/sdt-external" -name 'libtorch_cpu.so' | grep -q .; then
  echo "publish-external: libtorch natives leaked into the publish folder; they would shadow the machine's CUDA libtorch" >&2
  exit 1
fi
tar -C "$pub" -cJf "$out/sdt-external-linux-x64.tar.xz.tmp" sdt-external
mv "$out/sdt-external-linux-x64.tar.xz.tmp" "$out/sdt-external-linux-x64.tar.xz"
rm -rf "$pub"
ls -l "$out/sdt-external-linux-x64.tar.xz"
