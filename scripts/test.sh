#!/usr/bin/env bash
# The test command (README, CI): set up, build, run every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet test SpeechDisentangle.sln --nologo -c Release "$@"
