#!/usr/bin/env bash
# Brings a fresh Debian machine (Node 20, root) to a runnable Factory Floor: system packages, PostgreSQL,
# Redis, npm packages, database + migrations, Prisma client, .env. Safe to run again: every step checks first.
# Usage: scripts/setup.sh [--db NAME]   (default database: ffloor)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DB_NAME=ffloor
while [ $# -gt 0 ]; do case "$1" in --db) DB_NAME=$2; shift 2;; *) echo "unknown option $1" >&2; exit 2;; esac; done
mkdir -p .run
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
STARTED_FILE=.run/started-services   # what this checkout started, so demo's Ctrl-C stops only that

# 1. Debian packages that are missing.
need=()
# slurm-wlm (slurmctld, slurmd, munge): the sandbox Slurm cluster of the demo and the tests (scripts/sandbox/slurm.sh).
for p in postgresql redis-server openssh-server chromium slurm-wlm; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]} (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# 2. PostgreSQL (no systemd here: start the cluster directly).
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  ver=$(ls /etc/postgresql | sort -n | tail -1)
  log "starting PostgreSQL $ver"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start
  echo "postgres $ver" >> "$STARTED_FILE"
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
fi
psql_admin() { su postgres -c "psql -qtAX -c \"$1\""; }
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='ffloor'")" = 1 ] || psql_admin "CREATE ROLE ffloor LOGIN PASSWORD 'ffloor' CREATEDB"
[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'")" = 1 ] || su postgres -c "createdb -O ffloor $DB_NAME"

# 3. Redis: BullMQ needs noeviction; bind to loopback only.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
    --maxmemory-policy noeviction --pidfile "$ROOT/.run/redis.pid" --logfile "$ROOT/.run/redis.log"
  echo "redis $ROOT/.run/redis.pid" >> "$STARTED_FILE"
  for _ in $(seq 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.2; done
fi
redis-cli -h 127.0.0.1 -p 6379 config set maxmemory-policy noeviction >/dev/null

# 4. .env (secrets generated once per checkout).
if [ ! -f .env ]; then
  log "writing .env"
  sed -e "s|^HOST_KEY_SECRET=.*|HOST_KEY_SECRET=$(openssl rand -base64 32)|" .env.example > .env
fi

# 5. npm packages from the committed lock (`npm ci` fails on this registry mirror: stack.md §5.2).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm install"
  npm install --no-audit --no-fund --loglevel=error
fi

# 6. Prisma client + migrations.
export CHECKPOINT_DISABLE=1
export DATABASE_URL="postgresql://ffloor:ffloor@127.0.0.1:5432/$DB_NAME"
log "prisma generate + migrate deploy ($DB_NAME)"
npx prisma generate >/dev/null
npx prisma migrate deploy >/dev/null
log "ready"
