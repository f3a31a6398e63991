#!/usr/bin/env bash
# Runs every check and test: formatting, clippy, unit tests and the end-to-end tests against the
# moto Cognito emulator (installed into .venv on first run).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_moto
export MOTO_SERVER="$VENV/bin/moto_server" AWS_CLI="$VENV/bin/aws"
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --all-targets --locked
