#!/usr/bin/env bash
# Benchmark (not a test): `audit --all-pools` over four pools in two accounts (one pool larger than
# the others) against `audit` of the largest pool alone, on moto through a proxy on loopback that
# delays every call by DELAY_MS (100 ms), as the network to AWS would. Target: the fleet within
# 1.3x of its largest pool. Account A is moto's default (the bench credentials' own), account B is
# reached by assuming ROLE (moto's STS places the calls of assumed credentials in the role's
# account). The layout (LAYOUT, ACCOUNT:REGION:USERS each, `own` for A) puts the large pool alone
# in its account and region by default; SAME_SCOPE=1 puts a small pool beside it, in the same
# account and region, where the two share the ListUsers quota and are audited one after another.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
LARGE=${LARGE:-3000}
SMALL=${SMALL:-300}
DELAY_MS=${DELAY_MS:-100}
RATE=${RATE:-10}
RUNS=${RUNS:-3}
ROLE=${ROLE:-fleet-auditor}
B=222222222222
if [ "${SAME_SCOPE:-0}" = 1 ]; then
  LAYOUT=${LAYOUT:-"own:us-east-1:$LARGE own:us-east-1:$SMALL $B:us-east-1:$SMALL $B:eu-west-1:$SMALL"}
else
  LAYOUT=${LAYOUT:-"own:us-east-1:$LARGE own:eu-west-1:$SMALL $B:us-east-1:$SMALL $B:eu-west-1:$SMALL"}
fi
ensure_moto
if [ "${SKIP_BUILD:-0}" != 1 ]; then cargo build --release --quiet; fi
start_moto
use_moto_env
doctor="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
work=$(mktemp -d)
moto_port=${MOTO_ENDPOINT##*:}
proxy_port=$(free_port)
"$VENV/bin/python" scripts/delay_proxy.py "$proxy_port" "$moto_port" "$DELAY_MS" "$work/calls" &
PROXY_PID=$!
trap 'kill $MOTO_PID $PROXY_PID 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
echo "seeding $LAYOUT ..." >&2
# shellcheck disable=SC2086
eval "$(ROLE="$ROLE" "$VENV/bin/python" scripts/seed_fleet.py $LAYOUT)"
A=$(AWS_ENDPOINT_URL="$MOTO_ENDPOINT" "$VENV/bin/aws" sts get-caller-identity --region us-east-1 --query Account --output text)
export AWS_ENDPOINT_URL="http://127.0.0.1:$proxy_port"

timed() { local s e; s=$(date +%s.%N); "$@" >"$work/out" 2>"$work/err" || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
# The proxy's count only grows: each run's calls are the difference.
calls() { cat "$work/calls" 2>/dev/null || echo 0; }
alone=(); fleet=()
for _ in $(seq "$RUNS"); do
  before=$(calls)
  alone+=("$(timed "$doctor" -o json audit --user-pool-id "$POOL_0" --max-rps "$RATE")")
  alone_calls=$(( $(calls) - before ))
  before=$(calls)
  fleet+=("$(timed "$doctor" -o json audit --all-pools --regions us-east-1,eu-west-1 \
    --accounts "$A,$B" --role-name "$ROLE" --max-rps "$RATE")")
  fleet_calls=$(( $(calls) - before ))
done
tail -n 1 "$work/out" >&2
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
a=$(median "${alone[@]}"); f=$(median "${fleet[@]}")
printf 'layout: %s; %s ms a call, --max-rps %s, %s runs (median)\n' "$LAYOUT" "$DELAY_MS" "$RATE" "$RUNS"
printf '%-44s %8.2f s  (%s Cognito calls; runs: %s)\n' "audit --user-pool-id (the largest pool)" "$a" "$alone_calls" "${alone[*]}"
printf '%-44s %8.2f s  (%s Cognito calls; runs: %s)\n' "audit --all-pools (4 pools, 2 accounts)" "$f" "$fleet_calls" "${fleet[*]}"
awk -v a="$a" -v f="$f" 'BEGIN { printf "the fleet takes %.2fx the largest pool alone (target: at most 1.3x)\n", f / a }'
