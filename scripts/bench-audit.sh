#!/usr/bin/env bash
# Benchmark (not a test): `audit` against `aws cognito-idp list-users | jq` on the same moto
# pools of 3,000 and 30,000 users. Prints both times, the ratio and peak memory (RSS).
# The AWS CLI pages as fast as the server answers. audit is timed twice: at --max-rps 30, the
# ListUsers quota ceiling (on a local emulator that ceiling, not the work, sets its time), and
# at --max-rps 100, unthrottled like the CLI.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
SIZES=${SIZES:-"3000 30000"}
ensure_moto
command -v jq >/dev/null || { echo "jq is needed for the comparison: apt-get install -y jq" >&2; exit 2; }
cargo build --release --quiet
start_moto
use_moto_env
doctor="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
aws="$VENV/bin/aws"
JQ='[.Users[] | select((.Attributes | from_entries | .email_verified // "false") != "true")] | length'

measure() { # prints "seconds peak_kb" for a command
  local f; f=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$f" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$f"; rm -f "$f"
}

printf '%-8s %-28s %8s %12s\n' users tool seconds peak_rss_mb
for n in $SIZES; do
  echo "seeding $n users ..." >&2
  eval "$("$VENV/bin/python" scripts/seed_many.py "$n")"
  read -r q_s q_kb < <(measure "$doctor" --output json audit --user-pool-id "$POOL" --max-rps 30)
  read -r d_s d_kb < <(measure "$doctor" --output json audit --user-pool-id "$POOL" --max-rps 100)
  read -r c_s c_kb < <(measure sh -c "'$aws' cognito-idp list-users --user-pool-id '$POOL' --region us-east-1 --output json | jq '$JQ'")
  printf '%-8s %-28s %8s %12.1f\n' "$n" "audit --max-rps 30" "$q_s" "$(echo "$q_kb/1024" | bc -l)"
  printf '%-8s %-28s %8s %12.1f\n' "$n" "audit --max-rps 100" "$d_s" "$(echo "$d_kb/1024" | bc -l)"
  printf '%-8s %-28s %8s %12.1f\n' "$n" "aws list-users | jq" "$c_s" "$(echo "$c_kb/1024" | bc -l)"
  awk -v d="$d_s" -v q="$q_s" -v c="$c_s" -v n="$n" 'BEGIN { if (d < 0.01) d = 0.01; if (q < 0.01) q = 0.01;
    printf "%-8s ratio, unthrottled: audit is %.1fx faster; at the 30 rps ceiling: %.1fx\n", n, c / d, c / q }'
done
echo "(peak RSS of the AWS CLI row is the larger of aws and jq, as /usr/bin/time reports for sh's children)"
