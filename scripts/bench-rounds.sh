#!/usr/bin/env bash
# Benchmark (not a test): `diagnose` of one user through a proxy that delays every call by
# DELAY_MS (100) before it reaches moto, as a network to AWS would. The reads that need only the
# pool id go out with the pool and the user, everything else together after: two rounds. Prints,
# for a user found by username and one found by email, the mean wall time of N runs (10) and the
# rounds and calls counted from `-v` (scripts/rounds.py). OLD_DOCTOR names another build to
# measure beside it (an earlier version).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
N=${N:-10}
DELAY_MS=${DELAY_MS:-100}
ensure_moto
if [ -z "${DOCTOR:-}" ]; then
  cargo build --release --quiet
  DOCTOR="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
fi
start_moto
use_moto_env
eval "$("$VENV/bin/python" scripts/seed.py)"
ports=$(mktemp -d)
start_answering_proxy DELAY_MS="$DELAY_MS" >"$ports/slow"
export AWS_ENDPOINT_URL
AWS_ENDPOINT_URL=$(cat "$ports/slow")

measure() {
  local doctor=$1 label=$2; shift 2
  printf '%-52s ' "$label"
  "$VENV/bin/python" scripts/rounds.py "$N" "$DELAY_MS" "$doctor" --output json diagnose --user-pool-id "$POOL" "$@"
}

echo "runs: $N each, every call delayed ${DELAY_MS} ms before moto, $(nproc) cores"
for build in "$DOCTOR" ${OLD_DOCTOR:-}; do
  name=$([ "$build" = "$DOCTOR" ] && echo "this build" || echo "OLD_DOCTOR")
  measure "$build" "$name: --username hana (healthy)" --username hana
  measure "$build" "$name: --email alice.new@example.com (cause 1)" --email alice.new@example.com
done
