# Shared by bench/import.sh, bench/sync.sh and bench/api.sh (sourced at the start of
# their `main`): progress lines, failure reports, and building the binaries they time.
# Each script sets BENCH_NAME (for messages), STEP, LOG and RUN_DIR.

progress() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
step() { STEP="$1"; progress "== $1"; }
fail() { echo "$BENCH_NAME: $*" >&2; exit 1; }

# Busy CPU time of the whole machine, in clock ticks (user nice system irq softirq
# steal): compared with a command's own cpu time it gives what else ran meanwhile.
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }

# report_failure RC: on a failed run (not a missed target), which step failed, the
# end of its log, and where the run's files are.
report_failure() {
    local rc=$1
    if [ "$rc" -ne 0 ] && [ "$TARGET_MISSED" -eq 0 ]; then
        echo >&2
        echo "$BENCH_NAME: FAILED during step: $STEP (exit status $rc)" >&2
        if [ -n "$LOG" ] && [ -s "$LOG" ]; then
            echo "---- last lines of $LOG ----" >&2
            tail -n 25 "$LOG" >&2
            echo "----" >&2
        fi
        echo "run directory: $RUN_DIR" >&2
    fi
}

# apt_install COMMAND PACKAGE: installs the Debian package when COMMAND is missing.
apt_install() {
    command -v "$1" >/dev/null && return 0
    progress "$1 missing: installing Debian package '$2'"
    LOG="$RUN_DIR/apt.log"
    { apt-get install -y "$2" || { apt-get update && apt-get install -y "$2"; }; } >"$LOG" 2>&1 \
        || fail "cannot install $1 (package '$2')"
    LOG=""
}

# build_binaries "CARGO PACKAGE ARGS" BINARY...: a release build, retried while the
# workspace may be mid-edit, then copies of the binaries into $BIN, so a concurrent
# build cannot swap a binary between two runs.
build_binaries() {
    local packages=$1 attempt=1 b
    shift
    LOG="$RUN_DIR/build.log"
    # shellcheck disable=SC2086 # the package arguments are words
    until (cd "$ROOT" && cargo build --release --locked $packages) >"$LOG" 2>&1; do
        if [ "$attempt" -ge "$BUILD_ATTEMPTS" ]; then
            fail "cargo build failed $attempt times (see $LOG)"
        fi
        progress "build failed (attempt $attempt of $BUILD_ATTEMPTS; the workspace may be mid-edit), retrying in ${BUILD_RETRY_SECONDS}s"
        grep -m 3 -E '^error' "$LOG" | sed 's/^/    /' >&2 || true
        attempt=$((attempt + 1))
        sleep "$BUILD_RETRY_SECONDS"
    done
    for b in "$@"; do
        [ -x "$ROOT/target/release/$b" ] || fail "target/release/$b missing after build"
        cp "$ROOT/target/release/$b" "$BIN/$b"
    done
    LOG=""
}
