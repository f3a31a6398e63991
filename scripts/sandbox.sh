#!/usr/bin/env bash
# The main job without an AWS account: starts the moto Cognito emulator on loopback behind the
# answering proxy the suite uses (it serves the reads moto lacks as an account would: SES's
# account and suppression list, Cognito's log delivery, import jobs and risk configuration,
# CloudTrail's event history), seeds one user per cause
# and runs `diagnose` on each, then on a pool without a user, and once with a read denied.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_moto
# DOCTOR names a binary already built (the suite runs the sandbox with its own); else a release
# build.
if [ -z "${DOCTOR:-}" ]; then
  cargo build --release --quiet
  DOCTOR="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
fi
start_moto
use_moto_env
eval "$("$VENV/bin/python" scripts/seed.py)"
# Started in this shell (not in $(...)), so that they stop with the script.
ports=$(mktemp -d)
start_answering_proxy >"$ports/proxy"
start_answering_proxy DENY_OPS=DescribeIdentityProvider >"$ports/denied"
proxy=$(cat "$ports/proxy")
denied=$(cat "$ports/denied")
export AWS_ENDPOINT_URL="$proxy"
doctor=$DOCTOR

bold='' plain=''
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; fi

run() {
  local title=$1; shift
  printf '\n%s=== %s%s\n$ cognito-email-doctor %s\n' "$bold" "$title" "$plain" "$*"
  set +e
  "$doctor" "$@"
  local rc=$?
  set -e
  printf '(exit code %s)\n' "$rc"
}

run "Cause 1: the user changed their email" diagnose --user-pool-id "$POOL" --email alice.new@example.com
run "Never verified: created by an administrator" diagnose --user-pool-id "$POOL" --username diego
run "Verified, but stored as \"True\"" diagnose --user-pool-id "$POOL" --username cap
run "Never verified, and the pool sends no codes" diagnose --user-pool-id "$LEGACY_POOL" --username bob
run "The pool itself: why codes never arrive" diagnose --user-pool-id "$LEGACY_POOL"
run "Cause 2: another user holds the email as an alias" diagnose --user-pool-id "$POOL" --username olivia
run "Cause 2: a sign-up that cannot be confirmed" diagnose --user-pool-id "$POOL" --username sam
run "Cause 3: the provider does not map email_verified" diagnose --user-pool-id "$POOL" --username Okta_1234567890
run "Cause 3: an admin fix would revert, so reverify refuses" reverify --admin --user-pool-id "$POOL" --username Okta_1234567890 --dry-run
run "No email at all" diagnose --user-pool-id "$POOL" --username ghost
run "A healthy user" diagnose --user-pool-id "$CURRENT_POOL" --username hana
run "The same, as JSON for scripts" --output json diagnose --user-pool-id "$POOL" --username alice
run "A fix, planned but not applied (--dry-run)" map-idp --user-pool-id "$POOL" --provider-name Okta --dry-run
AWS_ENDPOINT_URL="$denied" run "A read the credentials may not make (DescribeIdentityProvider denied): no verdict is guessed" diagnose --user-pool-id "$POOL" --username Okta_1234567890
