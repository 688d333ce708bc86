#!/usr/bin/env bash
# Puts the ready-made LLaMA-Factory saves/ history (scripts/sandbox/lf-saves/saves: real runs) into a
# sandbox host's LF checkout, where LLaMA-Board would have left it (~/LLaMA-Factory/saves), owned by
# the host's login user, so "Import runs from a folder" on the Hosts page has a real history to read.
# Idempotent: files already there are kept (a second run copies nothing and changes nothing).
#   bash scripts/sandbox/place-saves.sh --name NAME
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SANDBOX="${SANDBOX_DIR:-$ROOT/.sandbox}"
die() { echo "place-saves: $*" >&2; exit 2; }

name=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --name) name="${2:-}"; shift 2 ;;
    *) die "unknown argument '$1' (usage: place-saves.sh --name NAME)" ;;
  esac
done
[[ "$name" =~ ^[a-z0-9][a-z0-9-]{0,20}$ ]] || die "give --name NAME of a sandbox host (got '$name')"
home="$SANDBOX/hosts/$name/home"
user="ff-$name"
[[ -d "$home/LLaMA-Factory" ]] || die "no LLaMA-Factory checkout at $home/LLaMA-Factory (start the host first: hosts.sh up --name $name ...)"
id -u "$user" >/dev/null 2>&1 || die "no login user $user for host $name"

src="$ROOT/scripts/sandbox/lf-saves/saves"
dest="$home/LLaMA-Factory/saves"
mkdir -p "$dest"
# -n: never overwrite (a user's own runs in saves/ stay as they are); -p keeps the fixtures' mtimes.
cp -R -n -p "$src/." "$dest/"
chown -R "$user:" "$dest"
echo "saves placed on $name: $(find "$dest" -name trainer_log.jsonl | wc -l) runs with a trainer_log.jsonl in ~/LLaMA-Factory/saves"
