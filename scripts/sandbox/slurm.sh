#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine (Debian 12's slurm-wlm 22.05: munged, slurmctld, slurmd),
# for tests and the demo. The node offers 4 GPUs as GRES whose gres.conf `File=` lines point at per-GPU
# device files made here (a count-only GRES leaves the node INVAL). No slurmdbd: final job state and exit code
# are read with `scontrol show job` (MinJobAge keeps finished jobs for an hour), not sacct.
# Its login node is a sandbox sshd (scripts/sandbox/hosts.sh) whose user gets SLURM_CONF in ~/.ssh/environment.
# State lives in .sandbox/slurm (config, spool, logs, device files).
#
#   bash scripts/sandbox/slurm.sh up [--login NAME] [--ctld-port P] [--slurmd-port P] [--gpus N]
#   bash scripts/sandbox/slurm.sh down
#   bash scripts/sandbox/slurm.sh status | running (exit 0 when both daemons are up) | conf (prints SLURM_CONF)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SANDBOX="${SANDBOX_DIR:-$ROOT/.sandbox}"
DIR="$SANDBOX/slurm"
CONF="$DIR/etc/slurm.conf"
NODE_NAME="$(hostname -s)"

die() { echo "slurm.sh: $*" >&2; exit 1; }

pid_alive() { # $1 pid file, $2 word its cmdline must contain
  local pid; pid="$(cat "$1" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$2" && echo "$pid"
}

