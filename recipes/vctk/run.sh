#!/usr/bin/env bash
# VCTK (0.80: wav48/*.wav, or 0.92: wav48_silence_trimmed/*_mic1.flac): speaker-invariant training (SIT) against
# a baseline without the speaker adversary, evaluated on held-out speakers.
# Stages: 0 data dir, 1 log-mel features, 2 split, 3 train baseline, 4 train SIT, 5 evaluate both, 6 report.
# Class counts come from the split. Content labels are one-word transcripts (e.g. the synthetic digits of `sdt corpus synth-digits`);
# a corpus of sentences has none, and stage 3 stops saying so: give frame-level labels instead (a frame_labels.txt of
# "utt id id ..." lines per feature frame with phones.txt beside it, e.g. from forced alignments) with
#   --train-set "model_options.frame_level_content=true data.frame_labels=/abs/path/frame_labels.txt"
# Quick check on a tiny corpus: --steps 50 --held-speakers 2 --test-fraction 0.2.
set -euo pipefail
start_dir=$PWD
cd "$(dirname "$0")"

stage=0
stop_stage=100
corpus=                # required: the VCTK folder (holds wav48/ or wav48_silence_trimmed/, and txt/)
mic=mic1               # VCTK 0.92 microphone: mic1 | mic2
nj=2
preset=kaldi           # kaldi | htk | slaney
held_speakers=10       # speakers kept out of training entirely
valid_fraction=0.1
test_fraction=0.1
seed=0
content=sentence       # sentence: shared sentences are the content classes | word: one-word transcripts are them
sentence_speakers=3    # with --content sentence: seen speakers who must read a sentence for it to be a class
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
  require_corpus "the VCTK folder holding wav48/ (0.80) or wav48_silence_trimmed/ (0.92)"
  [ -d "$corpus/wav48" ] || [ -d "$corpus/wav48_silence_trimmed" ] \
    || { echo "$0: '$corpus' is not a VCTK corpus: it has neither wav48/ (0.80) nor wav48_silence_trimmed/ (0.92)" >&2; exit 1; }
fi
bash ../../scripts/setup.sh
. ../common/sdt.sh
. ../common/cmd.sh
. ../common/sharded.sh

if run_stage 0; then
  log_stage 0 "Kaldi data dir from $corpus"
  sdt data prepare-vctk --corpus "$corpus" --mic "$mic" --out "$data/all"
fi

src_dir="$data/all"
. ../common/sit_stages.sh
