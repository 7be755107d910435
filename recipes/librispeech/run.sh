#!/usr/bin/env bash
# LibriSpeech (ROOT/SUBSET/SPK/CHAPTER/*.flac + SPEAKERS.TXT): speaker-invariant training (SIT) against a baseline
# without the speaker adversary, evaluated on held-out speakers of one subset.
# Stages: 0 data dir, 1 log-mel features, 2 split, 3 train baseline, 4 train SIT, 5 evaluate both, 6 report.
# Class counts come from the split. LibriSpeech speakers read different sentences, so the content head needs
# frame-level phone labels from forced alignments: --alignments CTM (phone CTM of this subset's utterances, e.g.
# Kaldi's `ali-to-phones --ctm-output final.mdl ark:"gunzip -c ali.*.gz|" - | utils/int2sym.pl -f 5 phones.txt`
# from egs/librispeech/s5 tri4b alignments; times in seconds from each utterance's start), or a folder of Montreal
# Forced Aligner TextGrids (UTT.TextGrid with a 'phones' tier), makes stage 0 write
# data/SUBSET_aligned (the aligned utterances) with frame_labels.txt and phones.txt (`sdt data ctm-to-frame-labels`:
# position suffixes and stress dropped); the later stages use that dir and the labels (frame_level_content).
# Without --alignments the recipe stops before stage 0 unless the transcripts are one-word (the synthetic digits of
# `sdt corpus synth-librispeech`), which are then the classes.
# Quick check on a tiny corpus: --steps 50 --held-speakers 2 --test-fraction 0.2 (with --alignments: a CTM of that
# corpus, e.g. SIL / word / SIL segments per utterance).
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
alignments=            # phone CTM of the subset, or a folder of MFA TextGrids (see above); empty: one-word transcripts give the classes
skip_bad=false         # true: ctm-to-frame-labels reports and skips bad CTM lines and unknown utterances
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
  require_corpus "the LibriSpeech/ folder holding $subset/ and SPEAKERS.TXT"
  if [ -n "$alignments" ] && [ ! -e "$alignments" ]; then echo "$0: --alignments '$alignments' does not exist" >&2; exit 1; fi
  [ -d "$corpus/$subset" ] && [ -f "$corpus/SPEAKERS.TXT" ] \
    || { echo "$0: '$corpus' is not a LibriSpeech corpus with subset $subset: expected $corpus/$subset/ and $corpus/SPEAKERS.TXT" >&2; exit 1; }
fi
# Without alignments, only one-word transcripts (utterance-level classes) let training run: check before any work.
if [ -z "$alignments" ] && [ "$stop_stage" -ge 3 ] && ! { [ "$stage" -gt 0 ] && [ -f "$data/${subset}_aligned/frame_labels.txt" ]; }; then
  if [ "$stage" -le 0 ]; then transcripts=$(find "$corpus/$subset" -name '*.trans.txt' -exec cat {} +)
  else transcripts=$(cat "$data/$subset/text" 2>/dev/null || true); fi
  if [ "$(awk 'NF == 2 { print $2 }' <<< "$transcripts" | sort -u | wc -l)" -lt 2 ]; then
    echo "$0: the $subset transcripts are sentences, which give no utterance-level content classes: SIT on LibriSpeech needs" >&2
    echo "  forced phone alignments for frame-level content. Give them with --alignments CTM ('utt channel start duration phone'" >&2
    echo "  lines, times from each utterance's start), e.g. from Kaldi egs/librispeech/s5 (tri4b alignments of this subset):" >&2
    echo "    ali-to-phones --ctm-output exp/tri4b_ali/final.mdl \"ark:gunzip -c exp/tri4b_ali/ali.*.gz|\" - | utils/int2sym.pl -f 5 data/lang/phones.txt" >&2
    echo "  or give a folder of Montreal Forced Aligner TextGrids (UTT.TextGrid, 'phones' tier). --stop-stage 2 runs the data stages only." >&2
    exit 1
  fi
fi
bash ../../scripts/setup.sh
. ../common/sdt.sh
. ../common/cmd.sh
. ../common/sharded.sh

if run_stage 0; then
  log_stage 0 "Kaldi data dir from $corpus/$subset"
  sdt data prepare-librispeech --corpus "$corpus" --subset "$subset" --out "$data/$subset"
  if [ -n "$alignments" ]; then
    skip_flag=()
    [ "$skip_bad" = true ] && skip_flag=(--skip-bad)
    source_flag=(--ctm "$alignments")
    [ -d "$alignments" ] && source_flag=(--textgrids "$alignments")
    sdt data ctm-to-frame-labels "${source_flag[@]}" --data-dir "$data/$subset" --aligned-data-dir "$data/${subset}_aligned" \
      --out "$data/${subset}_aligned/frame_labels.txt" --strip-stress "${skip_flag[@]}"
  fi
fi

# With alignments, the later stages work on the aligned utterances (data/SUBSET_aligned, with their frame labels).
src_dir="$data/$subset"
if [ -n "$alignments" ] || { [ "$stage" -gt 0 ] && [ -f "$data/${subset}_aligned/frame_labels.txt" ]; }; then
  src_dir="$data/${subset}_aligned"
  # Relative to the split folder data/split.
  train_set="model_options.frame_level_content=true data.frame_labels=../${subset}_aligned/frame_labels.txt $train_set"
fi
. ../common/sit_stages.sh
