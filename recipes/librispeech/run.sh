#!/usr/bin/env bash
# LibriSpeech (ROOT/SUBSET/SPK/CHAPTER/*.flac + SPEAKERS.TXT): speaker-invariant training (SIT) against a baseline
# without the speaker adversary, evaluated on held-out speakers of one subset.
# Stages: 0 data dir, 1 log-mel features, 2 split, 3 train baseline, 4 train SIT, 5 evaluate both, 6 report.
# Class counts come from the split. Content labels are one-word transcripts (e.g. the synthetic digits of `sdt corpus synth-librispeech`);
# a corpus of sentences has none, and stage 3 stops saying so: give frame-level labels instead (a frame_labels.txt of
# "utt id id ..." lines per feature frame with phones.txt beside it, e.g. from forced alignments) with
#   --train-set "model_options.frame_level_content=true data.frame_labels=/abs/path/frame_labels.txt"
# Quick check on a tiny corpus: --steps 50 --held-speakers 2 --test-fraction 0.2.
set -euo pipefail
start_dir=$PWD
cd "$(dirname "$0")"

stage=0
stop_stage=100
corpus=                # required: the LibriSpeech/ folder (holds the subset folders and SPEAKERS.TXT)
subset=dev-clean       # dev-clean (40 speakers, 5.4 h) for a first run; train-clean-100 (251 speakers) for real
nj=2
preset=kaldi           # kaldi | htk | slaney
held_speakers=8        # speakers kept out of training entirely
valid_fraction=0.1
test_fraction=0.1
seed=0
config=conf/sit.yaml
steps=                 # training steps of each run (empty: the config's trainer.max_steps)
train_set=             # extra config overrides for both runs, e.g. "trainer.batch_size=16 data.probe_steps=100"
data=data
exp=exp

. ../common/parse_options.sh
. ../common/corpus_arg.sh
if [ "$stage" -le 0 ]; then
  require_corpus "the LibriSpeech/ folder holding $subset/ and SPEAKERS.TXT"
  [ -d "$corpus/$subset" ] && [ -f "$corpus/SPEAKERS.TXT" ] \
    || { echo "$0: '$corpus' is not a LibriSpeech corpus with subset $subset: expected $corpus/$subset/ and $corpus/SPEAKERS.TXT" >&2; exit 1; }
fi
bash ../../scripts/setup.sh
. ../common/sdt.sh

if run_stage 0; then
  log_stage 0 "Kaldi data dir from $corpus/$subset"
  sdt data prepare-librispeech --corpus "$corpus" --subset "$subset" --out "$data/$subset"
fi

src_dir="$data/$subset"
. ../common/sit_stages.sh
