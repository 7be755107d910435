#!/usr/bin/env bash
# Voice conversion on the synth-digits corpus: AdaIN-VC (one-shot) and adversarial VC (Chou et al. 2018),
# trained on slaney log-mels, evaluated with judge classifiers and MCD, and shown on a demo page.
# Stages: 0 corpus (named voices, or --voices N drawn ones; reused if there), 1 data dir, 2 slaney features,
# 3 train+eval vc-adain, 4 train+eval vc-adv, 5 demo pages, 6 one `sdt convert` from WAV files,
# 7 ablation: vc-adv without the adversary (lambda 0), 8 ablation: vc-adain without instance norm,
# 9 vc-adv stage two: the GAN patcher, trained on top of stage 4's model (trainer.init_from),
# 10 one-shot cross-validation: vc-adain once per pair of voices held out (6 runs on 12 voices; --folds N runs the
# first N pairs only, e.g. on VCTK), a table with means,
# 11 the neural vocoder (Vocos-style) on the corpus audio, judged against Griffin-Lim on the held-out voices,
# 12 demo pages that offer Griffin-Lim and the neural vocoder side by side (needs the models of stages 3, 4 and 11).
# With --voices N (e.g. 120) the corpus has N drawn espeak-ng voices and vc-adain (stages 3, 8, 10) trains with
# conf/vc-adain-many.yaml (10 voices held out, wider, longer, speaker embedding fitted to the reference at
# conversion): docs/results.md#adain-vc. Stages 0-3, 5 and 6 are the many-voice run; the other stages keep their
# 12-voice configs (2 voices held out), and stage 10 needs --folds K (N/2 folds of 24000 steps would take days).
# The speaker split (last unseen_speakers speakers unseen, or those in data.unseen_speaker_ids; every 5th utterance
# held out) is done by the tasks.
# A corpus whose speaker-info.txt says en-gb+f2 for p902 has p902 and p909 as one voice (espeak-ng renders
# en-gb+variant voices alike): delete it ($corpus) so stage 0 makes it again with distinct voices.
set -euo pipefail
cd "$(dirname "$0")"

stage=0
stop_stage=100
speakers=12            # named espeak-ng voices when the corpus is made here
voices=0               # drawn espeak-ng voices instead (e.g. 120; docs/corpus-voices.md); 0 = the named voices
voice_seed=7           # seed of the drawn voices
sentences=4            # three-digit sentences per voice
repeats=5
nj=2
steps=                 # training steps of each model (empty: the configs' max_steps)
corpus=                # default: corpus (named voices) or corpus-vN (--voices N)
data=                  # default: data or data-vN
exp=                   # default: exp or exp-vN
adain_conf=            # vc-adain config; default conf/vc-adain.yaml, or conf/vc-adain-many.yaml with --voices
pairs=4                # demo rows per section
folds=0                # stage 10: held-out pairs to run (the first N of the sorted voices; 0 = all)
cmd=local              # local | slurm: where features, extraction, training and evaluation run (recipes/README.md)
slurm_opts=            # with --cmd slurm: options for every sbatch, e.g. "--partition=cpu --time=4:00:00 --mem=8G"

. ../common/parse_options.sh
suffix=$([ "$voices" -gt 0 ] && echo "-v$voices" || true)
corpus=${corpus:-corpus$suffix}
data=${data:-data$suffix}
exp=${exp:-exp$suffix}
adain_conf=${adain_conf:-$([ "$voices" -gt 0 ] && echo conf/vc-adain-many.yaml || echo conf/vc-adain.yaml)}
bash ../../scripts/setup.sh
. ../common/sdt.sh
. ../common/cmd.sh
. ../common/sharded.sh

if run_stage 0; then
  log_stage 0 "synth-digits corpus in $corpus"
  if [ -f "$corpus/speaker-info.txt" ]; then echo "reusing $corpus"
  elif [ "$voices" -gt 0 ]; then
    sdt corpus synth-digits --out "$corpus" --voices "$voices" --voice-seed "$voice_seed" --repeats "$repeats" --sentences "$sentences" --nj "$nj"
  else sdt corpus synth-digits --out "$corpus" --speakers "$speakers" --repeats "$repeats" --sentences "$sentences" --nj "$nj"; fi
fi

if run_stage 1; then
  log_stage 1 "Kaldi data dir"
  sdt data prepare-vctk --corpus "$corpus" --out "$data/all"
fi

if run_stage 2; then
  log_stage 2 "slaney log-mel features (the vocoder inverts exactly this front end)"
  compute_features "$data/all" "$data/all_slaney" "$nj" --preset slaney
fi

if run_stage 3; then
  log_stage 3 "train and evaluate vc-adain"
  run_parallel vc-adain "$exp/log" -- sdt train vc-adain --config "$adain_conf" --data "$data/all_slaney" --out "$exp/vc-adain" \
    ${steps:+--set trainer.max_steps="$steps"} --set trainer.progress=false
fi

if run_stage 4; then
  log_stage 4 "train and evaluate vc-adv"
  run_parallel vc-adv "$exp/log" -- sdt train vc-adv --config conf/vc-adv.yaml --data "$data/all_slaney" --out "$exp/vc-adv" \
    ${steps:+--set trainer.max_steps="$steps"} --set trainer.progress=false
fi
wait_parallel   # with --cmd slurm, vc-adain and vc-adv train at the same time

