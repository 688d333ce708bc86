#!/usr/bin/env bash
# The README's "test" command (and what .ci/run calls): the same setup as the demo on a fresh test database,
# then type check, unit, integration and Playwright e2e tests. Ends with "N passed, N failed"; exits non-zero
# on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 NODE_ENV=test
bash scripts/setup.sh --db ffloor_test || { echo "0 passed, 1 failed (setup)"; exit 1; }
set -a; . ./.env; set +a
export DATABASE_URL=postgresql://ffloor:ffloor@127.0.0.1:5432/ffloor_test
export E2E_PORT=${E2E_PORT:-3100} APP_URL="http://127.0.0.1:${E2E_PORT:-3100}"
npx prisma migrate reset --force --skip-generate --skip-seed >/dev/null 2>&1 || { echo "0 passed, 1 failed (db reset)"; exit 1; }
mkdir -p .run test-results
PASS=0; FAIL=0
count_tap() { # adds "# pass N" / "# fail N" of a TAP file to the totals
  local p f; p=$(grep -E '^# pass ' "$1" | tail -1 | awk '{print $3}'); f=$(grep -E '^# fail ' "$1" | tail -1 | awk '{print $3}')
  PASS=$((PASS + ${p:-0})); FAIL=$((FAIL + ${f:-0}))
  if [ -z "$p" ]; then FAIL=$((FAIL + 1)); echo "[test] no summary in $1 (runner crashed)"; fi
}
step() { printf '\n\033[1;34m== %s ==\033[0m\n' "$*"; }

step "sandbox GPU hosts"
bash scripts/sandbox/hosts.sh up --name test-a --port 22211 --gpus 1xA100-80GB --step-seconds 0.05 \
  && bash scripts/sandbox/hosts.sh up --name test-b --port 22212 --gpus 2xA100-80GB --step-seconds 0.05 \
  || { echo "0 passed, 1 failed (sandbox hosts)"; exit 1; }
# The one-node Slurm (4 GRES GPUs) the Slurm integration tests and e2e/slurm.spec.ts submit to; the tests
# start it themselves when it is down and leave it running when they found it up.
step "sandbox Slurm cluster"
bash scripts/sandbox/slurm.sh up || { echo "0 passed, 1 failed (sandbox Slurm)"; exit 1; }

# The production build (for the integration and e2e tests that drive the web app) runs beside the type
# check and the unit tests: neither reads .next, and overlapping them saves the build's minutes.
npx next build > .run/build.log 2>&1 &
BUILD_PID=$!

step "type check"
if npx tsc --noEmit -p tsconfig.json; then PASS=$((PASS+1)); echo "type check passed"; else FAIL=$((FAIL+1)); echo "type check FAILED"; fi

run_node_tests() { # $1 label, $2 tap file, rest: files
  local label=$1 tap=$2; shift 2
  step "$label ($# files)"
  [ $# -eq 0 ] && return
  node --import tsx --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "$@"
  count_tap "$tap"
}
mapfile -t UNIT < <(find lib scripts workers app -name '*.test.ts' ! -name '*.int.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
mapfile -t INT < <(find lib scripts workers app -name '*.int.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
run_node_tests "unit tests" .run/unit.tap "${UNIT[@]}"
# Integration tests that drive the real web app need the production build.
step "next build"
BUILD_OK=0
if wait "$BUILD_PID"; then BUILD_OK=1; PASS=$((PASS+1)); echo "build passed"
else tail -40 .run/build.log; FAIL=$((FAIL+1)); echo "next build FAILED"; fi
run_node_tests "integration tests" .run/int.tap "${INT[@]}"

step "Playwright e2e"
if [ "$BUILD_OK" = 1 ]; then
  rm -f .run/e2e.json
  PLAYWRIGHT_JSON_OUTPUT_NAME=.run/e2e.json npx playwright test --reporter=list,json
  if [ -f .run/e2e.json ]; then
    read -r ep ef < <(node -e 'const s=require("./.run/e2e.json").stats;console.log(s.expected+s.flaky, s.unexpected)')
    PASS=$((PASS+ep)); FAIL=$((FAIL+ef))
  else FAIL=$((FAIL+1)); echo "[test] Playwright wrote no report"; fi
else
  FAIL=$((FAIL+1)); echo "e2e not run: the build failed"
fi

bash scripts/sandbox/slurm.sh down >/dev/null 2>&1 || true
echo
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
