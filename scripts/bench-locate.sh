#!/usr/bin/env bash
# Benchmark (not a test): `locate --email` across three regions against one region, on moto
# behind a proxy that delays each call by DELAY_MS (100 ms), as a network to AWS would. Each
# region holds POOLS pools of a few users; the address is in one pool of the last region. The
# regions are searched at once, each at its own pace, so three should cost about one.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
POOLS=${POOLS:-12}
DELAY_MS=${DELAY_MS:-100}
RUNS=${RUNS:-5}
REGIONS=(eu-west-1 us-west-2 ap-southeast-2)
ensure_moto
cargo build --release --quiet
start_moto
use_moto_env
doctor="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
aws="$VENV/bin/aws"
work=$(mktemp -d)
free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
proxy_port=$(free_port)
"$VENV/bin/python" scripts/delay_proxy.py "$proxy_port" "${MOTO_ENDPOINT##*:}" "$DELAY_MS" "$work/calls" &
PROXY_PID=$!
trap 'kill $MOTO_PID $PROXY_PID 2>/dev/null || true; rm -rf "$work"' EXIT
echo "seeding $POOLS pools in each of ${REGIONS[*]} ..." >&2
for r in "${REGIONS[@]}"; do
  for i in $(seq 1 "$POOLS"); do
    p=$("$aws" cognito-idp create-user-pool --pool-name "bench-$i" --region "$r" --query UserPool.Id --output text)
    for u in 1 2 3; do
      "$aws" cognito-idp admin-create-user --user-pool-id "$p" --username "u$u" --region "$r" \
        --user-attributes Name=email,Value="u$u-$i@example.com" --message-action SUPPRESS >/dev/null
    done
  done
done
"$aws" cognito-idp admin-create-user --user-pool-id "$p" --username jane --region "${REGIONS[2]}" \
  --user-attributes Name=email,Value=jane@example.com --message-action SUPPRESS >/dev/null
export AWS_ENDPOINT_URL="http://127.0.0.1:$proxy_port"
# The median of RUNS runs, in seconds.
median() {
  local times=()
  for _ in $(seq 1 "$RUNS"); do
    local s e
    s=$(date +%s.%N); "$doctor" locate --email jane@example.com --max-rps 25 "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}
one=$(median --regions "${REGIONS[2]}")
echo 0 > "$work/calls"
three=$(median --regions "$(IFS=,; echo "${REGIONS[*]}")")
calls=$(cat "$work/calls")
printf 'locate --email, %s pools a region, %s ms a call, median of %s runs\n' "$POOLS" "$DELAY_MS" "$RUNS"
printf '%-28s %6.2f s\n' "one region" "$one" "three regions" "$three"
awk -v a="$three" -v b="$one" -v n="$calls" -v r="$RUNS" 'BEGIN { printf "three regions cost %.2fx one region (%d calls a run)\n", a / b, n / r }'
