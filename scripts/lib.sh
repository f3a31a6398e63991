# Shared by the scripts: a Python venv with the pinned emulator, and a moto server on a free
# loopback port that stops with the script.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Installs moto[server] and awscli (pinned in scripts/requirements-moto.txt) into .venv unless
# they are there.
ensure_moto() {
  local have=""
  [ -x "$VENV/bin/pip" ] && have=$("$VENV/bin/pip" show moto 2>/dev/null || true)
  if [ ! -x "$VENV/bin/moto_server" ] || [ ! -x "$VENV/bin/aws" ] || [[ "$have" != *"Version: 5.2.5"* ]]; then
    echo "Installing moto[server]==5.2.5 and the AWS CLI into .venv ..." >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/scripts/requirements-moto.txt"
  fi
}

# Installs cognito-local (pinned) into .cognito-local with npm unless it is there: the second
# Cognito of the suite, for what moto lacks (the user-side code flow).
COGNITO_LOCAL_VERSION=5.3.0
COGNITO_LOCAL_DIR="$ROOT/.cognito-local"
ensure_cognito_local() {
  local pkg="$COGNITO_LOCAL_DIR/node_modules/cognito-local/package.json"
  if [ ! -x "$COGNITO_LOCAL_DIR/node_modules/.bin/cognito-local" ] || ! grep -q "\"version\": \"$COGNITO_LOCAL_VERSION\"" "$pkg" 2>/dev/null; then
    command -v npm >/dev/null || { echo "npm (Node.js) is needed for the cognito-local tests: apt-get install -y nodejs npm" >&2; return 1; }
    echo "Installing cognito-local@$COGNITO_LOCAL_VERSION into .cognito-local ..." >&2
    npm install --silent --no-audit --no-fund --prefix "$COGNITO_LOCAL_DIR" "cognito-local@$COGNITO_LOCAL_VERSION" >&2
  fi
}

# Starts moto on a free port of 127.0.0.1; sets MOTO_ENDPOINT and stops the server on exit.
start_moto() {
  local port
  port=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
  MOTO_PID=$!
  trap 'kill $MOTO_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      MOTO_ENDPOINT="http://127.0.0.1:$port"
      export MOTO_ENDPOINT
      return 0
    fi
    sleep 0.1
  done
  echo "moto did not start on 127.0.0.1:$port" >&2
  return 1
}

# A free port on 127.0.0.1.
free_port() {
  "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts scripts/fault_proxy.py in front of moto on a free port (after start_moto): it answers
# the reads moto lacks with the AWS API references' shapes, as an account would, and forwards the
# rest. Extra environment (DELAY_MS=100, DENY_OPS=...) applies to this proxy. Prints its
# endpoint; the proxy stops with the script.
start_answering_proxy() {
  local port count
  port=$(free_port)
  count=$(mktemp)
  env "$@" "$VENV/bin/python" "$ROOT/scripts/fault_proxy.py" "$port" "${MOTO_ENDPOINT##*:}" "$count" >/dev/null 2>&1 &
  PROXY_PIDS="${PROXY_PIDS:-} $!"
  trap 'kill $MOTO_PID $PROXY_PIDS 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "http://127.0.0.1:$port"
      return 0
    fi
    sleep 0.1
  done
  echo "the answering proxy did not start on 127.0.0.1:$port" >&2
  return 1
}

# Credentials for the emulator only, and no instance-metadata lookups.
use_moto_env() {
  export AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox
  export AWS_ENDPOINT_URL="$MOTO_ENDPOINT" AWS_EC2_METADATA_DISABLED=true
  export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  unset AWS_PROFILE AWS_REGION AWS_DEFAULT_REGION AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
}

# zsh, for the tests that parse and run every printed command in bash, zsh and sh (support
# engineers paste into bash and zsh). Installed with apt-get where it is missing.
ensure_zsh() {
  command -v zsh >/dev/null && return 0
  echo "Installing zsh with apt-get ..." >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >&2 && apt-get install -y -qq zsh >&2
  else
    sudo apt-get update -qq >&2 && sudo apt-get install -y -qq zsh >&2
  fi
  command -v zsh >/dev/null || { echo "zsh is needed for the tests: apt-get install -y zsh" >&2; return 1; }
}
