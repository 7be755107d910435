#!/usr/bin/env bash
# The built-in corpus: espeak-ng voices saying digits, in the VCTK layout, made here so it needs no download.
# Stages: 0 synthesise, 1 Kaldi data dir, 2 log-mel features (+ a spectrogram picture).
set -euo pipefail
cd "$(dirname "$0")"

stage=0
stop_stage=100
speakers=12            # espeak-ng voices (2..16)
repeats=5              # times each voice says each digit
nj=2
preset=kaldi           # kaldi | htk | slaney
corpus=corpus          # where the synthetic VCTK-layout corpus goes
data=data
exp=exp

. ../common/parse_options.sh
bash ../../scripts/setup.sh
. ../common/sdt.sh

if run_stage 0; then
  log_stage 0 "synthesise $speakers voices x 10 digits x $repeats"
  sdt corpus synth-digits --out "$corpus" --speakers "$speakers" --repeats "$repeats" --nj "$nj"
fi

if run_stage 1; then
  log_stage 1 "Kaldi data dir"
  sdt data prepare-vctk --corpus "$corpus" --out "$data/all"
fi

if run_stage 2; then
  log_stage 2 "$preset log-mel features"
  sdt features compute --data-dir "$data/all" --out-dir "$data/all_$preset" --preset "$preset" --nj "$nj"
  first_wav=$(head -n 1 "$data/all/wav.scp" | cut -d' ' -f2)
  sdt features plot --wav "$first_wav" --preset "$preset" --out "$exp/plots/first_utterance.png"
fi
