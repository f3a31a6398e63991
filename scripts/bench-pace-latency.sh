#!/usr/bin/env bash
# Benchmark (not a test): how much of its rate one pool's audit keeps on a slow link. A moto pool
# of USERS (3000) users behind scripts/delay_proxy.py, which delays every call by DELAY_MS (150)
# and logs when each arrives; `audit --max-rps RATE (15) --page-size 60`, with the default
# --parallel and with --parallel 1, RUNS (3) times each. For each run: the Cognito calls (all of
# them, and the paced ListUsers alone), the seconds from process start to exit, calls a second
# and the share of --max-rps; then where the time went (process start to the first ListUsers,
# first to last ListUsers against the rate, last ListUsers to exit). KEEP=DIR keeps each run's
# call log there. BEFORE=BINARY runs that build too, first, on the same pool.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
USERS=${USERS:-3000}
DELAY_MS=${DELAY_MS:-150}
RATE=${RATE:-15}
RUNS=${RUNS:-3}
ensure_moto
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet
start_moto
use_moto_env
doctor="${DOCTOR:-${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor}"
work=$(mktemp -d)
moto_port=${MOTO_ENDPOINT##*:}
proxy_port=$(free_port)
"$VENV/bin/python" scripts/delay_proxy.py "$proxy_port" "$moto_port" "$DELAY_MS" "$work/calls" "$work/log" &
PROXY_PID=$!
trap 'kill $MOTO_PID $PROXY_PID 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
echo "seeding $USERS users ..." >&2
eval "$("$VENV/bin/python" scripts/seed_many.py "$USERS")"
export AWS_ENDPOINT_URL="http://127.0.0.1:$proxy_port"

for bin in ${BEFORE:-} "$doctor"; do
printf 'users %s, %s ms a call, --max-rps %s, --page-size 60, %s\n' "$USERS" "$DELAY_MS" "$RATE" "$bin"
printf '%-12s %5s %9s %7s %8s %7s %8s | %7s %17s %7s\n' run calls ListUsers seconds calls/s "% rate" "LU % rate" "to 1st" "1st-last ((n-1)/R)" "to exit"
for parallel in 8 1; do
  for run in $(seq 1 "$RUNS"); do
    : > "$work/log"
    echo 0 > "$work/calls"
    s=$(date +%s.%N)
    "$bin" -o json audit --user-pool-id "$POOL" --max-rps "$RATE" --parallel "$parallel" --page-size 60 \
      > "$work/out.jsonl" 2> "$work/err" || true # exit 1: users with findings
    e=$(date +%s.%N)
    tail -n 1 "$work/out.jsonl" | grep -q '"complete": *true' || { echo "audit incomplete:"; cat "$work/err"; exit 1; }
    [ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$work/log" "$KEEP/$(basename "$bin")-parallel-$parallel-run-$run.log" \
      && echo "$s $e" > "$KEEP/$(basename "$bin")-parallel-$parallel-run-$run.span"
    "$VENV/bin/python" - "$work/log" "$s" "$e" "$RATE" "parallel $parallel #$run" <<'EOF'
import sys
log, start, end, rate, name = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
rows = [l.split(maxsplit=1) for l in open(log) if l.strip()]
calls = [(float(t), op.strip()) for t, op in rows if " " not in op.strip()]
lu = [t for t, op in calls if op == "ListUsers"]
secs = end - start
print("%-12s %5d %9d %7.2f %8.2f %6.1f%% %7.1f%%  | %6.2fs %6.2fs (%4.2fs) %6.2fs" % (
    name, len(calls), len(lu), secs, len(calls) / secs, 100 * len(calls) / secs / rate,
    100 * len(lu) / secs / rate, lu[0] - start, lu[-1] - lu[0], (len(lu) - 1) / rate, end - lu[-1]))
EOF
  done
done
done
echo "(calls: every Cognito call the proxy forwarded; ListUsers: the paced ones; % rate: calls / seconds / --max-rps, from process start to exit)"
