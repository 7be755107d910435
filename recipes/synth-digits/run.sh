#!/usr/bin/env bash
# The built-in corpus: espeak-ng voices saying digits, in the VCTK layout, made here so it needs no download.
# By default 120 voices drawn from espeak-ng's voice parameters (docs/corpus-voices.md); --voices 0 uses the
# named voices of --speakers instead.
# Stages: 0 synthesise, 1 Kaldi data dir, 2 log-mel features (+ a spectrogram picture), 3 split (seen speakers'
# train/valid/test + held-out speakers), 4 baseline, 5 speaker-invariant training (SIT), one run per seed of --seeds,
# 6 evaluate all again (only when the job starts at stage 6: training evaluates), 7 compare (table), 8 extract SIT
# features (per-frame + utterance embeddings), 9 unseen-voice table: speaker and content probes on the extracted
# frames and utterance embeddings of the held-out voices, baseline vs SIT, 10 source-only and
# 11 DANN from the seen voices to the held-out voices with noise (conf/dann.yaml), 12 compare their target accuracy.
# Training writes exp/{baseline,sit}/metrics.json and plots/embeddings_by_{speaker,content}.png (PCA; also
# unseen_by_{speaker,content}.png: the held-out voices alone).
# The speaker probes of stage 7 are cross-validated (5 folds) over test/ (seen voices) and unseen/ (held-out
# voices) on the pooled utterance embeddings: each fold is scored by a fresh linear classifier trained on the other
# folds. Stage 9's probes read mean+std pooled frames, cross-validated over renditions (5 folds: each rendition of a
# digit by a voice is scored by a probe fitted on that voice's other renditions and everything else).
set -euo pipefail
cd "$(dirname "$0")"

stage=0
stop_stage=100
voices=120             # drawn espeak-ng voices (2..6000; docs/corpus-voices.md); 0 = the named voices of --speakers
voice_seed=7           # seed of the drawn voices
speakers=12            # named espeak-ng voices (2..40) when --voices 0
repeats=5              # times each voice says each digit (enough held-out utterances per voice for the probes)
sentences=0            # three-digit sentences per voice (no content label)
seeds="1 2 3"          # training seeds of baseline and SIT: the tables give each seed, the mean and the range
nj=2
local_jobs=2           # with --cmd local: trainings, evaluations and probes run this many at a time (one torch thread each)
preset=kaldi           # kaldi | htk | slaney
corpus=corpus          # where the synthetic VCTK-layout corpus goes
data=data
exp=exp
held_speakers=20       # voices never seen in training (the "unseen" split)
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
  if [ "$voices" -gt 0 ]; then
    log_stage 0 "synthesise $voices drawn voices (seed $voice_seed) x 10 digits x $repeats"
    sdt corpus synth-digits --out "$corpus" --voices "$voices" --voice-seed "$voice_seed" --repeats "$repeats" --sentences "$sentences" --nj "$nj"
  else
    log_stage 0 "synthesise $speakers named voices x 10 digits x $repeats"
    sdt corpus synth-digits --out "$corpus" --speakers "$speakers" --repeats "$repeats" --sentences "$sentences" --nj "$nj"
  fi
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

# One experiment per model and seed: the first seed in exp/baseline and exp/sit, others in exp/{baseline,sit}_seedN.
runs() { local model=$1 first=1 seed; for seed in $seeds; do
  if [ $first = 1 ]; then echo "$exp/$model"; first=0; else echo "$exp/${model}_seed$seed"; fi; done; }
seed_of() { local name; name=$(basename "$1"); case "$name" in *_seed*) echo "${name##*_seed}" ;; *) set -- $seeds; echo "$1" ;; esac; }

if run_stage 4; then
  log_stage 4 "train the baseline (no speaker adversary), seeds: $seeds"
  for dir in $(runs baseline); do
    run_parallel "$(basename "$dir")" "$exp/log" -- sdt train sit --config conf/sit.yaml --set model_options.adversarial=false \
      --set trainer.seed="$(seed_of "$dir")" --data "$split" --out "$dir" "${train_opts[@]}"
  done
fi

if run_stage 5; then
  log_stage 5 "speaker-invariant training, seeds: $seeds"
  for dir in $(runs sit); do
    run_parallel "$(basename "$dir")" "$exp/log" -- sdt train sit --config conf/sit.yaml \
      --set trainer.seed="$(seed_of "$dir")" --data "$split" --out "$dir" "${train_opts[@]}"
  done
fi
wait_parallel   # with --cmd slurm, every baseline and SIT run trains at the same time

if run_stage 6 && [ "$stage" -ge 6 ]; then
  # Training already evaluates, so this stage runs only when the job starts here (--stage 6): it re-evaluates from
  # the checkpoints, e.g. after changing probe settings.
  log_stage 6 "evaluate baseline and SIT"
  for dir in $(runs baseline) $(runs sit); do
    run_parallel "eval_$(basename "$dir")" "$exp/log" -- sdt eval --checkpoint "$dir/checkpoints/last.ckpt" --data "$split"
  done
  wait_parallel
fi

if run_stage 7; then
  log_stage 7 "baseline vs SIT on the pooled utterance embeddings (speaker probe: lower is more speaker-invariant; chance = 1/#speakers)"
  if [ "$(echo $seeds | wc -w)" -gt 1 ]; then   # one table per model, with the mean over seeds
    sdt compare $(runs baseline) --mean
    sdt compare $(runs sit) --mean
  else
    sdt compare $(runs baseline) $(runs sit)
  fi
fi

if run_stage 8; then
  log_stage 8 "extract SIT features (frames + utterance embeddings) for all utterances"
  extract_features "$exp/sit/checkpoints/last.ckpt" "$data/all_$preset" "$exp/sit/features" "$nj"
