# Where a recipe's jobs run (Kaldi's queue.pl / slurm.pl habit): the recipe says what to run, --cmd says where.
#   --cmd local   this machine, as the recipe always did: each step one process in the foreground
#   --cmd slurm   Slurm batch jobs (sbatch); --slurm-opts "..." goes to every sbatch, e.g. "--partition=cpu --time=2:00:00"
# Sourced after parse_options.sh and sdt.sh; the recipe declares cmd=local and slurm_opts= so both are options.
#
#   run_array NAME N LOGDIR -- COMMAND...    runs N tasks of COMMAND with the word JOB replaced by 1..N (all at once
#                                            locally, an array job on Slurm), logs LOGDIR/NAME.JOB.log, waits for all;
#                                            each failed task is named with its exit status and log, and it returns 1
#   run_parallel NAME LOGDIR -- COMMAND...   local: runs COMMAND now, output to the terminal, or with local_jobs > 1
#                                            in the background (log LOGDIR/NAME.log), at most local_jobs at a time;
#                                            slurm: submits it as one job (log LOGDIR/NAME.log) and returns at once
#   wait_parallel                            waits for every job run_parallel started or submitted; names each failed
#                                            one with its log and returns 1
# local_jobs (a recipe option where the recipe declares it; default 1): how many run_parallel commands run at once
# with --cmd local, e.g. 2 single-threaded trainings on 2 cores.
# A job runs in the recipe's folder with sdt.sh's `sdt` (the CLI built by the recipe), so COMMAND may be `sdt ...`.
# CMD_POLL_SECONDS (default 1) is how often squeue is asked whether the jobs have finished.

case "$cmd" in
  local) ;;
  slurm)
    command -v sbatch >/dev/null && command -v squeue >/dev/null || {
      echo "$0: --cmd slurm needs Slurm's sbatch and squeue on PATH (Debian: apt-get install slurm-client);" >&2
      echo "  to try a private single-node Slurm on this machine: scripts/slurm-local.sh start; eval \"\$(scripts/slurm-local.sh env)\"" >&2
      exit 1
    } ;;
  *) echo "$0: --cmd must be local or slurm, got '$cmd'" >&2; exit 1 ;;
esac

local_jobs=${local_jobs:-1}
case "$local_jobs" in
  '' | *[!0-9]* | 0) echo "$0: --local-jobs must be a whole number >= 1, got '$local_jobs'" >&2; exit 1 ;;
esac

# cmd_kill_tree PID...: stops these processes and everything they started (children found with pgrep, where installed).
cmd_kill_tree() {
  local p c
  for p in "$@"; do
    if command -v pgrep >/dev/null; then for c in $(pgrep -P "$p"); do cmd_kill_tree "$c"; done; fi
    kill "$p" 2>/dev/null || true
  done
}

# cmd_wait_for_slot N: returns once fewer than N of this shell's background jobs run (a failed one is not reported
# here: its caller checks what it left behind).
cmd_wait_for_slot() {
  while [ "$(jobs -rp | wc -l)" -ge "$1" ]; do wait -n || true; done
}

# Ctrl-C or TERM while local background jobs run: stop them and what they run, then exit.
_cmd_stop_local() {
  cmd_kill_tree "${_cmd_local_pids[@]}"
  echo "cmd.sh: stopped ${#_cmd_local_pids[@]} local background job(s)" >&2
  exit 130
}

_cmd_job_ids=()       # jobs run_parallel submitted (Slurm id, or empty for a local background job), their log prefixes
_cmd_job_prefixes=()  # (LOGDIR/NAME), and the local background jobs' process ids
_cmd_local_pids=()

# _cmd_write_job SCRIPT PREFIX ARRAY -- COMMAND...: a bash script that runs COMMAND as task N (its first argument,
# else $SLURM_ARRAY_TASK_ID), the word JOB replaced by N in every word, and when COMMAND ends writes its exit status
# to PREFIX.N.status (ARRAY=1) or PREFIX.status; a task killed before that leaves no status.
_cmd_write_job() {
  local script=$1 prefix=$2 array=$3; shift 4
  {
    echo '#!/usr/bin/env bash'
    echo '# written by recipes/common/cmd.sh'
    echo "cd $(printf '%q' "$PWD") || exit 1"
    echo 'job=${1:-${SLURM_ARRAY_TASK_ID:-1}}'
    echo "export SDT_BIN=$(printf '%q' "$sdt_bin") SDT_SKIP_BUILD=1 OMP_NUM_THREADS=$(printf '%q' "$OMP_NUM_THREADS")"
    echo ". $(printf '%q' "$repo_root/recipes/common/sdt.sh")"
    echo "args=($(printf '%q ' "$@"))"
    echo 'args=("${args[@]//JOB/$job}")'
    if [ "$array" = 1 ]; then echo "status=$(printf '%q' "$prefix").\$job.status"; else echo "status=$(printf '%q' "$prefix.status")"; fi
    echo 'echo "# ${args[*]}"'
    echo 'echo "# started on $(hostname) at $(date)"'
    echo '"${args[@]}"'
    echo 'rc=$?'
    echo 'echo "# ended at $(date) with exit status $rc"'
    echo 'echo "$rc" > "$status.tmp" && mv "$status.tmp" "$status"'
    echo 'exit "$rc"'
  } > "$script"
}

