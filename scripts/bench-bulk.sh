#!/usr/bin/env bash
# Benchmark (not a test): `reverify --admin --from` on pools of 1,000 and 10,000 users whose
# emails are all unverified, at --max-rps 25 (the UserUpdate quota). Prints the achieved rate of
# changes against the requested one, the wall time (survey + changes) and peak memory (RSS).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
SIZES=${SIZES:-"1000 10000"}
RATE=${RATE:-25}
ensure_moto
cargo build --release --quiet
start_moto
use_moto_env
doctor="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
work=$(mktemp -d)
trap 'kill $MOTO_PID 2>/dev/null || true; rm -rf "$work"' EXIT

printf '%-8s %10s %14s %14s %10s %12s\n' users requested achieved_rate changes_s wall_s peak_rss_mb
for n in $SIZES; do
  echo "seeding $n users ..." >&2
  eval "$("$VENV/bin/python" scripts/seed_many.py "$n" unverified)"
  seq -f 'user%06g' 0 $((n - 1)) > "$work/users.txt"
  /usr/bin/time -f '%e %M' -o "$work/time" "$doctor" -o json reverify --admin --user-pool-id "$POOL" \
    --from "$work/users.txt" --max-rps "$RATE" --yes --journal "$work/journal-$n.jsonl" > "$work/out.jsonl" 2>/dev/null || true
  read -r wall kb < "$work/time"
  summary=$(tail -n 1 "$work/out.jsonl")
  rate=$(echo "$summary" | "$VENV/bin/python" -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("%.2f %.1f %d" % (s["rate"], s["seconds"], s["applied"]))')
  read -r achieved secs applied <<<"$rate"
  printf '%-8s %10s %14s %14s %10s %12.1f\n' "$n" "$RATE" "$achieved" "$secs" "$wall" "$(echo "$kb/1024" | bc -l)"
  [ "$applied" = "$n" ] || echo "  only $applied of $n applied" >&2
done
echo "(achieved_rate: changes sent per second while changing; wall_s adds the survey that builds the plan)"
