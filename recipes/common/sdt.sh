# Builds the sdt command-line program once (Release) and defines `sdt` for the recipe's stages.
# SDT_BIN=PATH uses that sdt instead and builds nothing; SDT_SKIP_BUILD=1 uses the Release build as it is.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
sdt_bin="${SDT_BIN:-$repo_root/src/Cli/bin/Release/net10.0/sdt}"
if [ "${SDT_SKIP_BUILD:-0}" != 1 ] && [ -z "${SDT_BIN:-}" ]; then
  dotnet build "$repo_root/src/Cli" -c Release --nologo -v quiet -clp:NoSummary >/dev/null \
    || { echo "building sdt failed: run 'dotnet build $repo_root/src/Cli -c Release' to see why" >&2; exit 1; }
fi
# One torch thread unless the caller says otherwise: these models are small, and on a 2-core machine with any other
# job running, two OpenMP threads made SIT training 15x slower (0.6 vs 9.2 steps/s; docs/performance.md).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# A recipe stage trains from scratch: run again, it replaces its experiment (sdt train refuses a folder that holds a
# run unless told, and says on stderr what --overwrite deleted). A stage that resumes passes --resume itself.
sdt() {
  if [ "$1" = train ] && [[ " $* " != *" --resume "* ]]; then "$sdt_bin" "$@" --overwrite; else "$sdt_bin" "$@"; fi
}
log_stage() { echo "=== stage $1: $2 ($(date +%H:%M:%S))"; }
run_stage() { [ "$stage" -le "$1" ] && [ "$stop_stage" -ge "$1" ]; }
