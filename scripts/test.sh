#!/usr/bin/env bash
# Runs every check and test: formatting, clippy, unit tests and the end-to-end tests against the
# moto Cognito emulator (installed into .venv on first run) and cognito-local (installed into
# .cognito-local with npm on first run), with zsh (apt-get) for the printed-command checks.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_moto
ensure_cognito_local
ensure_zsh
export MOTO_SERVER="$VENV/bin/moto_server" AWS_CLI="$VENV/bin/aws"
export COGNITO_LOCAL="$COGNITO_LOCAL_DIR/node_modules/.bin/cognito-local"
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --all-targets --locked
