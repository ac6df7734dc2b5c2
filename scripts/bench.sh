#!/usr/bin/env bash
# Benchmark chkmate on a large synthetic Terraform repository, and Checkov on the same
# repository for the ratio. Prints a Markdown table (format: benches/README.md).
#
#   scripts/bench.sh [--corpus DIR] [--runs N] [--files N] [--seed S] [--no-checkov] [--no-build]
#
#   --corpus DIR   benchmark an existing directory instead of generating one
#   --runs N       timed runs per chkmate command (default 5; best and median reported)
#   --files N      size of the generated corpus in .tf files (default 1000)
#   --seed S       seed of the generated corpus (default 42)
#   --no-checkov   skip the Checkov comparison
#   --no-build     use the existing release binary instead of running `cargo build --release`
#
# Environment: CARGO_TARGET_DIR (where the release binary is), XDG_CACHE_HOME (Checkov venv
# under chkmate-bench/venv, reused across runs), CHECKOV_VERSION (pin, default: latest).
# This is a measurement script, not a test: targets are reported, never asserted.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=5
FILES=1000
SEED=42
CORPUS=""
CHECKOV=1
BUILD=1

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) CORPUS="${2:?--corpus needs a directory}"; shift 2 ;;
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --files) FILES="${2:?--files needs a number}"; shift 2 ;;
    --seed) SEED="${2:?--seed needs a number}"; shift 2 ;;
    --no-checkov) CHECKOV=0; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$RUNS" in ''|*[!0-9]*|0) echo "bench.sh: --runs must be a positive integer" >&2; exit 2 ;; esac