fi

if run_stage 9; then
  log_stage 9 "unseen voices: speaker and content read from mean+std pooled frames and from utterance embeddings (what a user of sdt extract gets)"
  folds=$(( repeats < 5 ? repeats : 5 ))   # every fold needs a rendition to score
  probe() {  # probe DATA_DIR LABEL [--scp S] -> the logistic regression's held-out accuracy and chance
    sdt features probe --data-dir "$1" --label "$2" "${@:3}" --folds "$folds" | sed -n 's/.*logistic regression ([0-9]* steps) \([0-9.]*\).*chance \([0-9.]*\).*/\1 \2/p'
  }
  probe_pair() {  # probe_pair DATA_DIR [--scp S] -> speaker accuracy and chance, content accuracy and chance; fails if a probe did
    local s c
    s=$(probe "$1" speaker "${@:2}") && c=$(probe "$1" content "${@:2}") && [ -n "$s" ] && [ -n "$c" ] && echo "$s $c"
  }
  probe_run() {  # probe_run EXP_DIR: extracts its features of the unseen voices; DIR/unseen_probes.txt = "model kind speaker chance content chance" rows
    local dir=$1 kind model scp result
    sdt extract --checkpoint "$dir/checkpoints/last.ckpt" --data-dir "$split/unseen" --out-dir "$dir/features_unseen"
    model=$(basename "$dir" | sed 's/_seed.*//')
    for kind in frames utt_embeddings; do
      scp=(); [ $kind = utt_embeddings ] && scp=(--scp utt_embeddings.scp)
      result=$(probe_pair "$dir/features_unseen" "${scp[@]}")
      echo "$model $kind $result" >>"$dir/unseen_probes.tmp"
    done
    mv "$dir/unseen_probes.tmp" "$dir/unseen_probes.txt"
  }
  # The raw log-mel and the runs are probed local_jobs at a time (one torch thread each, output in DIR/unseen_probes.log),
  # then printed in order; Ctrl-C stops them all.
  raw=$exp/unseen_probes_raw; rm -f "$raw.txt"
  trap 'cmd_kill_tree $(jobs -p); echo "stage 9: stopped" >&2; exit 130' INT TERM
  (probe_pair "$split/unseen" >"$raw.tmp" && mv "$raw.tmp" "$raw.txt") >"$raw.log" 2>&1 &
  for dir in $(runs baseline) $(runs sit); do
    rm -f "$dir/unseen_probes.txt" "$dir/unseen_probes.tmp"
    cmd_wait_for_slot "$local_jobs"
    (set -e; probe_run "$dir") >"$dir/unseen_probes.log" 2>&1 &
  done
  wait
  trap - INT TERM
  [ -s "$raw.txt" ] || { echo "stage 9: probing the raw log-mel of $split/unseen failed; log: $raw.log" >&2; tail -n 5 "$raw.log" >&2; exit 1; }
  read -r acc chance cacc cchance <"$raw.txt"
  echo "| features of the $held_speakers unseen voices | seed | speaker (chance) | content (chance) |"
  echo "|---|---:|---:|---:|"
  echo "| raw log-mel ($preset) | - | $acc ($chance) | $cacc ($cchance) |"
  rows=$exp/unseen_probes.txt; : >"$rows"   # model kind speaker content, one line per seed, for the means
  for dir in $(runs baseline) $(runs sit); do
    [ -s "$dir/unseen_probes.txt" ] || { echo "stage 9: extracting or probing $dir failed; log: $dir/unseen_probes.log" >&2; tail -n 5 "$dir/unseen_probes.log" >&2; exit 1; }
    while read -r model kind acc chance cacc cchance; do
      echo "| $model $kind | $(seed_of "$dir") | $acc ($chance) | $cacc ($cchance) |"
      echo "$model $kind $acc $cacc" >>"$rows"
    done <"$dir/unseen_probes.txt"
  done
  if [ "$(echo $seeds | wc -w)" -gt 1 ]; then
    awk '{ k = $1 " " $2; if (!(k in n)) order[++m] = k; n[k]++; s[k] += $3; c[k] += $4
           if (!(k in lo) || $3 < lo[k]) lo[k] = $3; if (!(k in hi) || $3 > hi[k]) hi[k] = $3 }
         END { for (i = 1; i <= m; i++) { k = order[i]
               printf "| %s | mean of %d | %.4f (range %s-%s) | %.4f |\n", k, n[k], s[k] / n[k], lo[k], hi[k], c[k] / n[k] } }' "$rows"
  fi
fi

dann_opts=()
[ -n "$dann_steps" ] && dann_opts+=(--set "trainer.max_steps=$dann_steps")

if run_stage 10; then
  log_stage 10 "source-only baseline: seen voices (labelled) -> held-out voices with noise"
  run_parallel dann_source_only "$exp/log" -- \
    sdt train dann-speech --config conf/dann.yaml --set model_options.source_only=true --data "$split" --out "$exp/dann_source_only" "${dann_opts[@]}"
fi

if run_stage 11; then
  log_stage 11 "DANN: the same, with the held-out voices' adaptation half (unlabelled) behind gradient reversal"
  run_parallel dann "$exp/log" -- sdt train dann-speech --config conf/dann.yaml --data "$split" --out "$exp/dann" "${dann_opts[@]}"
fi
wait_parallel   # with --cmd slurm, source-only and DANN train at the same time

if run_stage 12; then
  log_stage 12 "source-only vs DANN (target: accuracy on the held-out voices' evaluation half; domain: 0.5 = chance)"
  sdt compare "$exp/dann_source_only" "$exp/dann" --metric target_accuracy --metric source_accuracy --metric domain_accuracy
fi
