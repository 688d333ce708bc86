#!/usr/bin/env bash
# Sandbox GPU hosts: each one a real OpenSSH sshd on 127.0.0.1:PORT with its own host key, a login
# user with an authorized key, nvidia-smi on its login PATH and the simulated LLaMA-Factory installed the way
# teams install the real one: in a venv (or conda env) NOT on the login PATH, next to an LF checkout
# (~/LLaMA-Factory with data/dataset_info.json and examples/deepspeed). Launching needs a runtime profile.
# State lives in .sandbox/ (gitignored); .sandbox/hosts.json is the registry other scripts read.
#
#   bash scripts/sandbox/hosts.sh up --name NAME --port PORT --gpus SPEC [--step-seconds S] [--no-nvidia-smi]
#        [--layout venv|conda] [--lf-version V] [--transformers V]
#   bash scripts/sandbox/hosts.sh down (--name NAME | --all) [--purge]
#   bash scripts/sandbox/hosts.sh status
# SPEC: <count>x<model>, e.g. 2xA100-80GB, 4xRTX4090, 1xH100, 8xL4.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SANDBOX="${SANDBOX_DIR:-$ROOT/.sandbox}"
REGISTRY="$SANDBOX/hosts.json"
NODE="$(command -v node || true)"

die() { echo "hosts.sh: $*" >&2; exit 1; }
[[ -n "$NODE" ]] || die "node is required on PATH"

gpu_model() { # model token -> "name|memoryMiB"
  case "${1^^}" in
    A100-80GB|A100) echo "NVIDIA A100-SXM4-80GB|81920" ;;
    A100-40GB) echo "NVIDIA A100-SXM4-40GB|40960" ;;
    H100-80GB|H100) echo "NVIDIA H100 80GB HBM3|81559" ;;
    H200) echo "NVIDIA H200|143771" ;;
    RTX4090|4090) echo "NVIDIA GeForce RTX 4090|24564" ;;
    RTX3090|3090) echo "NVIDIA GeForce RTX 3090|24576" ;;
    L4) echo "NVIDIA L4|23034" ;;
    L40S) echo "NVIDIA L40S|46068" ;;
    A10G) echo "NVIDIA A10G|23028" ;;
    V100-32GB|V100) echo "Tesla V100-SXM2-32GB|32768" ;;
    T4) echo "Tesla T4|15360" ;;
    *) return 1 ;;
  esac
}

# registry_edit <js body using `hosts` (array)>: read-modify-write of hosts.json under a lock.
registry_edit() {
  mkdir -p "$SANDBOX"
  (
    flock 9
    REGISTRY="$REGISTRY" "$NODE" -e '
      const fs = require("fs");
      const file = process.env.REGISTRY;
      let hosts = [];
      try { hosts = JSON.parse(fs.readFileSync(file, "utf8")); } catch {}
      '"$1"'
      fs.writeFileSync(file + ".tmp", JSON.stringify(hosts, null, 2) + "\n");
      fs.renameSync(file + ".tmp", file);
    '
  ) 9>"$SANDBOX/.registry.lock"
}

sshd_pid() { # prints the pid of this host's running sshd, or nothing
  local dir="$1" pid
  [[ -f "$dir/sshd.pid" ]] || return 0
  pid="$(cat "$dir/sshd.pid" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$dir/sshd_config"; then echo "$pid"; fi
}

