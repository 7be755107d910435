#!/usr/bin/env bash
# Coverage-guided fuzzing of one reader with AFL++ and SharpFuzz.
#   fuzz/run.sh READER [SECONDS]     READER: wav wav-pipe sphere npy ark scp idx idx-gz yaml (default 600 s)
# Builds fuzz/SpeechDisentangle.Fuzz into fuzz/out/bin, instruments the reader assemblies once, writes the seed corpus
# (the property tests' valid files), runs afl-fuzz for SECONDS, then replays every crash and hang it saved and prints
# the figures docs/fuzzing.md records. Needs afl++ (Debian: apt-get install afl++); see fuzz/README.md.
set -euo pipefail

reader=${1:?usage: fuzz/run.sh READER [SECONDS]}
seconds=${2:-600}
here=$(cd "$(dirname "$0")" && pwd)
plain=$here/out/plain   # seeds and replays: instrumented code may only run under afl-fuzz
bin=$here/out/afl       # the same build, instrumented
work=$here/out/$reader

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }

if [[ ! -f $bin/.instrumented ]]; then
  rm -rf "$plain" "$bin"
  dotnet build "$here/SpeechDisentangle.Fuzz" -c Release -o "$plain" -nologo -v q
  cp -r "$plain" "$bin"
  (cd "$here" && dotnet tool restore >/dev/null)
  # The readers' own code, and YamlDotNet under the config loader; the rest of Models (TorchSharp models) is left alone.
  (cd "$here" && dotnet sharpfuzz "$bin/SpeechDisentangle.Audio.dll" \
     && dotnet sharpfuzz "$bin/SpeechDisentangle.Models.dll" SpeechDisentangle.Models.Config SpeechDisentangle.Models.Data \
     && dotnet sharpfuzz "$bin/YamlDotNet.dll")
  touch "$bin/.instrumented"
fi

# A shared 2-core machine: no CPU binding, no UI; the first run of each input JITs, hence the long timeout.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
# afl-fuzz's current input and the targets' scratch files go to memory when it can: a disk write per execution is
# most of the cost of the file-based readers.
if [[ -d /dev/shm && -w /dev/shm ]]; then
  AFL_TMPDIR=$(mktemp -d /dev/shm/sdt-fuzz-afl.XXXXXX)
  export AFL_TMPDIR TMPDIR=$AFL_TMPDIR
  trap 'rm -rf "$AFL_TMPDIR"' EXIT
fi
rm -rf "$work"
mkdir -p "$work"
dotnet "$plain/sdt-fuzz.dll" seeds "$reader" "$work/seeds"

export DOTNET_TieredCompilation=0 DOTNET_gcServer=0
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
afl-fuzz -i "$work/seeds" -o "$work/findings" -t 10000 -m none -V "$seconds" -- dotnet "$bin/sdt-fuzz.dll" afl "$reader" \
  > "$work/afl.log" 2>&1 || {
    # The target process died outside SharpFuzz's reach (a stack overflow kills it): keep the input that did it.
    [[ -n ${AFL_TMPDIR:-} && -f $AFL_TMPDIR/.cur_input ]] && cp "$AFL_TMPDIR/.cur_input" "$work/last-input"
    tail -30 "$work/afl.log" >&2
    echo "afl-fuzz stopped early; its last input, if any, is in $work/last-input" >&2
    exit 1
  }

stats=$work/findings/default/fuzzer_stats
get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "reader=$reader started=$started run_time_s=$(get run_time) execs_done=$(get execs_done) execs_per_sec=$(get execs_per_sec)" \
     "corpus=$(get corpus_count) edges=$(get edges_found) crashes=$(get saved_crashes) hangs=$(get saved_hangs)"
for kind in crashes hangs; do
  dir=$work/findings/default/$kind
  if compgen -G "$dir/id:*" >/dev/null; then
    echo "replaying saved $kind:"
    dotnet "$plain/sdt-fuzz.dll" replay "$reader" "$dir"/id:* || true
  fi
done