# _cmd_sbatch SCRIPT NAME LOG [SBATCH OPTIONS...]: submits SCRIPT with --slurm-opts and prints the job id.
_cmd_sbatch() {
  local script=$1 name=$2 log=$3 out opts=(); shift 3
  read -r -a opts <<< "$slurm_opts"
  if ! out=$(sbatch --parsable --job-name="$name" --output="$log" "$@" "${opts[@]}" "$script" 2>&1); then
    echo "cmd.sh: sbatch of $name failed: $out" >&2
    return 1
  fi
  echo "${out%%;*}"
}

# _cmd_slurm_wait JOBID...: returns when none of the jobs is pending or running; Ctrl-C cancels them.
_cmd_slurm_wait() {
  local ids out
  ids=$(IFS=,; echo "$*")
  trap 'scancel '"$*"' 2>/dev/null; echo "cmd.sh: cancelled Slurm jobs '"$ids"'" >&2; exit 130' INT TERM
  while true; do
    if out=$(squeue -h -j "$ids" -o %i 2>&1); then
      [ -z "$out" ] && break
    elif [[ $out == *"Invalid job id"* ]]; then
      break   # finished so long ago that the controller forgot them
    fi        # any other squeue failure (controller busy): ask again
    sleep "${CMD_POLL_SECONDS:-1}"
  done
  trap - INT TERM
}

# _cmd_check_status LABEL STATUS LOG: 0 when STATUS holds 0; otherwise names LABEL, why, its log and the log's end.
_cmd_check_status() {
  local label=$1 status=$2 log=$3 rc
  rc=$(cat "$status" 2>/dev/null || true)
  [ "$rc" = 0 ] && return 0
  if [ -z "$rc" ]; then
    echo "cmd.sh: $label failed: it ended without an exit status (killed, cancelled, out of time or memory?); log: $log" >&2
  else
    echo "cmd.sh: $label failed with exit status $rc; log: $log" >&2
  fi
  if [ -s "$log" ]; then tail -n 5 "$log" | sed 's/^/    /' >&2; fi
  return 1
}

run_array() {
  local name=$1 n=$2 logdir=$3; shift 3
  [ "${1:-}" = -- ] && shift
  mkdir -p "$logdir"
  local prefix="$logdir/$name" j failed=0 pids=() id
  _cmd_write_job "$prefix.sh" "$prefix" 1 -- "$@"
  for ((j = 1; j <= n; j++)); do rm -f "$prefix.$j.status" "$prefix.$j.log"; done
  if [ "$cmd" = local ]; then
    for ((j = 1; j <= n; j++)); do bash "$prefix.sh" "$j" > "$prefix.$j.log" 2>&1 & pids+=($!); done
    for id in "${pids[@]}"; do wait "$id" || true; done   # the status files say which failed
  else
    id=$(_cmd_sbatch "$prefix.sh" "$name" "$prefix.%a.log" --array="1-$n") || return 1
    echo "$name: Slurm array job $id, $n tasks, logs $prefix.*.log"
    _cmd_slurm_wait "$id"
  fi
  for ((j = 1; j <= n; j++)); do
    _cmd_check_status "$name task $j of $n" "$prefix.$j.status" "$prefix.$j.log" || failed=$((failed + 1))
  done
  if [ "$failed" -gt 0 ]; then echo "cmd.sh: $failed of $n $name tasks failed" >&2; return 1; fi
}

run_parallel() {
  local name=$1 logdir=$2; shift 2
  [ "${1:-}" = -- ] && shift
  if [ "$cmd" = local ] && [ "$local_jobs" -le 1 ]; then "$@"; return; fi
  mkdir -p "$logdir"
  local prefix="$logdir/$name" id
  _cmd_write_job "$prefix.sh" "$prefix" 0 -- "$@"
  rm -f "$prefix.status" "$prefix.log"
  if [ "$cmd" = local ]; then
    cmd_wait_for_slot "$local_jobs"   # the status files say which failed
    trap _cmd_stop_local INT TERM
    bash "$prefix.sh" > "$prefix.log" 2>&1 &
    _cmd_local_pids+=($!)
    echo "$name: running here in the background, log $prefix.log"
    _cmd_job_ids+=("")
    _cmd_job_prefixes+=("$prefix")
    return
  fi
  id=$(_cmd_sbatch "$prefix.sh" "$name" "$prefix.log") || return 1
  echo "$name: Slurm job $id, log $prefix.log"
  _cmd_job_ids+=("$id")
  _cmd_job_prefixes+=("$prefix")
}

wait_parallel() {
  [ ${#_cmd_job_prefixes[@]} -gt 0 ] || return 0
  local i id prefix label failed=0 count=${#_cmd_job_prefixes[@]} slurm=()
  for id in "${_cmd_job_ids[@]}"; do [ -n "$id" ] && slurm+=("$id"); done
  [ ${#slurm[@]} -eq 0 ] || _cmd_slurm_wait "${slurm[@]}"
  for id in "${_cmd_local_pids[@]}"; do wait "$id" || true; done
  [ ${#_cmd_local_pids[@]} -eq 0 ] || trap - INT TERM
  for i in "${!_cmd_job_prefixes[@]}"; do
    prefix=${_cmd_job_prefixes[i]}
    label=${prefix##*/}
    [ -z "${_cmd_job_ids[i]}" ] || label="$label (Slurm job ${_cmd_job_ids[i]})"
    if _cmd_check_status "$label" "$prefix.status" "$prefix.log"; then
      echo "${prefix##*/}: done (log $prefix.log)"
    else
      failed=$((failed + 1))
    fi
  done
  _cmd_job_ids=()
  _cmd_job_prefixes=()
  _cmd_local_pids=()
  if [ "$failed" -gt 0 ]; then echo "cmd.sh: $failed of $count jobs failed" >&2; return 1; fi
}