cmd_up() {
  local name="" port="" spec="" step="0.5" nvsmi=1 layout="venv" lfver="0.9.6.dev0" tfver="4.57.1"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --name) name="${2:-}"; shift 2 ;;
      --port) port="${2:-}"; shift 2 ;;
      --gpus) spec="${2:-}"; shift 2 ;;
      --step-seconds) step="${2:-}"; shift 2 ;;
      --no-nvidia-smi) nvsmi=0; shift ;;
      --layout) layout="${2:-}"; shift 2 ;;
      --lf-version) lfver="${2:-}"; shift 2 ;;
      --transformers) tfver="${2:-}"; shift 2 ;;
      *) die "up: unknown option '$1'" ;;
    esac
  done
  [[ "$name" =~ ^[a-z0-9][a-z0-9-]{0,20}$ ]] || die "up: --name must match [a-z0-9][a-z0-9-]{0,20} (got '$name')"
  [[ "$port" =~ ^[0-9]+$ ]] && (( port >= 1024 && port <= 65535 )) || die "up: --port must be 1024..65535 (got '$port')"
  [[ "$spec" =~ ^([0-9]+)x([A-Za-z0-9-]+)$ ]] || die "up: --gpus must look like 2xA100-80GB (got '$spec')"
  local count="${BASH_REMATCH[1]}" model="${BASH_REMATCH[2]}" gm
  (( count >= 1 && count <= 16 )) || die "up: GPU count must be 1..16"
  gm="$(gpu_model "$model")" || die "up: unknown GPU model '$model' (A100-80GB, A100-40GB, H100, H200, RTX4090, RTX3090, L4, L40S, A10G, V100, T4)"
  [[ "$step" =~ ^[0-9]*\.?[0-9]+$ ]] || die "up: --step-seconds must be a number (got '$step')"
  local gname="${gm%|*}" gmem="${gm#*|}"
  [[ "$layout" == venv || "$layout" == conda ]] || die "up: --layout must be venv or conda (got '$layout')"
  [[ "$lfver" =~ ^[0-9][0-9A-Za-z.+-]{0,30}$ ]] || die "up: --lf-version must look like 0.9.6.dev0 (got '$lfver')"
  [[ "$tfver" =~ ^[0-9][0-9A-Za-z.+-]{0,30}$ ]] || die "up: --transformers must look like 4.57.1 (got '$tfver')"

  local user="ff-$name" dir="$SANDBOX/hosts/$name"
  local home="$dir/home"
  mkdir -p "$dir" "$home" /run/sshd
  chmod 755 "$SANDBOX" "$SANDBOX/hosts" "$dir"
  if ! id -u "$user" >/dev/null 2>&1; then
    useradd --home-dir "$home" --no-create-home --shell /bin/bash --user-group "$user"
  fi
  # "*" = no password but not locked: sshd (UsePAM no) refuses accounts whose hash starts with "!".
  usermod --home "$home" --password '*' "$user" >/dev/null 2>&1 || true

  [[ -f "$dir/ssh_host_ed25519_key" ]] || ssh-keygen -q -t ed25519 -N '' -C "sandbox-$name" -f "$dir/ssh_host_ed25519_key"
  [[ -f "$dir/client_ed25519" ]] || ssh-keygen -q -t ed25519 -N '' -C "factory-floor@$name" -f "$dir/client_ed25519"
  chmod 600 "$dir/ssh_host_ed25519_key" "$dir/client_ed25519"

  # Home: key, the login PATH for non-interactive ssh (no LLaMA-Factory on it), the simulated install.
  mkdir -p "$home/.ssh" "$home/bin" "$home/.sim/gpus"
  cp "$dir/client_ed25519.pub" "$home/.ssh/authorized_keys"
  echo "PATH=$home/bin:/usr/local/bin:/usr/bin:/bin" >"$home/.ssh/environment"
  local install_args=(--home "$home" --layout "$layout" --lf-version "$lfver" --transformers "$tfver")
  (( nvsmi )) || install_args+=(--no-nvidia-smi)
  local profile; profile="$("$NODE" "$ROOT/scripts/sim/install-host.mjs" "${install_args[@]}")" || die "installing the simulator into $home failed"
  GNAME="$gname" GMEM="$gmem" COUNT="$count" STEP="$step" "$NODE" -e '
    const gpus = Array.from({ length: Number(process.env.COUNT) }, () => ({ name: process.env.GNAME, memoryMiB: Number(process.env.GMEM) }));
    process.stdout.write(JSON.stringify({ gpus, stepSeconds: Number(process.env.STEP) }, null, 2) + "\n");
  ' >"$home/.sim/host.json"
  chown -R "$user:$user" "$home"
  chmod 755 "$home"; chmod 700 "$home/.ssh"; chmod 600 "$home/.ssh/authorized_keys"

  cat >"$dir/sshd_config.new" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
