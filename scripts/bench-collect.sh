#!/usr/bin/env bash
# Benchmark (not a test): `collect --all-users` against `audit` of the same pool, on moto behind
# a proxy that delays each call by DELAY_MS (100 ms), as a network to AWS would: time, calls and
# peak resident memory of each (GNU time), and the bundle's size. collect makes the audit's reads
# and writes each to the bundle as it answers, pseudonymised, so it should cost about what audit
# costs, in flat memory.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
USERS=${USERS:-10000}
DELAY_MS=${DELAY_MS:-100}
RATE=${RATE:-30}
ensure_moto
[ -x /usr/bin/time ] || { echo "GNU time is needed for peak memory: apt-get install -y time" >&2; exit 2; }
cargo build --release --quiet
start_moto
use_moto_env
doctor="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
work=$(mktemp -d)
free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
proxy_port=$(free_port)
"$VENV/bin/python" scripts/delay_proxy.py "$proxy_port" "${MOTO_ENDPOINT##*:}" "$DELAY_MS" "$work/calls" &
PROXY_PID=$!
trap 'kill $MOTO_PID $PROXY_PID 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
echo "seeding $USERS users ..." >&2
eval "$("$VENV/bin/python" scripts/seed_many.py "$USERS")"
export AWS_ENDPOINT_URL="http://127.0.0.1:$proxy_port"
# Runs the command under GNU time; prints "seconds peak_kb calls".
measure() {
  echo 0 > "$work/calls"
  /usr/bin/time -q -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
  echo "$(cat "$work/time") $(cat "$work/calls")"
}
read -r a_s a_kb a_calls < <(measure "$doctor" -o json audit --user-pool-id "$POOL" --max-rps "$RATE")
read -r c_s c_kb c_calls < <(measure "$doctor" collect --all-users --user-pool-id "$POOL" --max-rps "$RATE" --out "$work/bundle.json")
size=$(stat -c %s "$work/bundle.json" 2>/dev/null || echo 0)
printf 'users %s, %s ms a call, --max-rps %s\n' "$USERS" "$DELAY_MS" "$RATE"
printf '%-24s %7.2f s %6d calls %8.1f MB peak\n' "audit -o json" "$a_s" "$a_calls" "$(echo "$a_kb / 1024" | bc -l)"
printf '%-24s %7.2f s %6d calls %8.1f MB peak\n' "collect --all-users" "$c_s" "$c_calls" "$(echo "$c_kb / 1024" | bc -l)"
awk -v c="$c_s" -v a="$a_s" -v s="$size" 'BEGIN { printf "collect costs %.2fx audit; the bundle is %.1f MB\n", c / a, s / 1048576 }'