if run_stage 5; then
  log_stage 5 "demo pages"
  for model in vc-adain vc-adv; do
    run_parallel "demo_$model" "$exp/log" -- \
      sdt demo --checkpoint "$exp/$model/checkpoints/last.ckpt" --data-dir "$data/all_slaney" --out-dir "$exp/demo/$model" --pairs "$pairs"
  done
  wait_parallel
fi

if run_stage 6; then
  # The first voice's second utterance in the voice of the last (held out) voice: p901_002 to p912 on named voices.
  src_utt=$(sort "$data/all/spk2utt" | awk 'NR == 1 {print $3}')
  ref_utt=$(sort "$data/all/spk2utt" | awk 'END {print $2}')
  log_stage 6 "sdt convert from WAV files (one-shot: $src_utt in the voice of unseen ${ref_utt%%_*})"
  src=$(grep "^$src_utt " "$data/all/wav.scp" | cut -d' ' -f2)
  ref=$(grep "^$ref_utt " "$data/all/wav.scp" | cut -d' ' -f2)
  sdt convert --checkpoint "$exp/vc-adain/checkpoints/last.ckpt" --source "$src" --target "$ref" --out "$exp/convert/${src_utt}_to_${ref_utt%%_*}.wav"
fi

if run_stage 7; then
  log_stage 7 "ablation: vc-adv with adversary weight 0"
  run_parallel vc-adv-lambda0 "$exp/log" -- sdt train vc-adv --config conf/vc-adv.yaml --data "$data/all_slaney" --out "$exp/vc-adv-lambda0" \
    ${steps:+--set trainer.max_steps="$steps"} --set trainer.progress=false --set model_options.lambda=0
fi

if run_stage 8; then
  log_stage 8 "ablation: vc-adain without instance norm in the content encoder"
  run_parallel vc-adain-noin "$exp/log" -- sdt train vc-adain --config "$adain_conf" --data "$data/all_slaney" --out "$exp/vc-adain-noin" \
    ${steps:+--set trainer.max_steps="$steps"} --set trainer.progress=false --set model_options.content_instance_norm=false
fi
wait_parallel   # with --cmd slurm, the two ablations train at the same time

if run_stage 9; then
  log_stage 9 "vc-adv stage two: GAN patcher from stage 4's checkpoint"
  run_parallel vc-adv-patcher "$exp/log" -- sdt train vc-adv --config conf/vc-adv-patcher.yaml --data "$data/all_slaney" --out "$exp/vc-adv-patcher" \
    ${steps:+--set trainer.max_steps="$steps"} --set trainer.progress=false --set trainer.init_from="$exp/vc-adv/checkpoints/last.ckpt"
  wait_parallel
fi

if run_stage 10; then
  log_stage 10 "one-shot cross-validation: vc-adain with each pair of voices held out in turn"
  # One held-out pair is a small sample: the one-shot figure ranged 0.10-0.58 over the pairs (docs/results.md#adain-vc).
  # A fold that already has metrics.json is kept; one stopped mid-training resumes from its checkpoint.
  if [ "$voices" -gt 0 ] && [ "$folds" -eq 0 ]; then
    echo "stage 10 with --voices $voices would train $((voices / 2)) folds of $adain_conf: give --folds K to run the first K" >&2
    exit 1
  fi
  mapfile -t speakers_sorted < <(cut -d' ' -f1 "$data/all/spk2utt" | sort)
  fold_dirs=()
  for ((i = 0; i + 1 < ${#speakers_sorted[@]} && (folds == 0 || i / 2 < folds); i += 2)); do
    held="${speakers_sorted[i]},${speakers_sorted[i+1]}"
    fold="$exp/vc-adain-fold-${held/,/-}"
    fold_dirs+=("$fold")
    if [ -f "$fold/metrics.json" ]; then echo "fold $held: done before"; continue; fi
    run_parallel "${fold##*/}" "$exp/log" -- sdt train vc-adain --config "$adain_conf" --data "$data/all_slaney" --out "$fold" --resume \
      ${steps:+--set trainer.max_steps="$steps"} --set trainer.progress=false --set "data.unseen_speaker_ids=[$held]"
  done
  wait_parallel   # with --cmd slurm, the folds train at the same time
  sdt compare "${fold_dirs[@]}" --metric spk_acc_seen --metric spk_acc_unseen --metric spk_as_source_unseen \
    --metric content_acc_unseen --metric mcd_unseen --metric mcd_source_unseen --mean
fi

if run_stage 11; then
  log_stage 11 "neural vocoder on the audio of $data/all (held-out voices as the VC models'), judged against Griffin-Lim"
  run_parallel vocoder "$exp/log" -- sdt train vocoder --config conf/vocoder.yaml --data "$data/all" --out "$exp/vocoder" \
    ${steps:+--set trainer.max_steps="$steps"} --set trainer.progress=false
  wait_parallel
fi

if run_stage 12; then
  log_stage 12 "demo pages with both vocoders"
  for model in vc-adain vc-adv; do
    run_parallel "demo_vocoder_$model" "$exp/log" -- sdt demo --checkpoint "$exp/$model/checkpoints/last.ckpt" --data-dir "$data/all_slaney" \
      --out-dir "$exp/demo-vocoder/$model" --pairs "$pairs" --vocoder "$exp/vocoder/checkpoints/last.ckpt"
  done
  wait_parallel
fi