PermitRootLogin no
AllowUsers $user
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AuthorizedKeysFile .ssh/authorized_keys
StrictModes no
PermitUserEnvironment yes
MaxSessions 64
MaxStartups 64:30:128
ClientAliveInterval 30
Subsystem sftp internal-sftp
LogLevel VERBOSE
EOF
  local pid; pid="$(sshd_pid "$dir")"
  if [[ -n "$pid" ]] && cmp -s "$dir/sshd_config.new" "$dir/sshd_config"; then
    rm -f "$dir/sshd_config.new"
    echo "host $name already up (sshd pid $pid, port $port)"
  else
    [[ -n "$pid" ]] && { kill "$pid"; for _ in $(seq 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done; }
    mv "$dir/sshd_config.new" "$dir/sshd_config"
    /usr/sbin/sshd -t -f "$dir/sshd_config" || die "sshd -t rejected $dir/sshd_config"
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is already in use"; fi
    rm -f "$dir/sshd.pid"
    /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
    local ok=0
    for _ in $(seq 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ok=1; break; fi
      sleep 0.05
    done
    (( ok )) || { tail -20 "$dir/sshd.log" >&2; die "sshd for $name did not start listening on $port"; }
    echo "host $name up: ssh -i $dir/client_ed25519 -p $port $user@127.0.0.1 (sshd pid $(sshd_pid "$dir"))"
  fi

  local fp; fp="$(ssh-keygen -lf "$dir/ssh_host_ed25519_key.pub" | awk '{print $2}')"
  registry_edit '
    const entry = { name: '"\"$name\""', address: "127.0.0.1", port: '"$port"', username: '"\"$user\""',
      privateKeyPath: '"\"$dir/client_ed25519\""', hostKeyFingerprint: '"\"$fp\""', gpus: '"$count"',
      gpuModel: '"\"$gname\""', gpuMemoryMiB: '"$gmem"', stepSeconds: '"$step"', nvidiaSmi: '"$( ((nvsmi)) && echo true || echo false)"',
      profile: '"$profile"' };
    hosts = hosts.filter((h) => h.name !== entry.name).concat([entry]).sort((a, b) => a.name.localeCompare(b.name));
  '
}

down_one() {
  local name="$1" purge="$2" dir="$SANDBOX/hosts/$1" user="ff-$1" pid
  pid="$(sshd_pid "$dir")"
  if [[ -n "$pid" ]]; then
    kill "$pid"
    for _ in $(seq 50); do [[ -d "/proc/$pid" ]] || break; sleep 0.1; done
  fi
  rm -f "$dir/sshd.pid"
  # The sandbox user's processes are the simulated runs (and their ssh sessions): end them by pid, but
  # only those working inside this sandbox's home: another checkout's host of the same name has the
  # same user, and its runs are not ours to end.
  if id -u "$user" >/dev/null 2>&1; then
    local pids="" p cwd
    for p in $(ps -u "$user" -o pid= 2>/dev/null); do
      cwd="$(readlink "/proc/$p/cwd" 2>/dev/null || true)"
      [[ "$cwd" == "$dir/home" || "$cwd" == "$dir/home/"* ]] && pids+=" $p"
    done
    if [[ -n "${pids// /}" ]]; then
      # shellcheck disable=SC2086
      kill -KILL $pids 2>/dev/null || true
    fi
    rm -rf "$dir/home/.sim/gpus/"* 2>/dev/null || true
  fi
  if [[ "$purge" == 1 ]]; then
    id -u "$user" >/dev/null 2>&1 && userdel "$user" 2>/dev/null || true
    rm -rf "$dir"
  fi
  registry_edit 'hosts = hosts.filter((h) => h.name !== '"\"$name\""');'
  echo "host $name down"
}

cmd_down() {
  local name="" all=0 purge=0
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --name) name="${2:-}"; shift 2 ;;
      --all) all=1; shift ;;
      --purge) purge=1; shift ;;
      *) die "down: unknown option '$1'" ;;
    esac
  done
  if (( all )); then
    local d
    for d in "$SANDBOX"/hosts/*/; do [[ -d "$d" ]] && down_one "$(basename "$d")" "$purge"; done
    return 0
  fi
  [[ "$name" =~ ^[a-z0-9][a-z0-9-]{0,20}$ ]] || die "down: give --name NAME or --all"
  down_one "$name" "$purge"
}

cmd_status() {
  [[ -f "$REGISTRY" ]] || { echo "no sandbox hosts"; return 0; }
  local line name
  "$NODE" -e 'for (const h of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))) console.log([h.name, h.port, h.username, h.gpus + "x " + h.gpuModel, h.hostKeyFingerprint].join("\t"))' "$REGISTRY" |
    while IFS=$'\t' read -r name rest; do
      if [[ -n "$(sshd_pid "$SANDBOX/hosts/$name")" ]]; then echo -e "$name\tup\t$rest"; else echo -e "$name\tdown\t$rest"; fi
    done
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) shift; cmd_status ;;
  *) echo "usage: $0 up --name NAME --port PORT --gpus SPEC [--step-seconds S] [--no-nvidia-smi] [--layout venv|conda] [--lf-version V] [--transformers V] | down (--name NAME|--all) [--purge] | status" >&2; exit 2 ;;
esac
