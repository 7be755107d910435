#!/usr/bin/env bash
# TIMIT (ROOT/{TRAIN,TEST}/DR1..DR8/SPK/*.WAV SPHERE + .PHN, upper or lower case): data dirs with per-frame phone
# labels (39 or 61 classes), then speaker-invariant training (SIT) against a baseline without the speaker adversary.
# Stages: 0 data dirs + frame labels (train, test), 1 log-mel features, 2 split of train, 3 train baseline,
# 4 train SIT, 5 evaluate both, 6 report.
# The content head labels every frame with a phone (conf/sit.yaml: frame_level_content, data.frame_labels =
# data/train/frame_labels.txt); content_acc_* are frame accuracies. Class counts come from the split and phones.txt.
# Tiny corpus to try it: sdt corpus synth-timit --out DIR, then --corpus DIR --steps 50 --held-speakers 2 --test-fraction 0.2.
set -euo pipefail
start_dir=$PWD
cd "$(dirname "$0")"

stage=0
stop_stage=100
corpus=                # required: the TIMIT folder holding TRAIN/ and TEST/
phones=39              # frame-label classes: 39 (Lee & Hon folding) | 61
include_sa=false       # true keeps the SA1/SA2 sentences every speaker reads (standard practice drops them)
nj=2
preset=kaldi           # kaldi framing (25 ms / 10 ms, snip edges) is what the frame labels assume
held_speakers=24       # training speakers kept out of training entirely
valid_fraction=0.1
test_fraction=0.1
seed=0
config=conf/sit.yaml
steps=                 # training steps of each run (empty: the config's trainer.max_steps)
train_set=             # extra config overrides for both runs, e.g. "trainer.batch_size=16 data.probe_steps=100"
data=data
exp=exp
cmd=local              # local | slurm: where features, extraction, training and evaluation run (recipes/README.md)
slurm_opts=            # with --cmd slurm: options for every sbatch, e.g. "--partition=cpu --time=4:00:00 --mem=8G"

. ../common/parse_options.sh
. ../common/corpus_arg.sh
if [ "$stage" -le 0 ]; then
  require_corpus "the TIMIT folder holding TRAIN/ and TEST/ (or train/, test/)"
  { [ -d "$corpus/TRAIN" ] || [ -d "$corpus/train" ]; } && { [ -d "$corpus/TEST" ] || [ -d "$corpus/test" ]; } \
    || { echo "$0: '$corpus' is not a TIMIT corpus: expected TRAIN/ and TEST/ folders in it" >&2; exit 1; }
fi
sa_flag=()
[ "$include_sa" = true ] && sa_flag=(--include-sa)
bash ../../scripts/setup.sh
. ../common/sdt.sh
. ../common/cmd.sh
. ../common/sharded.sh

if run_stage 0; then
  log_stage 0 "Kaldi data dirs + $phones-phone frame labels from $corpus"
  for split in train test; do
    sdt data prepare-timit --corpus "$corpus" --split "$split" --out "$data/$split" --phones "$phones" "${sa_flag[@]}"
  done
fi

# The official TEST set is prepared (stage 0) for later use; SIT trains and evaluates on speaker splits of TRAIN.
src_dir="$data/train"
. ../common/sit_stages.sh
