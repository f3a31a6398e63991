#!/usr/bin/env bash
# Benchmark (not a test): `audit` of a pool that sends through SES, matched against the account's
# suppression list. scripts/fault_proxy.py answers ListSuppressedDestinations (moto lacks it) in
# pages of 1,000 over SUPPRESSED addresses and counts every call by operation. Two audits of the
# same USERS-user pool: against an empty list and against a SUPPRESSED-entry one. The second may
# make no more calls than the list's extra pages; its time and peak memory are printed beside.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
USERS=${USERS:-3000}
SUPPRESSED=${SUPPRESSED:-10000}
ensure_moto
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
start_moto
use_moto_env
doctor="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
work=$(mktemp -d)
free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
moto_port=${MOTO_ENDPOINT##*:}
PROXY_PID=""
trap 'kill $MOTO_PID $PROXY_PID 2>/dev/null || true; rm -rf "$work"' EXIT
echo "seeding $USERS users ..." >&2
eval "$(SES_IDENTITY=no-reply@example.com "$VENV/bin/python" scripts/seed_many.py "$USERS")"
for listed in 0 "$SUPPRESSED"; do
  [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
  port=$(free_port)
  echo '{}' > "$work/calls"
  SUPPRESSED=$listed "$VENV/bin/python" scripts/fault_proxy.py "$port" "$moto_port" "$work/calls" &
  PROXY_PID=$!
  sleep 1
  /usr/bin/time -f '%e %M' -o "$work/time" env AWS_ENDPOINT_URL="http://127.0.0.1:$port" \
    "$doctor" -o json audit --user-pool-id "$POOL" > "$work/audit-$listed.jsonl" 2>/dev/null || true
  read -r secs kb < <(tail -n 1 "$work/time")
  flagged=$(tail -n 1 "$work/audit-$listed.jsonl" | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["summary"]["by_code"].get("recipient-suppressed", 0))')
  calls=$("$VENV/bin/python" -c "import json; c=json.load(open('$work/calls')); print(sum(v['calls'] for v in c.values()), json.dumps({k: v['calls'] for k, v in sorted(c.items())}))")
  printf '%6s suppressed: %6.2f s, %6.1f MB peak, %4s users flagged, calls %s\n' \
    "$listed" "$secs" "$(echo "$kb / 1024" | bc -l)" "$flagged" "$calls"
  eval "total_$listed=${calls%% *}"
done
pages=$(( (SUPPRESSED + 999) / 1000 ))
extra=$(( total_$SUPPRESSED - total_0 ))
echo "extra calls with $SUPPRESSED suppressed: $extra (the list's extra pages: $(( pages - 1 )))"
[ "$extra" -le $(( pages - 1 )) ] || { echo "more calls than the list's pages add" >&2; exit 1; }