log() { echo "bench: $*" >&2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/chkmate-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# --- tools -------------------------------------------------------------------------------
GNU_TIME=""
if [ -x /usr/bin/time ] && /usr/bin/time --version 2>&1 | grep -q GNU; then
  GNU_TIME=/usr/bin/time
else
  log "GNU time not found: peak memory will not be measured."
  log "  install it with: apt-get install time   (Debian/Ubuntu) or: brew install gnu-time"
fi
if ! date +%s%N | grep -q '^[0-9]*$'; then
  echo "bench.sh: needs GNU date (date +%s%N) for sub-second timing" >&2
  exit 2
fi

# --- build -------------------------------------------------------------------------------
cd "$REPO"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$REPO/$TARGET_DIR" ;; esac
BIN="$TARGET_DIR/release/chkmate"
if [ "$BUILD" = 1 ]; then
  log "building release binary (cargo build --release)"
  cargo build --release --quiet --bin chkmate
fi
if [ ! -x "$BIN" ]; then
  echo "bench.sh: no release binary at $BIN (run without --no-build)" >&2
  exit 2
fi

# --- corpus ------------------------------------------------------------------------------
if [ -z "$CORPUS" ]; then
  CORPUS="$WORK/corpus"
  log "generating corpus ($FILES files, seed $SEED)"
  python3 "$REPO/scripts/gen_corpus.py" "$CORPUS" --files "$FILES" --seed "$SEED" >&2
elif [ ! -d "$CORPUS" ]; then
  echo "bench.sh: --corpus $CORPUS is not a directory" >&2
  exit 2
fi
CORPUS="$(cd "$CORPUS" && pwd)"
TF_FILES=$(find "$CORPUS" -name '*.tf' -type f | wc -l | tr -d ' ')
TF_LINES=$(find "$CORPUS" -name '*.tf' -type f -exec cat {} + | wc -l | tr -d ' ')

export CHKMATE_HOME="$WORK/home"   # keep the benchmark's store away from the user's
export NO_COLOR=1
mkdir -p "$CHKMATE_HOME"

# --- measurement -------------------------------------------------------------------------
ROWS=()   # Markdown table rows
NOTES=()

now_ns() { date +%s%N; }

# run_once OUTFILE_PREFIX CMD... : one run; sets RUN_SECS, RUN_KB ("" when unknown), RUN_RC.
run_once() {
  local prefix="$1"; shift
  local t0 t1
  t0=$(now_ns)
  set +e
  if [ -n "$GNU_TIME" ]; then
    "$GNU_TIME" -f '%M' -o "$prefix.rss" "$@" > /dev/null 2> "$prefix.err"
  else
    "$@" > /dev/null 2> "$prefix.err"
  fi
  RUN_RC=$?
  set -e
  t1=$(now_ns)
  RUN_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  RUN_KB=""
  if [ -n "$GNU_TIME" ] && [ -s "$prefix.rss" ]; then
    # GNU time writes "Command exited with non-zero status N" before the value.
    RUN_KB=$(tail -n 1 "$prefix.rss" | tr -dc '0-9')
  fi
}

mb() { if [ -n "$1" ]; then awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; else echo "n/a"; fi; }

# bench NAME TARGET_S TARGET_MB CMD... : RUNS runs; appends a row; sets BEST_S.
# Exit status 0 and 1 (findings / budget exceeded) are normal results; 2 and above are errors.
bench() {
  local name="$1" target_s="$2" target_mb="$3"; shift 3
  local times=() peak="" i
  BEST_S=""
  log "measuring: $name ($RUNS runs)"
  for ((i = 1; i <= RUNS; i++)); do
    run_once "$WORK/run" "$@"
    if [ "$RUN_RC" -gt 1 ]; then
      log "  $name failed with exit status $RUN_RC:"
      tail -n 5 "$WORK/run.err" | sed 's/^/    /' >&2
      ROWS+=("| \`$name\` | $i | error (exit $RUN_RC) | | | |")
      return 0
    fi
    times+=("$RUN_SECS")
    if [ -n "$RUN_KB" ] && { [ -z "$peak" ] || [ "$RUN_KB" -gt "$peak" ]; }; then peak="$RUN_KB"; fi
  done
  local sorted best median
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  best=$(echo "$sorted" | head -n 1)
  median=$(echo "$sorted" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  BEST_S="$best"
  local verdict="" peak_mb
  peak_mb=$(mb "$peak")
  if [ -n "$target_s" ]; then
    verdict=$(awk -v t="$median" -v lim="$target_s" 'BEGIN { print (t <= lim) ? "time ok" : "time OVER" }')
    verdict="$verdict (≤ ${target_s} s)"
    if [ "$peak_mb" != "n/a" ] && [ -n "$target_mb" ]; then
      verdict="$verdict, $(awk -v m="$peak_mb" -v lim="$target_mb" 'BEGIN { print (m <= lim) ? "memory ok" : "memory OVER" }') (≤ ${target_mb} MB)"
    fi
  fi
  ROWS+=("| \`$name\` | $RUNS | $best | $median | $peak_mb | $verdict |")
}

has_subcommand() {
  "$BIN" help 2>/dev/null | grep -Eq "^[[:space:]]+$1([[:space:]]|$)"
}

CHKMATE_VERSION=$("$BIN" --version 2>/dev/null || echo "chkmate (version unknown)")
REFERENCE_S=""   # chkmate time used for the Checkov ratio
REFERENCE_NAME=""

for sub in inspect audit cost; do
  if ! has_subcommand "$sub"; then
    log "skipping chkmate $sub: this build has no '$sub' subcommand"
    NOTES+=("chkmate $sub: not measured, the subcommand does not exist in this build")
    continue
  fi
  bench "chkmate $sub CORPUS --format json" 0.5 150 "$BIN" "$sub" "$CORPUS" --format json
  if [ -n "$BEST_S" ]; then
    if [ "$sub" = audit ] || [ -z "$REFERENCE_S" ]; then
      REFERENCE_S="$BEST_S"
      REFERENCE_NAME="chkmate $sub"
    fi
  fi
done

# Startup time.
if command -v hyperfine > /dev/null 2>&1; then
  log "measuring: chkmate --version (hyperfine)"
  # -N (no intermediate shell) exists since hyperfine 1.13; older ones correct for the shell.
  hyperfine -N --warmup 3 --runs 50 --style none --export-json "$WORK/startup.json" "$BIN --version" > /dev/null 2>&1 ||
    hyperfine --warmup 3 --runs 50 --style none --export-json "$WORK/startup.json" "$BIN --version" > /dev/null 2>&1
  STARTUP=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f %.2f" % (r["min"]*1e3, r["median"]*1e3, r["mean"]*1e3))' "$WORK/startup.json")
  read -r s_min s_median s_mean <<< "$STARTUP"
  ROWS+=("| \`chkmate --version\` (hyperfine) | 50 | ${s_min} ms | ${s_median} ms | | mean ${s_mean} ms |")
else
  log "measuring: chkmate --version (loop of 50 runs; install hyperfine for finer numbers)"
  "$BIN" --version > /dev/null
  t0=$(now_ns)
  for ((i = 0; i < 50; i++)); do "$BIN" --version > /dev/null; done
  t1=$(now_ns)
  per=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 50 / 1e6 }')
  ROWS+=("| \`chkmate --version\` (loop) | 50 | | | | mean ${per} ms per run |")
fi

# Checkov.
CHECKOV_VERSION_USED=""
if [ "$CHECKOV" = 1 ]; then
  VENV="${XDG_CACHE_HOME:-$HOME/.cache}/chkmate-bench/venv"
  if [ ! -x "$VENV/bin/checkov" ]; then
    log "installing checkov into $VENV (first run only; takes a few minutes)"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet "checkov${CHECKOV_VERSION:+==$CHECKOV_VERSION}"
  fi
  CHECKOV_VERSION_USED=$("$VENV/bin/checkov" --version 2>/dev/null | tail -n 1)
  log "measuring: checkov $CHECKOV_VERSION_USED (one run; slow)"
  run_once "$WORK/checkov" "$VENV/bin/checkov" -d "$CORPUS" --framework terraform --quiet --compact -o json --skip-download
  if [ "$RUN_RC" -gt 1 ]; then
    log "  checkov failed with exit status $RUN_RC:"
    tail -n 5 "$WORK/checkov.err" | sed 's/^/    /' >&2
    ROWS+=("| \`checkov -d CORPUS --framework terraform\` | 1 | error (exit $RUN_RC) | | | |")
  else
    ratio=""
    if [ -n "$REFERENCE_S" ]; then
      ratio=$(awk -v c="$RUN_SECS" -v r="$REFERENCE_S" -v n="$REFERENCE_NAME" \
        'BEGIN { if (r > 0) printf "%.0f× the time of %s (best run)", c / r, n }')
    fi
    ROWS+=("| \`checkov -d CORPUS --framework terraform --quiet --compact -o json --skip-download\` | 1 | $RUN_SECS | $RUN_SECS | $(mb "$RUN_KB") | $ratio |")
  fi
else
  NOTES+=("Checkov: skipped (--no-checkov)")
fi

# --- report ------------------------------------------------------------------------------
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
CORES=$(nproc 2>/dev/null || echo "?")
echo "## chkmate benchmark — $(date -u +%Y-%m-%d)"
echo
echo "- binary: $CHKMATE_VERSION (release)"
echo "- corpus: $TF_FILES .tf files, $TF_LINES lines"
echo "- machine: ${CPU:-unknown CPU}, $CORES cores"
if [ -n "$CHECKOV_VERSION_USED" ]; then echo "- checkov: $CHECKOV_VERSION_USED"; fi
echo
echo "| Command | Runs | Best (s) | Median (s) | Peak RSS (MB) | Notes |"
echo "|---|---|---|---|---|---|"
for row in "${ROWS[@]}"; do echo "$row"; done
if [ "${#NOTES[@]}" -gt 0 ]; then
  echo
  for note in "${NOTES[@]}"; do echo "- $note"; done
fi
