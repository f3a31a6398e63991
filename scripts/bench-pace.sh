#!/usr/bin/env bash
# Benchmark (not a test): the one pacer, through scripts/fault_proxy.py in front of moto, which
# delays every call by DELAY_MS (150 ms) and can throttle one call in 7 (plus one burst of 3):
#  1. a 3,000-user audit at --max-rps 15, clean, against calls / rate;
#  2. the same audit with 1 ListUsers in 7 throttled plus a burst of 3, against the clean run,
#     with its counts compared;
#  3. reverify --from and undo of 1,000 users at --max-rps 25, clean and with 1
#     AdminUpdateUserAttributes in 7 throttled plus a burst of 3: the rate of changes held.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
USERS=${USERS:-3000}
BULK=${BULK:-1000}
DELAY_MS=${DELAY_MS:-150}
ensure_moto
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
start_moto
use_moto_env
doctor="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
work=$(mktemp -d)
free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
moto_port=${MOTO_ENDPOINT##*:}
PROXY_PID=""
proxy() { # proxy THROTTLE_OP THROTTLE_EVERY: (re)starts the proxy
  [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
  port=$(free_port)
  echo '{}' > "$work/calls"
  THROTTLE_OP=$1 THROTTLE_EVERY=$2 BURST_AT=$(( $2 ? 20 : 0 )) DELAY_MS=$DELAY_MS \
    "$VENV/bin/python" scripts/fault_proxy.py "$port" "$moto_port" "$work/calls" &
  PROXY_PID=$!
  sleep 1
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
}
trap 'kill $MOTO_PID $PROXY_PID 2>/dev/null || true; rm -rf "$work"' EXIT
calls() { "$VENV/bin/python" -c "import json; c=json.load(open('$work/calls')).get('$1', {}); print(c.get('calls', 0), c.get('throttled', 0))"; }
timed() { local s e; s=$(date +%s.%N); "$@" || true; e=$(date +%s.%N); echo "$e - $s" | bc -l > "$work/t"; }
summary() { tail -n 1 "$1" | "$VENV/bin/python" -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(json.dumps(s, sort_keys=True))'; }

if [ -z "${SKIP_AUDIT:-}" ]; then
echo "seeding $USERS users ..." >&2
export AWS_ENDPOINT_URL="$MOTO_ENDPOINT"
eval "$("$VENV/bin/python" scripts/seed_many.py "$USERS")"
AUDIT_POOL=$POOL
echo "== audit of $USERS users, $DELAY_MS ms a call, --max-rps 15"
for mode in clean throttled; do
  if [ $mode = clean ]; then proxy ListUsers 0; else proxy ListUsers 7; fi
  timed sh -c "'$doctor' -o json audit --user-pool-id '$AUDIT_POOL' --max-rps 15 > '$work/audit-$mode.jsonl' 2>/dev/null"
  t=$(cat "$work/t")
  read -r n thr < <(calls ListUsers)
  bound=$(echo "1.25 * ($n - $thr) / 15 + 1" | bc -l)
  printf '%-10s %7.2f s  ListUsers %4s calls (%s throttled)  1.25 x calls/rate + 1 s = %6.2f s\n' "$mode" "$t" "$n" "$thr" "$bound"
  eval "t_$mode=$t"
done
printf 'throttled / clean: %.2f (bound: 3x + 3 s = %.2f s)\n' "$(echo "$t_throttled / $t_clean" | bc -l)" "$(echo "3 * $t_clean + 3" | bc -l)"
if [ "$(summary "$work/audit-clean.jsonl")" = "$(summary "$work/audit-throttled.jsonl" | sed 's/"seconds": [0-9.]*/"seconds": 0/')" ] \
  || diff <(summary "$work/audit-clean.jsonl" | sed 's/"seconds": [0-9.e-]*/"seconds": 0/; s/"rate": [0-9.e-]*/"rate": 0/') \
          <(summary "$work/audit-throttled.jsonl" | sed 's/"seconds": [0-9.e-]*/"seconds": 0/; s/"rate": [0-9.e-]*/"rate": 0/') >/dev/null; then
  echo "counts: equal ($(summary "$work/audit-clean.jsonl" | cut -c1-120)...)"
else
  echo "counts: DIFFER"; summary "$work/audit-clean.jsonl"; summary "$work/audit-throttled.jsonl"
fi

fi

echo "== reverify --from and undo of $BULK users at --max-rps 25, $DELAY_MS ms a call"
printf '%-10s %-8s %9s %9s %8s %10s\n' mode command applied seconds rate throttled
for mode in clean throttled; do
  export AWS_ENDPOINT_URL="$MOTO_ENDPOINT"
  eval "$("$VENV/bin/python" scripts/seed_many.py "$BULK" unverified)"
  seq -f 'user%06g' 0 $((BULK - 1)) > "$work/users.txt"
  if [ $mode = clean ]; then proxy AdminUpdateUserAttributes 0; else proxy AdminUpdateUserAttributes 7; fi
  "$doctor" -o json reverify --admin --user-pool-id "$POOL" --from "$work/users.txt" --max-rps 25 --yes \
    --journal "$work/j-$mode.jsonl" > "$work/bulk.jsonl" 2>/dev/null || true
  read -r _ thr < <(calls AdminUpdateUserAttributes)
  s=$(summary "$work/bulk.jsonl")
  "$VENV/bin/python" -c "import json; s=json.loads('$s'); print('%-10s %-8s %9d %9.1f %8.2f %10s' % ('$mode', 'reverify', s['applied'], s['seconds'], s['rate'], '$thr'))"
  proxy AdminUpdateUserAttributes $([ $mode = clean ] && echo 0 || echo 7)
  "$doctor" -o json undo --journal "$work/j-$mode.jsonl" --max-rps 25 --yes --record "$work/u-$mode.jsonl" \
    > "$work/undo.jsonl" 2>/dev/null || true
  read -r _ thr < <(calls AdminUpdateUserAttributes)
  s=$(summary "$work/undo.jsonl")
  "$VENV/bin/python" -c "import json; s=json.loads('$s'); print('%-10s %-8s %9d %9.1f %8.2f %10s' % ('$mode', 'undo', s['applied'], s['seconds'], s['rate'], '$thr'))"
done
echo "(rate: changes sent per second over the run's change phase; 90% of 25/s is 22.5)"
