# Stages 1-6 shared by the corpus SIT recipes (vctk, librispeech, timit); sourced after stage 0 has written the
# Kaldi data dir "$src_dir". Needs: stage, stop_stage, nj, preset, held_speakers, valid_fraction, test_fraction,
# seed, config, data, exp, steps, train_set (all set by the recipe), sdt.sh, cmd.sh and sharded.sh. Optional: content (word |
# sentence: the utterance-level content classes of the split and of training, default word) and sentence_speakers.
feats_dir=${src_dir}_$preset
content=${content:-word}
sentence_speakers=${sentence_speakers:-3}

# --steps N overrides the config's trainer.max_steps; --train-set "k=v k=v" adds --set overrides to both trainings.
train_args=()
if [ -n "$steps" ]; then train_args+=(--set "trainer.max_steps=$steps"); fi
train_args+=(--set "data.content=$content")
for kv in $train_set; do train_args+=(--set "$kv"); done

if run_stage 1; then
  log_stage 1 "$preset log-mel features"
  compute_features "$src_dir" "$feats_dir" "$nj" --preset "$preset"
fi

if run_stage 2; then
  log_stage 2 "split: $held_speakers held-out speakers, valid $valid_fraction, test $test_fraction, $content content"
  sdt data split --data-dir "$feats_dir" --out-dir "$data/split" --held-speakers "$held_speakers" \
    --valid-fraction "$valid_fraction" --test-fraction "$test_fraction" --seed "$seed" \
    --content "$content" --sentence-speakers "$sentence_speakers"
fi

if run_stage 3; then
  log_stage 3 "train baseline (no speaker adversary)"
  run_parallel baseline "$exp/log" -- \
    sdt train sit --data "$data/split" --out "$exp/baseline" --config "$config" --set model_options.adversarial=false "${train_args[@]}"
fi

if run_stage 4; then
  log_stage 4 "train SIT"
  run_parallel sit "$exp/log" -- sdt train sit --data "$data/split" --out "$exp/sit" --config "$config" "${train_args[@]}"
fi
wait_parallel   # with --cmd slurm, baseline and SIT train at the same time

if run_stage 5; then
  log_stage 5 "evaluate baseline and SIT"
  for e in baseline sit; do
    run_parallel "eval_$e" "$exp/log" -- sdt eval --checkpoint "$exp/$e/checkpoints/last.ckpt" --data "$data/split"
  done
  wait_parallel
fi

if run_stage 6; then
  log_stage 6 "baseline vs SIT (speaker probe: lower is more speaker-invariant)"
  sdt compare "$exp/baseline" "$exp/sit" | tee "$exp/report.md"
fi
