#!/usr/bin/env bash
# slurm-local.sh: a private single-node Slurm on this machine, for the tests and for trying `--cmd slurm` recipes.
#
#   scripts/slurm-local.sh start    write the config, start munged + slurmctld + slurmd, wait until the node is idle
#   scripts/slurm-local.sh stop     cancel its jobs, stop exactly the daemons it started (their pid files)
#   scripts/slurm-local.sh status   the daemons, sinfo and squeue
#   scripts/slurm-local.sh env      prints 'export SLURM_CONF=...': eval "$(scripts/slurm-local.sh env)"
#
# Everything lives under $SLURM_LOCAL_DIR (default /tmp/slurm-local): config, munge key and socket, state, logs.
# Nothing in /etc is read or written, no systemd, no cgroups (proctrack/linuxproc, task/none; set
# SLURM_LOCAL_TASK_PLUGIN=task/affinity to pin tasks to CPUs). Needs root and Debian's slurm-wlm and munge; it
# installs nothing and says which apt-get line is missing. Slurm talks over 127.0.0.1 only (NodeAddr and the
# controller's address); the daemons listen, on all interfaces, on the ports SLURM_LOCAL_CTLD_PORT and
# SLURM_LOCAL_SLURMD_PORT, by default 6817/6818 or, when those are taken (another private Slurm), the next free ones;
# they accept only requests signed with the munge key under $SLURM_LOCAL_DIR.
# Tested with slurm-wlm 22.05.8 and munge 0.5.15 (Debian 12).
set -euo pipefail

BASE=${SLURM_LOCAL_DIR:-/tmp/slurm-local}
NODE=$(hostname -s)
CONF=$BASE/etc/slurm.conf
MUNGE_DIR=$BASE/munge
MUNGE_SOCK=$MUNGE_DIR/munge.socket.2
MUNGE_PID=$MUNGE_DIR/munged.pid
CTLD_PID=$BASE/run/slurmctld.pid
SLURMD_PID=$BASE/run/slurmd.pid
export SLURM_CONF=$CONF

