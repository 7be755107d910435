#!/usr/bin/env bash
# compute-features.sh CMD DATA_DIR OUT_DIR NJ: the recipes' feature step (recipes/common/sharded.sh) with --cmd CMD,
# as a recipe runs it. SDT_BIN names the sdt to run; with CMD=slurm, SLURM_CONF names the cluster.
set -euo pipefail
cmd=$1
slurm_opts=${SLURM_OPTS:-}
common=$(cd "$(dirname "$0")/../../../recipes/common" && pwd)
. "$common/sdt.sh"
. "$common/cmd.sh"
. "$common/sharded.sh"
compute_features "$2" "$3" "$4" --preset kaldi
