#!/usr/bin/env bash
# Are drawn espeak-ng voices distinct speakers? For each voice count and voice seed: synthesise the digit corpus with
# `sdt corpus synth-digits --voices N --voice-seed S` (timed: utterances/s), prepare a data dir, compute 80-bin Kaldi
# log-mel features, then `sdt features probe` on the raw features (mean+std pooled, no CMVN):
#   speaker, held-out renditions: fitted on the first repeats of every digit by every voice, scored on the last
#                                 (--held-fraction of them: 2 of 6 at the defaults);
#   speaker, held-out words:      fitted on zero..seven, scored on eight and nine (words the probe never saw);
#   content:                      which digit, on held-out renditions (the voices stay intelligible).
# Prints each probe's lines and ends with a markdown table. docs/corpus-voices.md records the figures.
#
# Usage: bench/voice_distinctness.sh [--voices "100 400"] [--seeds "7 11"] [--repeats 6] [--held-fraction 0.25]
#          [--steps 3000] [--nj 2] [--work DIR] [--keep] [--sdt PATH (default: build and use this checkout's)]
set -euo pipefail
cd "$(dirname "$0")/.."

voices="100 400"
seeds="7 11"
repeats=6
held_fraction=0.25
steps=3000
nj=2
work=${TMPDIR:-/tmp}/sdt-voice-distinctness
keep=0
sdt_path=

while [ $# -gt 0 ]; do
  case "$1" in
    --voices) voices=$2 ;;
    --seeds) seeds=$2 ;;
    --repeats) repeats=$2 ;;
    --held-fraction) held_fraction=$2 ;;
    --steps) steps=$2 ;;
    --nj) nj=$2 ;;
    --work) work=$2 ;;
    --keep) keep=1; shift; continue ;;
    --sdt) sdt_path=$2 ;;
    *) echo "unknown option $1 (see the usage line at the top of $0)" >&2; exit 2 ;;
  esac
  shift 2
done

if [ -n "$sdt_path" ]; then
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
  sdt() { "$sdt_path" "$@"; }
else
  . recipes/common/sdt.sh
fi

echo "# voice distinctness: voices [$voices], seeds [$seeds], $repeats repeats of each digit, held-out fraction $held_fraction, $steps steps"
echo "# machine: $(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
rows=()
for n in $voices; do
  for seed in $seeds; do
    dir=$work/v${n}_s${seed}
    rm -rf "$dir"
    start=$(date +%s.%N)
    sdt corpus synth-digits --out "$dir/corpus" --voices "$n" --voice-seed "$seed" --repeats "$repeats" --sentences 0 --nj "$nj" | tail -n 1
    end=$(date +%s.%N)
    utts=$(find "$dir/corpus/wav48" -name '*.wav' | wc -l)
    rate=$(awk -v u="$utts" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", u / (b - a) }')
    echo "synthesis: $utts utterances at $rate utterances/s ($nj espeak-ng processes)"
    sdt data prepare-vctk --corpus "$dir/corpus" --out "$dir/data" >/dev/null
    sdt features compute --data-dir "$dir/data" --out-dir "$dir/fbank" --preset kaldi --nj "$nj" | tail -n 1
    # Shows the probe's lines (on stderr, written through the open descriptor: `tee /dev/stderr` would reopen, and
    # so truncate, a log file that stderr is redirected to) and keeps "logistic / 1-NN" for the table.
    probe() {
      local out
      out=$(sdt features probe --data-dir "$dir/fbank" --steps "$steps" "$@")
      echo "$out" >&2
      echo "$out" | sed -n 's/.*logistic regression ([0-9]* steps) \([0-9.]*\), 1-NN \([0-9.]*\);.*/\1 \/ \2/p'
    }
    renditions=$(probe --held-fraction "$held_fraction")
    words=$(probe --held-texts eight,nine)
    content=$(probe --label content --held-fraction "$held_fraction")
    rows+=("| $n | $seed | $renditions | $words | $content | $rate |")
    [ "$keep" = 1 ] || rm -rf "$dir"
  done
done
echo
echo "| voices | voice seed | speaker, held-out renditions (logistic / 1-NN) | speaker, held-out words | content, held-out renditions | synthesis utt/s |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