log() { printf '[slurm-local %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The packages whose programs are missing, as one apt-get line (empty when everything is there).
missing_packages() {
  local need=()
  for prog in slurmctld slurmd; do command -v "$prog" >/dev/null || { need+=(slurm-wlm); break; }; done
  for prog in sbatch squeue scancel sinfo scontrol; do command -v "$prog" >/dev/null || { need+=(slurm-client); break; }; done
  [[ " ${need[*]} " == *" slurm-wlm "* ]] && need=(slurm-wlm)  # slurm-wlm brings slurm-client
  for prog in munged munge unmunge; do command -v "$prog" >/dev/null || { need+=(munge); break; }; done
  if [[ ${#need[@]} -gt 0 ]]; then echo "apt-get install -y ${need[*]}"; fi
}

# alive PIDFILE PROGRAM: prints the pid when the pid file names a live process running that program
# (compared by resolved path: Debian's /usr/sbin/slurmd is a symlink to slurmd-wlm).
alive() {
  local pf=$1 exe pid
  exe=$(readlink -f "$(command -v "$2")")
  [[ -s $pf ]] || return 1
  pid=$(tr -dc '0-9' < "$pf")
  [[ -n $pid && -d /proc/$pid ]] || return 1
  [[ $(readlink -f "/proc/$pid/exe" 2>/dev/null) == "$exe" ]] || return 1
  echo "$pid"
}

# port_listening PORT: true when a TCP socket of this machine listens on PORT (any address, IPv4 or IPv6).
port_listening() {
  local hex; hex=$(printf ':%04X' "$1")
  awk -v p="$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# free_port FROM [AVOID]: the first port >= FROM that nothing listens on and that is not AVOID.
free_port() {
  local p=$1
  while port_listening "$p" || [[ $p == "${2:-}" ]]; do p=$((p + 1)); done
  echo "$p"
}

# Ports: given ones are checked, a running private Slurm keeps its own, otherwise the first free from 6817.
choose_ports() {
  local prev_ctld="" prev_slurmd=""
  if [[ -f $CONF ]]; then
    prev_ctld=$(sed -n 's/^SlurmctldPort=//p' "$CONF")
    prev_slurmd=$(sed -n 's/^SlurmdPort=//p' "$CONF")
  fi
  if alive "$CTLD_PID" slurmctld >/dev/null || alive "$SLURMD_PID" slurmd >/dev/null; then
    CTLD_PORT=${prev_ctld:-6817}; SLURMD_PORT=${prev_slurmd:-6818}
    return
  fi
  if [[ -n ${SLURM_LOCAL_CTLD_PORT:-} ]]; then
    CTLD_PORT=$SLURM_LOCAL_CTLD_PORT
    ! port_listening "$CTLD_PORT" || die "port $CTLD_PORT (SLURM_LOCAL_CTLD_PORT) is in use; choose another"
  else
    CTLD_PORT=$(free_port 6817)
  fi
  if [[ -n ${SLURM_LOCAL_SLURMD_PORT:-} ]]; then
    SLURMD_PORT=$SLURM_LOCAL_SLURMD_PORT
    ! port_listening "$SLURMD_PORT" || die "port $SLURMD_PORT (SLURM_LOCAL_SLURMD_PORT) is in use; choose another"
  else
    SLURMD_PORT=$(free_port $((CTLD_PORT + 1)) "$CTLD_PORT")
  fi
}

write_config() {
  mkdir -p "$BASE"/{etc,state,spool,run,log,tmp}
  install -d -m 0755 "$MUNGE_DIR"   # the socket's folder must be searchable, not writable by others
  chmod 0755 "$BASE"
  local cpus mem detected
  cpus=$(nproc)
  mem=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)   # MiB, as free -m (procps may be absent)
  # slurmd drains the node if RealMemory exceeds what it detects; never exceed slurmd -C.
  detected=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -1)
  if [[ -n $detected && $detected -lt $mem ]]; then mem=$detected; fi
  cat > "$CONF.tmp" <<EOF
# written by scripts/slurm-local.sh: one node, no cgroups, no accounting, everything under $BASE
ClusterName=local
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCK
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=${SLURM_LOCAL_TASK_PLUGIN:-task/none}
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
# A task that dies ends its whole step: the other ranks of an MPI job (srun --mpi=pmi2 sdt train) stop at once.
KillOnBadExit=1
TmpFS=$BASE/tmp
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MailProg=/bin/true
SlurmctldTimeout=30
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
MinJobAge=300
Waittime=0
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
  # srun --mpi=pmix keeps its temp folders here instead of /tmp.
  printf 'PMIxCliTmpDirBase=%s\nPMIxTmpDirBase=%s\n' "$BASE/tmp" "$BASE/tmp" > "$BASE/etc/mpi.conf"
  log "wrote $CONF (ports $CTLD_PORT, $SLURMD_PORT)"
}

start_munge() {
  local pid
  if pid=$(alive "$MUNGE_PID" munged); then log "munged already running (pid $pid)"; return; fi
  if [[ ! -s $MUNGE_DIR/munge.key ]]; then
    ( umask 077; dd if=/dev/urandom of="$MUNGE_DIR/munge.key" bs=1024 count=1 status=none )
  fi
  chmod 0600 "$MUNGE_DIR/munge.key"
  rm -f "$MUNGE_SOCK" "$MUNGE_SOCK.lock"
  # --force: munged refuses to run as root otherwise.
  munged --force --key-file="$MUNGE_DIR/munge.key" --socket="$MUNGE_SOCK" \
         --pid-file="$MUNGE_PID" --log-file="$BASE/log/munged.log" --seed-file="$MUNGE_DIR/munged.seed"
  for _ in $(seq 50); do [[ -S $MUNGE_SOCK ]] && alive "$MUNGE_PID" munged >/dev/null && break; sleep 0.1; done
  munge -n --socket="$MUNGE_SOCK" | unmunge --socket="$MUNGE_SOCK" >/dev/null \
    || die "munge self-test failed (see $BASE/log/munged.log)"
  log "munged started (pid $(cat "$MUNGE_PID"))"
}

start_slurmctld() {
  local pid
  if pid=$(alive "$CTLD_PID" slurmctld); then log "slurmctld already running (pid $pid)"; return; fi
  slurmctld -f "$CONF"        # daemonizes and writes SlurmctldPidFile
  for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.1; done
  scontrol ping 2>/dev/null | grep -q UP || die "slurmctld is not answering (see $BASE/log/slurmctld.log)"
  log "slurmctld started (pid $(cat "$CTLD_PID"))"
}

start_slurmd() {
  local pid
  if pid=$(alive "$SLURMD_PID" slurmd); then log "slurmd already running (pid $pid)"; return; fi
  slurmd -f "$CONF"           # daemonizes and writes SlurmdPidFile
  for _ in $(seq 50); do alive "$SLURMD_PID" slurmd >/dev/null && break; sleep 0.1; done
  alive "$SLURMD_PID" slurmd >/dev/null || die "slurmd did not start (see $BASE/log/slurmd.log)"
  log "slurmd started (pid $(cat "$SLURMD_PID"))"
}

wait_idle() {
  local state="" reason
  for _ in $(seq 600); do
    state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null | head -1 || true)
    case $state in
      idle|mixed|allocated) log "node $NODE is $state"; return 0 ;;
      drain*|down*|fail*)
        reason=$(sinfo -h -n "$NODE" -o %E 2>/dev/null || true)
        log "node $NODE is $state ($reason); resuming it"
        scontrol update NodeName="$NODE" State=RESUME 2>/dev/null || true ;;
    esac
    sleep 0.1
  done
  die "node $NODE is not idle after 60 s (state '$state'); see $BASE/log/"
}

