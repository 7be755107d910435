#!/usr/bin/env bash
# Training speed of every benchmarked model, TorchSharp (`sdt bench train`, the real Trainer) against its PyTorch
# eager twin (bench/pytorch/train_twins.py: same layers, turns, optimizers and batch), both run here in one call,
# one after the other. Prints each run's line, then a markdown table: steps/s per side and the ratio
# TorchSharp / PyTorch (> 1: TorchSharp is faster). Variant "flat" runs the TorchSharp side with
# trainer.flat_adam: true (every adam/adamw optimizer as FlatAdam; dann-mnist uses SGD, so there it changes nothing);
# variant "base" runs another sdt build (--baseline-sdt, e.g. one from before a change) with the plain settings, to
# measure what a change gained.
#
# Needs: an sdt build (--sdt; the published external-libtorch archive works: its libtorch is taken from the
# python's torch), a python with torch and numpy (--python). Data: random tensors of the real shapes, written once
# by bench/pytorch/make_bench_data.py into --data (no download needed).
#
# Usage: bench/compare_train.sh [--device cpu|cuda] [--batch-sizes "64 512"] [--models "mnist-classifier vae ..."]
#          [--steps 50 | --seconds 10] [--warmup 10] [--variants "plain flat"] [--sdt PATH] [--python PATH] [--data DIR]
#          [--baseline-sdt PATH]
# Example (GPU): OMP_NUM_THREADS=1 bench/compare_train.sh --device cuda --sdt /tmp/sdt-external/sdt --python python3
set -euo pipefail
cd "$(dirname "$0")/.."

device=cpu
batch_sizes="64 512"
models="mnist-classifier infogan vae vaegan bigan triplegan dann-mnist sit"
steps=50
seconds=
warmup=10
variants="plain flat"
sdt=src/Cli/bin/Release/net10.0/sdt
python=/usr/bin/python3
baseline_sdt=
data=${TMPDIR:-/tmp}/sdt-bench-data

while [ $# -gt 0 ]; do
  case "$1" in
    --device) device=$2 ;;
    --batch-sizes) batch_sizes=$2 ;;
    --models) models=$2 ;;
    --steps) steps=$2 ;;
    --seconds) seconds=$2 ;;
    --warmup) warmup=$2 ;;
    --variants) variants=$2 ;;
    --sdt) sdt=$2 ;;
    --baseline-sdt) baseline_sdt=$2 ;;
    --python) python=$2 ;;
    --data) data=$2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "compare_train: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift 2
done

case " $variants " in *" base "*) [ -x "$baseline_sdt" ] || { echo "compare_train: variant base needs --baseline-sdt" >&2; exit 2; } ;; esac
[ -x "$sdt" ] || { echo "compare_train: no sdt executable at '$sdt' (build: dotnet build src/Cli -c Release, or pass --sdt)" >&2; exit 2; }
"$python" -c 'import torch, numpy' 2>/dev/null || { echo "compare_train: '$python' lacks torch or numpy" >&2; exit 2; }

# An sdt published without libtorch (scripts/publish-external.sh) uses the python's libtorch.
if ! find "$(dirname "$sdt")" -maxdepth 5 -name 'libtorch_cpu.so' | grep -q .; then
  torch_lib=$("$python" -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
  export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
fi

[ -f "$data/mnist/train-images-idx3-ubyte.gz" ] && [ -d "$data/sit/train" ] || "$python" bench/pytorch/make_bench_data.py "$data"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The data folder and extra config of each model on the TorchSharp side.
data_of() { case "$1" in sit) echo "$data/sit" ;; *) echo "$data/mnist" ;; esac; }
write_config() { # model variant -> config file
  local f="$work/$1-$2.yaml"
  # Plain writes no trainer key, so that an older sdt (variant base) reads the same file.
  { echo "model: $1"
    if [ "$2" = flat ]; then echo "trainer: {flat_adam: true}"; fi
    case "$1" in
      dann-mnist) echo "data: {photo_folder: $data/photos}" ;;
      sit) echo "data: {cmvn: none}" ;;
    esac; } > "$f"
  echo "$f"
}
twin_size() { case "$1" in sit) echo 800 ;; *) echo 8000 ;; esac; }
rate() { sed -n 's/.*= \([0-9.]*\) steps\/s.*/\1/p' | tail -n 1; }

echo "# compare_train: device=$device batches=[$batch_sizes] warmup=$warmup $( [ -n "$seconds" ] && echo "~${seconds}s per run" || echo "steps=$steps")"
echo "# machine: $(getconf _NPROCESSORS_ONLN) cores, $(uname -sr); OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# python torch $("$python" -c 'import torch; print(torch.__version__)'); $("$sdt" --version 2>/dev/null | head -n 1 || echo sdt)"

rows=()
for batch in $batch_sizes; do
  for model in $models; do
    n=$steps
    if [ -n "$seconds" ]; then
      # Calibrate on the PyTorch twin: a few steps tell how many fill the wanted time (at least 3).
      probe=$("$python" bench/pytorch/train_twins.py --model "$model" --device "$device" --batch-size "$batch" \
        --steps 3 --warmup 1 --train-size "$(twin_size "$model")" | rate)
      n=$("$python" -c "import math; print(max(3, math.ceil($seconds * $probe)))")
    fi
    line=$("$python" bench/pytorch/train_twins.py --model "$model" --device "$device" --batch-size "$batch" \
      --steps "$n" --warmup "$warmup" --train-size "$(twin_size "$model")")
    echo "pytorch   $line"
    torch_rate=$(echo "$line" | rate)
    row="| $model | $batch |"
    for variant in $variants; do
      exe=$sdt
      [ "$variant" = base ] && exe=$baseline_sdt
      out=$("$exe" bench train --model "$model" --data "$(data_of "$model")" --device "$device" --batch-size "$batch" \
        --steps "$n" --warmup "$warmup" --config "$(write_config "$model" "$variant")" 2>&1) || true
      line=$(echo "$out" | grep '^bench train' || true)
      [ -n "$line" ] || echo "$out" | tail -n 3 | sed 's/^/# sdt failed: /'
      echo "sdt/$variant $line"
      ts_rate=$(echo "$line" | rate)
      if [ -n "$ts_rate" ]; then
        row="$row $ts_rate | $("$python" -c "print(f'{$ts_rate / $torch_rate:.2f}')") |"
      else
        row="$row failed | - |"
      fi
    done
    rows+=("$row $torch_rate |")
  done
done

header="| model | batch |"
rule="|---|---|"
for variant in $variants; do header="$header TorchSharp $variant steps/s | ratio $variant |"; rule="$rule---|---|"; done
echo
echo "$header PyTorch steps/s |"
echo "$rule---|"
printf '%s\n' "${rows[@]}"
echo
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
