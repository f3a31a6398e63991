#!/usr/bin/env bash
# Benchmark (not a test): `audit` against `aws cognito-idp list-users | jq` on the same moto pool
# through a proxy on loopback that delays each call by DELAY_MS (150 ms), as a network to AWS
# would. Reports both times, the ratio, and audit's achieved request rate against --max-rps.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
USERS=${USERS:-3000}
DELAY_MS=${DELAY_MS:-150}
RATE=${RATE:-30}
PARALLEL=${PARALLEL:-8}
ensure_moto
command -v jq >/dev/null || { echo "jq is needed for the comparison: apt-get install -y jq" >&2; exit 2; }
cargo build --release --quiet
start_moto
use_moto_env
doctor="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
aws="$VENV/bin/aws"
work=$(mktemp -d)
free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
moto_port=${MOTO_ENDPOINT##*:}
proxy_port=$(free_port)
"$VENV/bin/python" scripts/delay_proxy.py "$proxy_port" "$moto_port" "$DELAY_MS" "$work/calls" &
PROXY_PID=$!
trap 'kill $MOTO_PID $PROXY_PID 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
echo "seeding $USERS users ..." >&2
eval "$("$VENV/bin/python" scripts/seed_many.py "$USERS")"
export AWS_ENDPOINT_URL="http://127.0.0.1:$proxy_port"
JQ='[.Users[] | select((.Attributes | from_entries | .email_verified // "false") != "true")] | length'

timed() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
echo 0 > "$work/calls"
a=$(timed "$doctor" -o json audit --user-pool-id "$POOL" --max-rps "$RATE" --parallel "$PARALLEL")
a_calls=$(cat "$work/calls")
s=$(timed "$doctor" -o json audit --user-pool-id "$POOL" --max-rps "$RATE" --parallel 1)
c=$(timed sh -c "'$aws' cognito-idp list-users --user-pool-id '$POOL' --region us-east-1 --output json | jq '$JQ'")
printf 'users %s, %s ms a call, --max-rps %s\n' "$USERS" "$DELAY_MS" "$RATE"
printf '%-40s %8.2f s\n' "audit --parallel $PARALLEL" "$a" "audit --parallel 1 (sequential)" "$s" "aws cognito-idp list-users | jq" "$c"
awk -v a="$a" -v c="$c" -v n="$a_calls" -v r="$RATE" 'BEGIN {
  printf "audit is %.1fx faster than the AWS CLI; %d calls in %.2f s = %.1f calls/s (%.0f%% of --max-rps %s)\n", c / a, n, a, n / a, 100 * n / a / r, r }'
