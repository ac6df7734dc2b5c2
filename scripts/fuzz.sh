#!/usr/bin/env bash
# Fuzz the Terraform parser and evaluator (fuzz target `parse_eval`) for a while.
#
#   scripts/fuzz.sh [SECONDS]        (default 600)
#
# Uses cargo-fuzz (`cargo install cargo-fuzz`) on the stable toolchain through
# RUSTC_BOOTSTRAP=1. Builds into fuzz/target (never the main target dir), keeps
# the growing corpus in fuzz/corpus/parse_eval, starts from fuzz/seeds, and
# writes crashing inputs to fuzz/artifacts/parse_eval. Each new crash is
# minimized (cargo fuzz tmin) and printed with its panic message.
#
# Environment: FUZZ_JOBS=N runs N fuzzing processes (libFuzzer -fork=N; default 1),
# CARGO_BUILD_JOBS limits build parallelism, FUZZ_MAX_LEN caps input size (default 8192).
# Exit status: 0 no crash, 1 crash (or timeout/OOM) found, 2 setup or build error.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECS="${1:-600}"
case "$SECS" in ''|*[!0-9]*|0) echo "fuzz.sh: SECONDS must be a positive integer" >&2; exit 2 ;; esac
JOBS="${FUZZ_JOBS:-1}"
MAX_LEN="${FUZZ_MAX_LEN:-8192}"
case "$JOBS$MAX_LEN" in *[!0-9]*) echo "fuzz.sh: FUZZ_JOBS and FUZZ_MAX_LEN must be integers" >&2; exit 2 ;; esac
TARGET=parse_eval

if ! cargo fuzz --version > /dev/null 2>&1; then
  echo "fuzz.sh: cargo-fuzz is not installed; install it with: cargo install cargo-fuzz" >&2
  exit 2
fi

cd "$REPO"
# The fuzz build is instrumented and must never share the main target directory.
export CARGO_TARGET_DIR="$REPO/fuzz/target"
# cargo-fuzz passes -Z flags to rustc; this lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1

CORPUS="fuzz/corpus/$TARGET"
ARTIFACTS="fuzz/artifacts/$TARGET"
mkdir -p "$CORPUS" "$ARTIFACTS"
LOG="$(mktemp "${TMPDIR:-/tmp}/chkmate-fuzz.XXXXXX.log")"
BEFORE="$(mktemp "${TMPDIR:-/tmp}/chkmate-fuzz-before.XXXXXX")"
trap 'rm -f "$BEFORE"' EXIT
# libFuzzer names artifacts <kind>-<sha1>, so plain listings are safe.
list_artifacts() { find "$ARTIFACTS" -maxdepth 1 -type f -printf '%f\n' | sort; }
list_artifacts > "$BEFORE"

echo "fuzz: building $TARGET (instrumented, into fuzz/target)" >&2
if ! cargo fuzz build "$TARGET" > "$LOG.build" 2>&1; then
  tail -n 30 "$LOG.build" >&2
  echo "fuzz.sh: build failed (full log: $LOG.build)" >&2
  rm -f "$LOG"
  exit 2
fi

FORK=()
if [ "$JOBS" -gt 1 ]; then FORK=("-fork=$JOBS" "-ignore_crashes=1"); fi

echo "fuzz: running $TARGET for ${SECS}s with $JOBS process(es); log: $LOG" >&2
set +e
cargo fuzz run "$TARGET" "$CORPUS" fuzz/seeds -- \
  -max_total_time="$SECS" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "${FORK[@]}" > "$LOG" 2>&1
RC=$?
set -e

# --- summary -------------------------------------------------------------------------------
last_status=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$LOG" | tail -n 1 || true)
field() { echo "$last_status" | grep -oE "$1: *[0-9a-zA-Z/.]+" | head -n 1 | sed -E "s|^$1: *||"; }
execs=$(grep -E '^stat::number_of_executed_units' "$LOG" | tail -n 1 | awk '{ print $2 }')
[ -z "$execs" ] && execs=$(echo "$last_status" | grep -oE '^#[0-9]+' | tr -d '#')
peak=$(grep -E '^stat::peak_rss_mb' "$LOG" | tail -n 1 | awk '{ print $2 }')

NEW=$(list_artifacts | comm -13 "$BEFORE" - | grep -v '^minimized-from-' || true)

echo "## fuzz summary: $TARGET, ${SECS}s"
echo "- executions: ${execs:-?} ($(field 'exec/s') exec/s)"
echo "- coverage: cov $(field cov), features $(field ft), corpus $(field corp)"
echo "- peak RSS: ${peak:-?} MB"
if [ -z "$NEW" ]; then
  echo "- crashes: none (libFuzzer exit status $RC)"
  if [ "$RC" -ne 0 ]; then
    echo "  libFuzzer exited with $RC without an artifact; see $LOG"
    exit 1
  fi
  rm -f "$LOG.build"
  exit 0
fi

echo "- crashes: $(echo "$NEW" | wc -l | tr -d ' ') new artifact(s) in $ARTIFACTS"
for name in $NEW; do
  file="$ARTIFACTS/$name"
  echo
  echo "### $name ($(wc -c < "$file" | tr -d ' ') bytes)"
  # Re-run this one input to get its own panic message (or libFuzzer's error line).
  cargo fuzz run "$TARGET" "$file" -- -timeout=10 -rss_limit_mb=2048 > "$LOG.repro" 2>&1 || true
  grep -m 1 -A 1 -E "panicked at" "$LOG.repro" | sed 's/^/    /' || true
  grep -m 1 -E "ERROR: libFuzzer: |ERROR: AddressSanitizer|SUMMARY: " "$LOG.repro" | sed 's/^/    /' || true
  case "$name" in
    crash-*|timeout-*|oom-*)
      echo "minimizing with cargo fuzz tmin ..." >&2
      before_min=$(list_artifacts | grep '^minimized-from-' || true)
      cargo fuzz tmin -r 2000 "$TARGET" "$file" > "$LOG.tmin" 2>&1 || true
      min=$(list_artifacts | grep '^minimized-from-' | comm -13 <(echo "$before_min") - | tail -n 1 || true)
      if [ -n "$min" ]; then
        echo "minimized: $ARTIFACTS/$min ($(wc -c < "$ARTIFACTS/$min" | tr -d ' ') bytes):"
        echo '```'
        head -c 2000 "$ARTIFACTS/$min" | cat -v
        echo
        echo '```'
      else
        echo "minimization produced no file; see $LOG.tmin"
      fi
      ;;
  esac
  echo "reproduce: RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=fuzz/target cargo fuzz run $TARGET $file"
done
exit 1