# stop_daemons NAME:PIDFILE:PROGRAM...: SIGTERM to each one running, then waits for all (each takes ~2 s to exit),
# SIGKILL after 10 s.
stop_daemons() {
  local d name pf exe pid pids=() names=()
  for d in "$@"; do
    IFS=: read -r name pf exe <<< "$d"
    if pid=$(alive "$pf" "$exe"); then kill -TERM "$pid"; pids+=("$pid"); names+=("$name"); else log "$name is not running"; fi
    rm -f "$pf"
  done
  for i in "${!pids[@]}"; do
    pid=${pids[i]}
    for _ in $(seq 100); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
    if [[ -d /proc/$pid ]]; then log "${names[i]} (pid $pid) ignored SIGTERM for 10 s; SIGKILL"; kill -KILL "$pid"; fi
    log "${names[i]} (pid $pid) stopped"
  done
}

case ${1:-} in
  start)
    [[ $(id -u) == 0 ]] || die "run as root: slurmd must start jobs as their user"
    missing=$(missing_packages)
    [[ -z $missing ]] || die "Slurm or munge is not installed; as root: $missing"
    t0=$(date +%s.%N)
    choose_ports
    write_config
    start_munge
    start_slurmctld
    start_slurmd
    wait_idle
    log "ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s; use it with: eval \"\$($0 env)\""
    ;;
  stop)
    if alive "$CTLD_PID" slurmctld >/dev/null && [[ -n $(squeue -h 2>/dev/null) ]]; then
      timeout 10 scancel --quiet --partition=debug 2>/dev/null || true   # SLURM_CONF names this private cluster: only its jobs
      for _ in $(seq 50); do [[ -z $(squeue -h 2>/dev/null) ]] && break; sleep 0.2; done
    fi
    stop_daemons "slurmd:$SLURMD_PID:slurmd" "slurmctld:$CTLD_PID:slurmctld" "munged:$MUNGE_PID:munged"
    ;;
  status)
    for d in "munged $MUNGE_PID" "slurmctld $CTLD_PID" "slurmd $SLURMD_PID"; do
      set -- $d
      if pid=$(alive "$2" "$1"); then echo "$1: running (pid $pid)"; else echo "$1: stopped"; fi
    done
    if alive "$CTLD_PID" slurmctld >/dev/null; then sinfo; squeue; fi
    ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 start|stop|status|env   (folder: \$SLURM_LOCAL_DIR, default /tmp/slurm-local)" >&2; exit 2 ;;
esac
