# The two per-utterance steps that split over jobs: log-mel features and `sdt extract`. With --cmd local each is one
# sdt process with --nj threads, as always; otherwise run_array runs --shard JOB/N tasks and one task merges them.
# A local --nj N run and N shards merged write the same files byte for byte (CI checks this through Slurm).
# Needs cmd.sh and sdt.sh.

# compute_features DATA_DIR OUT_DIR NJ [sdt features compute options...]: logs of the jobs in OUT_DIR/log.
compute_features() {
  local data_dir=$1 out_dir=$2 nj=$3; shift 3
  if [ "$cmd" = local ]; then
    sdt features compute --data-dir "$data_dir" --out-dir "$out_dir" --nj "$nj" "$@"
  elif [ "$nj" -eq 1 ]; then
    run_array features 1 "$out_dir/log" -- sdt features compute --data-dir "$data_dir" --out-dir "$out_dir" "$@"
  else
    run_array features "$nj" "$out_dir/log" -- sdt features compute --data-dir "$data_dir" --out-dir "$out_dir" --shard "JOB/$nj" "$@" \
      && run_array features_merge 1 "$out_dir/log" -- sdt features merge --data-dir "$data_dir" --out-dir "$out_dir" --shards "$nj"
  fi
}

# extract_features CHECKPOINT DATA_DIR OUT_DIR NJ [sdt extract options...]: logs of the jobs in OUT_DIR/log.
extract_features() {
  local checkpoint=$1 data_dir=$2 out_dir=$3 nj=$4; shift 4
  local args=(--checkpoint "$checkpoint" --data-dir "$data_dir" --out-dir "$out_dir")
  if [ "$cmd" = local ]; then
    sdt extract "${args[@]}" --nj "$nj" "$@"
  elif [ "$nj" -eq 1 ]; then
    run_array extract 1 "$out_dir/log" -- sdt extract "${args[@]}" "$@"
  else
    run_array extract "$nj" "$out_dir/log" -- sdt extract "${args[@]}" --shard "JOB/$nj" "$@" \
      && run_array extract_merge 1 "$out_dir/log" -- sdt extract merge --data-dir "$data_dir" --out-dir "$out_dir" --shards "$nj"
  fi
}
