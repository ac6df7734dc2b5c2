#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh machine, then runs
# cargo fmt --check, clippy (warnings are errors) and every test.
#
#   scripts/test.sh            # everything
#   scripts/test.sh -- NAME    # only tests matching NAME (after the checks)
set -euo pipefail
cd "$(dirname "$0")/.."

# Python components the tests start themselves (moto server, pre-commit,
# junitparser, jsonschema), in a venv kept outside the repository by default.
VENV="${CHKMATE_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/chkmate/test-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
STAMP="$VENV/.requirements.sha256"
WANT=$(sha256sum scripts/test-requirements.txt | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r scripts/test-requirements.txt
  echo "$WANT" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
export CHKMATE_TEST_PYTHON="$VENV/bin/python"

if ! command -v terraform >/dev/null 2>&1; then
  echo "error: terraform is not on PATH; the plan-JSON and deploy tests need it" >&2
  exit 2
fi
export CHECKPOINT_DISABLE=1
# Tests never read or write the user's own store or price cache.
TEST_STATE="$(mktemp -d "${TMPDIR:-/tmp}/chkmate-test.XXXXXX")"
trap 'rm -rf "$TEST_STATE"' EXIT
export CHKMATE_HOME="$TEST_STATE/home"
export CHKMATE_CACHE_DIR="$TEST_STATE/cache"

cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
if [ "${1:-}" = "--" ]; then
  shift
  cargo test --quiet "$@"
else
  cargo test --quiet
fi
