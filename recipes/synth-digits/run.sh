#!/usr/bin/env bash
# The built-in corpus: espeak-ng voices saying digits, in the VCTK layout, made here so it needs no download.
# Stages: 0 synthesise, 1 Kaldi data dir, 2 log-mel features (+ a spectrogram picture), 3 split (seen speakers'
# train/valid/test + held-out speakers), 4 baseline, 5 speaker-invariant training (SIT), 6 evaluate both,
# 7 compare (table), 8 extract SIT features (per-frame + utterance embeddings), 9 source-only and 10 DANN from the
# seen voices to the held-out voices with noise (conf/dann.yaml), 11 compare their target accuracy.
# Training writes exp/{baseline,sit}/metrics.json and plots/embeddings_by_{speaker,content}.png (PCA).
# The speaker probes are cross-validated (5 folds) over test/ (seen voices, 30 utterances each at the defaults)
# and unseen/ (held-out voices): each fold is scored by a fresh linear classifier trained on the other folds.
set -euo pipefail
cd "$(dirname "$0")"

stage=0
stop_stage=100
speakers=12            # espeak-ng voices (2..40)
repeats=10             # times each voice says each digit (enough held-out utterances per voice for the probes)
nj=2
preset=kaldi           # kaldi | htk | slaney
corpus=corpus          # where the synthetic VCTK-layout corpus goes
data=data
exp=exp
held_speakers=3        # voices never seen in training (the "unseen" split)
valid_fraction=0.1
test_fraction=0.3
split_seed=1
steps=                 # training steps of baseline and SIT (default: trainer.max_steps of conf/sit.yaml)
dann_steps=            # training steps of source-only and DANN (default: trainer.max_steps of conf/dann.yaml)
cmd=local              # local | slurm: where features, extraction, training and evaluation run (recipes/README.md)
slurm_opts=            # with --cmd slurm: options for every sbatch, e.g. "--partition=cpu --time=4:00:00 --mem=8G"

. ../common/parse_options.sh
bash ../../scripts/setup.sh
. ../common/sdt.sh
. ../common/cmd.sh
. ../common/sharded.sh

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
  compute_features "$data/all" "$data/all_$preset" "$nj" --preset "$preset"
  first_wav=$(head -n 1 "$data/all/wav.scp" | cut -d' ' -f2)
  sdt features plot --wav "$first_wav" --preset "$preset" --out "$exp/plots/first_utterance.png"
fi

split=$data/split_$preset
train_opts=()
[ -n "$steps" ] && train_opts+=(--set "trainer.max_steps=$steps")

if run_stage 3; then
  log_stage 3 "split: $held_speakers unseen speakers; train/valid/test of the others, stratified by digit"
  sdt data split --data-dir "$data/all_$preset" --out-dir "$split" --held-speakers "$held_speakers" \
    --valid-fraction "$valid_fraction" --test-fraction "$test_fraction" --seed "$split_seed"
fi

if run_stage 4; then
  log_stage 4 "train the baseline (no speaker adversary)"
  run_parallel baseline "$exp/log" -- \
    sdt train sit --config conf/sit.yaml --set model_options.adversarial=false --data "$split" --out "$exp/baseline" "${train_opts[@]}"
fi

if run_stage 5; then
  log_stage 5 "speaker-invariant training"
  run_parallel sit "$exp/log" -- sdt train sit --config conf/sit.yaml --data "$split" --out "$exp/sit" "${train_opts[@]}"
fi
wait_parallel   # with --cmd slurm, baseline and SIT train at the same time

if run_stage 6; then
  # Training already evaluates; this stage re-evaluates from the checkpoints (e.g. after changing probe settings).
  log_stage 6 "evaluate baseline and SIT"
  for model in baseline sit; do
    run_parallel "eval_$model" "$exp/log" -- sdt eval --checkpoint "$exp/$model/checkpoints/last.ckpt" --data "$split"
  done
  wait_parallel
fi

if run_stage 7; then
  log_stage 7 "baseline vs SIT (speaker probe: lower is more speaker-invariant; chance = 1/#speakers)"
  sdt compare "$exp/baseline" "$exp/sit"
fi

if run_stage 8; then
  log_stage 8 "extract SIT features (frames + utterance embeddings) for all utterances"
  extract_features "$exp/sit/checkpoints/last.ckpt" "$data/all_$preset" "$exp/sit/features" "$nj"
fi

dann_opts=()
[ -n "$dann_steps" ] && dann_opts+=(--set "trainer.max_steps=$dann_steps")

if run_stage 9; then
  log_stage 9 "source-only baseline: seen voices (labelled) -> held-out voices with noise"
  run_parallel dann_source_only "$exp/log" -- \
    sdt train dann-speech --config conf/dann.yaml --set model_options.source_only=true --data "$split" --out "$exp/dann_source_only" "${dann_opts[@]}"
fi

if run_stage 10; then
  log_stage 10 "DANN: the same, with the held-out voices' adaptation half (unlabelled) behind gradient reversal"
  run_parallel dann "$exp/log" -- sdt train dann-speech --config conf/dann.yaml --data "$split" --out "$exp/dann" "${dann_opts[@]}"
fi
wait_parallel   # with --cmd slurm, source-only and DANN train at the same time

if run_stage 11; then
  log_stage 11 "source-only vs DANN (target: accuracy on the held-out voices' evaluation half; domain: 0.5 = chance)"
  sdt compare "$exp/dann_source_only" "$exp/dann" --metric target_accuracy --metric source_accuracy --metric domain_accuracy
fi
