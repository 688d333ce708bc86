#!/usr/bin/env bash
# The README's "run" command: set up everything, start the sandbox GPU hosts and a one-node Slurm cluster, seed the demo data, build and
# start the web app and the worker, print the URL and the login. Ctrl-C stops what this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${PORT:-3000}
bash scripts/setup.sh
set -a; . ./.env; set +a
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 APP_URL="http://127.0.0.1:$PORT"

pids=()
hosts_started=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "[demo] stopping what the demo started"
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for h in "${hosts_started[@]}"; do bash scripts/sandbox/hosts.sh down --name "$h" >/dev/null 2>&1 || true; done
  if [ "${slurm_started:-0}" = 1 ]; then bash scripts/sandbox/slurm.sh down >/dev/null 2>&1 || true; fi
  if [ -f .run/started-services ]; then
    while read -r what arg; do
      case "$what" in
        redis) [ -f "$arg" ] && kill "$(cat "$arg")" 2>/dev/null || true;;
        postgres) pg_ctlcluster --skip-systemctl-redirect "$arg" main stop || true;;
      esac
    done < .run/started-services
    rm -f .run/started-services
  fi
}
trap cleanup INT TERM EXIT

# Three sandbox GPU hosts: real sshd on loopback, simulated GPUs, LLaMA-Factory installed off the login PATH
# (gpu-a: venv in ~/LLaMA-Factory; gpu-b: conda env "lf", LF 0.9.4; gpu-c: venv with transformers 5.2, its
# profile left for you; the launch lint follows each host's versions).
for spec in "gpu-a 22201 2xA100-80GB venv 0.9.6.dev0 4.57.1" "gpu-b 22202 4xA100-40GB conda 0.9.4 4.55.4" "gpu-c 22203 1xL4 venv 0.9.6.dev0 5.2.0"; do
  set -- $spec
  if ! bash scripts/sandbox/hosts.sh status 2>/dev/null | awk -v n="$1" '$1==n && $2=="up" {f=1} END {exit !f}'; then hosts_started+=("$1"); fi
  bash scripts/sandbox/hosts.sh up --name "$1" --port "$2" --gpus "$3" --layout "$4" --lf-version "$5" --transformers "$6" --step-seconds "${DEMO_STEP_SECONDS:-0.5}"
done

# gpu-a has a history to import: real runs where LLaMA-Board leaves them (~/LLaMA-Factory/saves).
bash scripts/sandbox/place-saves.sh --name gpu-a

# A small Slurm cluster beside them: the real slurm-wlm on this machine (one node, 4 GRES GPUs), its login
# node a sandbox sshd (slurm-login) whose user submits with sbatch. Stopped on Ctrl-C if the demo started it.
slurm_started=0
bash scripts/sandbox/slurm.sh status 2>/dev/null | grep -q '^slurmctld: [0-9]' || slurm_started=1
if ! bash scripts/sandbox/hosts.sh status 2>/dev/null | awk '$1=="slurm-login" && $2=="up" {f=1} END {exit !f}'; then hosts_started+=("slurm-login"); fi
bash scripts/sandbox/hosts.sh up --name slurm-login --port 22204 --gpus 4xA100-80GB --step-seconds "${DEMO_STEP_SECONDS:-0.5}"
bash scripts/sandbox/slurm.sh up --login slurm-login

# gpu-a and gpu-b get their runtime profile from Detect; gpu-c keeps the default profile, so the hosts page
# says why LLaMA-Factory cannot start there until you press Detect (or fill it in) and save.
npx tsx scripts/seed.ts --hosts gpu-a,gpu-b,gpu-c --no-detect gpu-c --slurm lab-slurm:slurm-login --demo-runs
echo "[demo] building the web app"
npx next build >/dev/null
npx next start -p "$PORT" -H 127.0.0.1 > .run/web.log 2>&1 & pids+=($!)
npx tsx workers/index.ts > .run/worker.log 2>&1 & pids+=($!)
for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/signin" && break; sleep 0.5; done
cat <<MSG

  Factory Floor is running:  http://127.0.0.1:$PORT
  Sign in as:                admin@factory.local / ${ADMIN_PASSWORD:-factory-floor-admin}
  Logs:                      .run/web.log, .run/worker.log
  Press Ctrl-C to stop the web app, the worker and the sandbox hosts this script started.

MSG
wait -n "${pids[@]}" || true