start_munge() {
  if [[ -S /run/munge/munge.socket.2 ]] && munge -n </dev/null >/dev/null 2>&1; then return 0; fi
  [[ -f /etc/munge/munge.key ]] || { mkdir -p /etc/munge; dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
  chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge; chmod 755 /run/munge
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "munged did not start"
}

write_conf() { # $1 ctld port, $2 slurmd port, $3 gpus
  local ctld="$1" sd="$2" gpus="$3" last=$(( $3 - 1 ))
  mkdir -p "$DIR/etc" "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/dev"
  # Character devices (major 195 as NVIDIA's): slurmd refuses plain files. Nothing opens them; the sim's GPUs
  # are its own, and a job's CUDA_VISIBLE_DEVICES comes from the GRES index Slurm allocates.
  for i in $(seq 0 "$last"); do
    [[ -c "$DIR/dev/nvidia$i" ]] || { rm -f "$DIR/dev/nvidia$i"; mknod -m 666 "$DIR/dev/nvidia$i" c 195 "$i"; }
  done
  chmod 755 "$SANDBOX" "$DIR" "$DIR/etc"
  cat >"$CONF.new" <<EOF
ClusterName=ffsandbox
SlurmctldHost=$NODE_NAME(127.0.0.1)
SlurmctldPort=$ctld
SlurmdPort=$sd
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
PriorityType=priority/basic
# Batch jobs are scheduled on submit instead of up to 3 s later (the default batch_sched_delay).
SchedulerParameters=batch_sched_delay=0
# Finished jobs stay visible to scontrol for an hour (no accounting database here).
MinJobAge=3600
KillWait=5
OverTimeLimit=0
ReturnToService=2
# The node is declared bigger than this machine's CPUs so four 1-GPU jobs fit; do not drain it for that.
SlurmdParameters=config_overrides
GresTypes=gpu
NodeName=$NODE_NAME NodeAddr=127.0.0.1 CPUs=8 RealMemory=16000 Gres=gpu:$gpus State=UNKNOWN
PartitionName=gpu Nodes=$NODE_NAME Default=YES MaxTime=INFINITE DefaultTime=60 State=UP
EOF
  cat >"$DIR/etc/gres.conf.new" <<EOF
NodeName=$NODE_NAME Name=gpu File=$DIR/dev/nvidia[0-$last]
EOF
  local changed=0
  cmp -s "$CONF.new" "$CONF" || changed=1
  cmp -s "$DIR/etc/gres.conf.new" "$DIR/etc/gres.conf" || changed=1
  mv "$CONF.new" "$CONF"; mv "$DIR/etc/gres.conf.new" "$DIR/etc/gres.conf"
  chmod 644 "$CONF" "$DIR/etc/gres.conf"
  echo "$changed"
}

login_env() { # gives the login node's user the cluster's config (sbatch, squeue, scancel, scontrol read SLURM_CONF)
  local name="$1" home="$SANDBOX/hosts/$1/home"
  [[ -d "$home/.ssh" ]] || die "login host $name is not up (bash scripts/sandbox/hosts.sh up --name $name ...)"
  grep -v '^SLURM_CONF=' "$home/.ssh/environment" >"$home/.ssh/environment.new" || true
  echo "SLURM_CONF=$CONF" >>"$home/.ssh/environment.new"
  mv "$home/.ssh/environment.new" "$home/.ssh/environment"
  chown "ff-$name:ff-$name" "$home/.ssh/environment"
}

cmd_up() {
  local ctld="${SLURM_CTLD_PORT:-6817}" sd="${SLURMD_PORT:-6818}" gpus=4 login=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --ctld-port) ctld="${2:-}"; shift 2 ;;
      --slurmd-port) sd="${2:-}"; shift 2 ;;
      --gpus) gpus="${2:-}"; shift 2 ;;
      --login) login="${2:-}"; shift 2 ;;
      *) die "up: unknown option '$1'" ;;
    esac
  done
  [[ "$ctld" =~ ^[0-9]+$ && "$sd" =~ ^[0-9]+$ ]] || die "up: ports must be numbers"
  [[ "$gpus" =~ ^[0-9]+$ ]] && (( gpus >= 1 && gpus <= 16 )) || die "up: --gpus must be 1..16"
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null || die "slurm-wlm is not installed (bash scripts/setup.sh installs it)"
  start_munge
  local changed; changed="$(write_conf "$ctld" "$sd" "$gpus")"
  export SLURM_CONF="$CONF"
  local cpid dpid
  cpid="$(pid_alive "$DIR/slurmctld.pid" slurmctld || true)"; dpid="$(pid_alive "$DIR/slurmd.pid" slurmd || true)"
  if [[ "$changed" == 1 ]]; then
    [[ -n "$cpid" ]] && kill "$cpid"; [[ -n "$dpid" ]] && kill "$dpid"
    for _ in $(seq 50); do [[ -n "$(pid_alive "$DIR/slurmctld.pid" slurmctld || true)$(pid_alive "$DIR/slurmd.pid" slurmd || true)" ]] || break; sleep 0.1; done
    cpid=""; dpid=""
  fi
  # -c: a fresh start forgets old jobs (a sandbox; jobs of a previous session are not ours to adopt).
  [[ -n "$cpid" ]] || slurmctld -c -f "$CONF"
  [[ -n "$dpid" ]] || slurmd -f "$CONF"
  [[ -n "$login" ]] && login_env "$login"
  local state=""
  for _ in $(seq 150); do
    state="$(sinfo -h -N -o '%t' -n "$NODE_NAME" 2>/dev/null | head -1 || true)"
    [[ "$state" == idle || "$state" == mix || "$state" == alloc ]] && break
    sleep 0.2
  done
  [[ "$state" == idle || "$state" == mix || "$state" == alloc ]] || { tail -15 "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log" >&2; die "node $NODE_NAME is '$state', not idle"; }
  echo "slurm up: node $NODE_NAME $state, $gpus GPUs, SLURM_CONF=$CONF"
}

cmd_down() {
  export SLURM_CONF="$CONF"
  local p
  if [[ -f "$CONF" ]]; then scancel --quiet --full -s KILL --partition=gpu 2>/dev/null || true; fi
  for f in slurmd slurmctld; do
    p="$(pid_alive "$DIR/$f.pid" "$f" || true)"
    if [[ -n "$p" ]]; then kill "$p"; for _ in $(seq 50); do [[ -d "/proc/$p" ]] || break; sleep 0.1; done; fi
  done
  echo "slurm down"
}

cmd_status() {
  export SLURM_CONF="$CONF"
  echo "slurmctld: $(pid_alive "$DIR/slurmctld.pid" slurmctld || echo down)  slurmd: $(pid_alive "$DIR/slurmd.pid" slurmd || echo down)"
  [[ -f "$CONF" ]] && sinfo -N -o '%N %t %G' 2>/dev/null || true
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down ;;
  status) shift; cmd_status ;;
  conf) echo "$CONF" ;;
  running) [[ -n "$(pid_alive "$DIR/slurmctld.pid" slurmctld || true)" && -n "$(pid_alive "$DIR/slurmd.pid" slurmd || true)" ]] ;;
  *) echo "usage: $0 up [--login NAME] [--ctld-port P] [--slurmd-port P] [--gpus N] | down | status | conf" >&2; exit 2 ;;
esac
