#!/usr/bin/env bash
# Benchmark (not a test): `diagnose` on the federated sandbox user against the four AWS CLI reads
# the runbook needs for the same answer (describe-user-pool, admin-get-user, list-users by email,
# describe-identity-provider), on the same moto pool. Prints both times and the ratio.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
N=${N:-20}
ensure_moto
cargo build --release --quiet
start_moto
use_moto_env
eval "$("$VENV/bin/python" scripts/seed.py)"
doctor="${CARGO_TARGET_DIR:-$ROOT/target}/release/cognito-email-doctor"
aws="$VENV/bin/aws"
user=Okta_1234567890

now() { date +%s%N; }

doctor_once() { "$doctor" --output json diagnose --user-pool-id "$POOL" --username "$user" >/dev/null || [ $? -eq 1 ]; }
cli_once() {
  "$aws" cognito-idp describe-user-pool --user-pool-id "$POOL" --region us-east-1 >/dev/null
  "$aws" cognito-idp admin-get-user --user-pool-id "$POOL" --username "$user" --region us-east-1 >/dev/null
  "$aws" cognito-idp list-users --user-pool-id "$POOL" --filter 'email = "fed@example.com"' --region us-east-1 >/dev/null
  "$aws" cognito-idp describe-identity-provider --user-pool-id "$POOL" --provider-name Okta --region us-east-1 >/dev/null
}

doctor_once; cli_once # warm up both
t0=$(now); for _ in $(seq "$N"); do doctor_once; done; t1=$(now)
for _ in $(seq "$N"); do cli_once; done; t2=$(now)
d_ms=$(( (t1 - t0) / N / 1000000 ))
c_ms=$(( (t2 - t1) / N / 1000000 ))
echo "runs: $N each, moto on loopback, $(nproc) cores"
echo "cognito-email-doctor diagnose:      ${d_ms} ms per diagnosis"
echo "AWS CLI, four reads (no diagnosis): ${c_ms} ms"
awk -v d="$d_ms" -v c="$c_ms" 'BEGIN { if (d < 1) d = 1; printf "ratio: %.1fx faster\n", c / d }'
