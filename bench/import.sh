#!/usr/bin/env bash
# Import benchmark for Postroom; see bench/README.md.
#
#   bench/import.sh [--messages N] [--seed S] [--records-scale] [--big GB]
#                   [--runs R] [--regen] [--check]
#
# Progress goes to stderr, results (a table, then one JSON line) to stdout.
# Everything happens under bench/out/ (gitignored).
set -Eeuo pipefail
shopt -s inherit_errexit
# The whole script is one function called on the last line, so bash has read all
# of it before anything runs: editing this file during a run cannot break the run.
main() {

usage() {
    cat <<'EOF'
usage: bench/import.sh [options]
  --messages N      messages in the generated mailbox (default 20000, ~650 MB)
  --seed S          generator seed (default 42)
  --records-scale   also time the same mail import against 1,000 and 1,000,000
                    records on file (generates a 1M-row people.csv once)
  --big GB          also import one generated mailbox of about GB gigabytes
                    (10^9 bytes; fractions allowed) and report its peak memory;
                    its files are deleted afterwards
  --runs R          timed runs per benchmark, median reported (default 3)
  --regen           regenerate cached mailboxes and people files
  --check           exit with status 3 when a target is missed
  -h, --help        this help
EOF
}

MESSAGES=20000
SEED=42
RECORDS_SCALE=0
BIG_GB=""
RUNS=3
REGEN=0
CHECK=0
SCALE_SMALL=1000
SCALE_LARGE=1000000
BUILD_ATTEMPTS=${BENCH_BUILD_ATTEMPTS:-6}
BUILD_RETRY_SECONDS=${BENCH_BUILD_RETRY_SECONDS:-30}

while [ $# -gt 0 ]; do
    case "$1" in
        --messages) MESSAGES=${2:?--messages needs a value}; shift 2 ;;
        --seed) SEED=${2:?--seed needs a value}; shift 2 ;;
        --records-scale) RECORDS_SCALE=1; shift ;;
        --big) BIG_GB=${2:?--big needs a value in GB}; shift 2 ;;
        --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
        --regen) REGEN=1; shift ;;
        --check) CHECK=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench/import.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in "$MESSAGES" "$SEED" "$RUNS"; do
    case "$v" in
        ''|*[!0-9]*) echo "bench/import.sh: --messages, --seed and --runs take whole numbers, got '$v'" >&2; exit 2 ;;
    esac
done
[ "$MESSAGES" -gt 0 ] && [ "$RUNS" -gt 0 ] || { echo "bench/import.sh: --messages and --runs must be positive" >&2; exit 2; }
if [ -n "$BIG_GB" ]; then
    python3 -c 'import sys; g = float(sys.argv[1]); sys.exit(0 if g > 0 else 1)' "$BIG_GB" 2>/dev/null \
        || { echo "bench/import.sh: --big takes a positive number of GB, got '$BIG_GB'" >&2; exit 2; }
fi

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_NAME="bench/import.sh"
# shellcheck source=bench/common.sh
. "$BENCH_DIR/common.sh"
OUT="$BENCH_DIR/out"
LIB="$BENCH_DIR/benchlib.py"
RUN_ID=$(date +%Y%m%d-%H%M%S)-$$
RUN_DIR="$OUT/runs/$RUN_ID"
RUNS_FILE="$RUN_DIR/runs.jsonl"
BIN="$RUN_DIR/bin"
STEP="start"
TARGET_MISSED=0 # set when --check exits 3 (not a failure of the script)
SAMPLER_PID=""  # background load sampler, stopped on exit
LOG=""          # log of the command of the current step, shown on failure
TMP_DIRS=()     # removed on exit, whatever happens
# Data dirs of the timed imports live in memory (tmpfs) by default. The targets
# compare CPU work with a parse that reads from the page cache; on a disk, ext4's
# inode allocation slows down after the previous run's thousands of files were
# deleted, which made run-to-run times drift by 50 % and more. Set BENCH_DATA_DIR to
# measure on a disk instead.
if [ -n "${BENCH_DATA_DIR:-}" ]; then
    DATA_ROOT="$BENCH_DATA_DIR/postroom-bench-$$"
elif [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 4000000 ]; then
    DATA_ROOT="/dev/shm/postroom-bench-$$"
else
    DATA_ROOT="$OUT/runs/data-$$"
fi
TMP_DIRS+=("$DATA_ROOT")
BIG_DIRS=()     # big-mailbox files, removed on exit, whatever happens


on_exit() {
    local rc=$?
    set +e
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
    local d
    for d in "${TMP_DIRS[@]}" "${BIG_DIRS[@]}"; do
        [ -n "$d" ] && [ -e "$d" ] && rm -rf -- "$d"
    done
    report_failure "$rc"
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

mkdir -p "$RUN_DIR" "$BIN" "$DATA_ROOT"
TMP_DIRS+=("$BIN")
: >"$RUNS_FILE"
progress "run directory: $RUN_DIR"

# ---------------------------------------------------------------------------
step "check tools"
command -v python3 >/dev/null || fail "python3 is required"
[ -x /usr/bin/time ] || fail "GNU time (/usr/bin/time) is required"
/usr/bin/time -f "%e %M" -o /dev/null true 2>/dev/null || fail "/usr/bin/time is not GNU time"
command -v cargo >/dev/null || fail "cargo is required"

# ---------------------------------------------------------------------------
step "build release binaries"
build_binaries "-p postroom-cli -p postroom-gen -p postroom-bench" postroom postroom-gen parse-baseline
POSTROOM="$BIN/postroom"
GEN="$BIN/postroom-gen"
PARSE="$BIN/parse-baseline"
LOG=""

# Sample, every 2 s, how many compilers (rustc) other people run and the load, so
# the report can say whether the numbers were taken on a busy machine.
SAMPLES="$RUN_DIR/load.samples"
(
    trap - EXIT
    while :; do
        echo "$(pgrep -c -x rustc || true) $(cut -d' ' -f1 /proc/loadavg)" >>"$SAMPLES"
        sleep 2
    done
) </dev/null >/dev/null 2>&1 &
SAMPLER_PID=$!

CORES=$(nproc)
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
python3 "$LIB" meta "$RUNS_FILE" messages="$MESSAGES" seed="$SEED" cores="$CORES" \
    "cpu_model=${CPU_MODEL:-unknown}" "load_start=$(cut -d' ' -f1-3 /proc/loadavg)" \
    "postroom_sha256=$(sha256sum "$POSTROOM" | cut -c1-16)" "clk_tck=$(getconf CLK_TCK)"

# ---------------------------------------------------------------------------
# Generation, cached per (messages, seed, padding). The cache is keyed on the
# generator's sources and Cargo.lock: when they change, the data is regenerated.
GEN_STAMP=$(cd "$ROOT" && { find crates/postroom-gen -type f \( -name '*.rs' -o -name Cargo.toml \) -not -path '*/tests/*' -print0 \
    | sort -z | xargs -0 sha256sum; sha256sum Cargo.lock; } | sha256sum | cut -c1-32)

# generate DIR MESSAGES SEED EXTRA_RECORDS: fills DIR unless already cached.
generate() {
    local dir=$1 messages=$2 seed=$3 extra=$4
    if [ "$REGEN" -eq 0 ] && [ -f "$dir/gen.json" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$GEN_STAMP" ]; then
        progress "using cached $(basename "$dir") ($(cat "$dir/gen.json"))"
        return 0
    fi
    local tmp="$dir.tmp"
    rm -rf -- "$dir" "$tmp"
    TMP_DIRS+=("$tmp")
    LOG="$RUN_DIR/$(basename "$dir").log"
    progress "generating $messages messages, seed $seed, $extra padding records into $dir"
    local t0 t1
    t0=$(date +%s%N)
    "$GEN" --out "$tmp" --seed "$seed" --messages "$messages" --extra-records "$extra" >"$tmp.json" 2>"$LOG" \
        || { mv -f "$tmp.json" "$LOG.stdout" 2>/dev/null; fail "postroom-gen failed for $dir"; }
    t1=$(date +%s%N)
    mv "$tmp.json" "$tmp/gen.json"
    echo "$GEN_STAMP" >"$tmp/stamp"
    mv "$tmp" "$dir"
    LOG=""
    progress "generated in $(( (t1 - t0) / 1000000 )) ms: $(cat "$dir/gen.json")"
}

# prepare DATA_DIR GEN_DIR PEOPLE_KIND: a fresh data dir with the team of
# GEN_DIR/team.tsv and the people of GEN_DIR/people.csv. The people import is
# recorded as PEOPLE_KIND when given (timed, but outside the mail import).
prepare() {
    local data=$1 gendir=$2 kind=${3:-}
    rm -rf -- "$data"
    LOG="$RUN_DIR/prepare.log"
    : >"$LOG"
    local name emails n=0
    while IFS=$'\t' read -r name emails || [ -n "$name" ]; do
        [ -n "$name" ] || continue
        local -a addrs
        read -r -a addrs <<<"$emails"
        [ "${#addrs[@]}" -gt 0 ] || fail "team.tsv line without addresses: $name"
        "$POSTROOM" --data-dir "$data" users add "${addrs[@]}" --name "$name" </dev/null >>"$LOG" 2>&1 \
            || fail "postroom users add failed for '$name'"
        n=$((n + 1))
    done <"$gendir/team.tsv"
    [ "$n" -gt 0 ] || fail "no team members in $gendir/team.tsv"
    local rows
    rows=$(python3 "$LIB" field "$gendir/gen.json" people)
    progress "added $n team members; importing $rows people from $gendir/people.csv"
    local tf="$RUN_DIR/people.time" so="$RUN_DIR/people.out" t0 t1
    local b0 b1
    b0=$(busy_ticks)
    t0=$(date +%s%N)
    /usr/bin/time -f "%e %M %U %S" -o "$tf" \
        "$POSTROOM" --data-dir "$data" --json people import "$gendir/people.csv" >"$so" 2>>"$LOG" \
        || fail "postroom people import failed (exit status $?) for $gendir/people.csv"
    t1=$(date +%s%N)
    b1=$(busy_ticks)
    local created
    created=$(python3 "$LIB" field "$so" created)
    [ "$created" -eq "$rows" ] || fail "people import created $created records, expected $rows"
    if [ -n "$kind" ]; then
        progress "people import ($rows rows): $(python3 "$LIB" record "$RUNS_FILE" "$kind" $((t1 - t0)) "$tf" "$so" records="$rows" busy_ticks=$((b1 - b0)))"
    fi
    LOG=""
}

# time_import KIND DATA_DIR MBOX MESSAGES [key=value...]: one timed mail
# import, which must scan exactly MESSAGES messages.
time_import() {
    local kind=$1 data=$2 mbox=$3 expected=$4
    shift 4
    local tf="$RUN_DIR/import.time" so="$RUN_DIR/import.out" t0 t1
    LOG="$RUN_DIR/import.log"
    local b0 b1
    b0=$(busy_ticks)
    t0=$(date +%s%N)
    /usr/bin/time -f "%e %M %U %S" -o "$tf" \
        "$POSTROOM" --data-dir "$data" mail import "$mbox" --json >"$so" 2>"$LOG" \
        || fail "postroom mail import failed (exit status $?)"
    t1=$(date +%s%N)
    b1=$(busy_ticks)
    local scanned
    scanned=$(python3 "$LIB" field "$so" scanned) || fail "mail import printed no summary line"
    [ "$scanned" -eq "$expected" ] \
        || fail "mail import scanned $scanned messages, the mailbox has $expected: the numbers would be meaningless ($(tail -n 1 "$so"))"
    local line
    line=$(python3 "$LIB" record "$RUNS_FILE" "$kind" $((t1 - t0)) "$tf" "$so" busy_ticks=$((b1 - b0)) "$@")
    progress "  $kind: $line; $(tail -n 1 "$so")"
    LOG=""
}

# import_once KIND PREPARED_DIR MBOX MESSAGES [key=value...]: one timed import
# on a fresh copy of PREPARED_DIR (team and people already in).
import_once() {
    local kind=$1 prepared=$2 mbox=$3 expected=$4
    shift 4
    local work="$DATA_ROOT/data-run"
    TMP_DIRS+=("$work")
    rm -rf -- "$work"
    cp -a "$prepared" "$work"
    sync                     # no write-back of the copy during the timed run
    cat "$mbox" >/dev/null   # warm page cache, as for the parse baseline
    time_import "$kind" "$work" "$mbox" "$expected" "$@"
    rm -rf -- "$work"
}

# parse_once I: one timed parse-baseline run.
parse_once() {
    local tf="$RUN_DIR/parse.time" so="$RUN_DIR/parse.out" t0 t1 b0 b1 n
    LOG="$RUN_DIR/parse.log"
    cat "$MBOX" >/dev/null
    b0=$(busy_ticks)
    t0=$(date +%s%N)
    /usr/bin/time -f "%e %M %U %S" -o "$tf" "$PARSE" "$MBOX" >"$so" 2>"$LOG" \
        || fail "parse-baseline failed (exit status $?)"
    t1=$(date +%s%N)
    b1=$(busy_ticks)
    n=$(python3 "$LIB" field "$so" messages)
    [ "$n" -eq "$MESSAGES" ] || fail "parse-baseline saw $n messages, expected $MESSAGES"
    progress "  parse: $(python3 "$LIB" record "$RUNS_FILE" parse $((t1 - t0)) "$tf" "$so" busy_ticks=$((b1 - b0)))"
    LOG=""
}

# ---------------------------------------------------------------------------
step "generate mailbox ($MESSAGES messages, seed $SEED)"
GEN_DIR="$OUT/gen-$MESSAGES-$SEED"
generate "$GEN_DIR" "$MESSAGES" "$SEED" 0
MBOX="$GEN_DIR/mailbox.mbox"
MBOX_BYTES=$(stat -c %s "$MBOX")
PEOPLE=$(python3 "$LIB" field "$GEN_DIR/gen.json" people)
TEAM=$(python3 "$LIB" field "$GEN_DIR/gen.json" team)
[ "$(python3 "$LIB" field "$GEN_DIR/gen.json" messages)" -eq "$MESSAGES" ] || fail "generator wrote a different number of messages"
python3 "$LIB" meta "$RUNS_FILE" mbox_bytes="$MBOX_BYTES" people="$PEOPLE" team="$TEAM"

# ---------------------------------------------------------------------------
# The runs of the two sides of a comparison alternate (A B A B ...), so that a
# load change on a shared machine hits both sides alike.
step "prepare data dir (team, $PEOPLE people)"
PREP="$DATA_ROOT/prepared-base"
TMP_DIRS+=("$PREP")
prepare "$PREP" "$GEN_DIR"

for i in $(seq 1 "$RUNS"); do
    step "parse baseline and mail import, run $i of $RUNS"
    parse_once
    import_once import "$PREP" "$MBOX" "$MESSAGES" records="$PEOPLE"
done
rm -rf -- "$PREP"

# ---------------------------------------------------------------------------
if [ "$RECORDS_SCALE" -eq 1 ]; then
    for size in small large; do
        if [ "$size" = small ]; then total=$SCALE_SMALL; else total=$SCALE_LARGE; fi
        step "records scale: prepare $total records on file"
        extra=$((total - PEOPLE))
        if [ "$extra" -le 0 ]; then
            progress "WARNING: the dataset already has $PEOPLE people (>= $total): no padding, $PEOPLE records"
            sdir=$GEN_DIR
        else
            sdir="$OUT/gen-$MESSAGES-$SEED-r$total"
            generate "$sdir" "$MESSAGES" "$SEED" "$extra"
            if [ -f "$sdir/mailbox.mbox" ]; then
                # Same seed and message count: the mailbox must be byte-identical;
                # keep only the first copy.
                cmp -s "$sdir/mailbox.mbox" "$MBOX" \
                    || fail "$sdir/mailbox.mbox differs from $MBOX: --extra-records changed the mailbox"
                rm -f -- "$sdir/mailbox.mbox"
                echo "identical to $MBOX" >"$sdir/mailbox.verified"
                progress "mailbox with $extra padding records is byte-identical (cmp); reusing $MBOX"
            fi
            [ -f "$sdir/mailbox.verified" ] || fail "$sdir has no verified mailbox; rerun with --regen"
        fi
        TMP_DIRS+=("$DATA_ROOT/prepared-$size")
        prepare "$DATA_ROOT/prepared-$size" "$sdir" "people-$size"
        progress "prepared data dir: $(du -sh "$DATA_ROOT/prepared-$size" | cut -f1)"
        printf -v "ROWS_$size" '%s' "$(python3 "$LIB" field "$sdir/gen.json" people)"
    done
    for i in $(seq 1 "$RUNS"); do
        step "records scale: mail import run $i of $RUNS, $ROWS_small then $ROWS_large records"
        import_once scale-small "$DATA_ROOT/prepared-small" "$MBOX" "$MESSAGES" records="$ROWS_small"
        import_once scale-large "$DATA_ROOT/prepared-large" "$MBOX" "$MESSAGES" records="$ROWS_large"
    done
    rm -rf -- "$DATA_ROOT/prepared-small" "$DATA_ROOT/prepared-large"
fi

# ---------------------------------------------------------------------------
if [ -n "$BIG_GB" ]; then
    BIG_MESSAGES=$(python3 "$LIB" big-messages "$BIG_GB")
    step "big mailbox: about $BIG_GB GB ($BIG_MESSAGES messages)"
    need_kb=$(python3 -c "import sys; print(int(float(sys.argv[1]) * 1e9 * 2.5 / 1024) + 2 * 1024 * 1024)" "$BIG_GB")
    avail_kb=$(df -Pk "$OUT" | awk 'NR==2 {print $4}')
    [ "$avail_kb" -ge "$need_kb" ] \
        || fail "not enough disk for --big $BIG_GB: $((avail_kb / 1024 / 1024)) GB free, want $((need_kb / 1024 / 1024)) GB (mailbox + stored mail)"
    BIG_GEN="$OUT/big-$BIG_MESSAGES-$SEED"
    BIG_DATA="$OUT/big-data"
    BIG_DIRS+=("$BIG_GEN" "$BIG_GEN.tmp" "$BIG_DATA")
    REGEN_SAVED=$REGEN; REGEN=1
    generate "$BIG_GEN" "$BIG_MESSAGES" "$SEED" 0
    REGEN=$REGEN_SAVED
    big_bytes=$(stat -c %s "$BIG_GEN/mailbox.mbox")
    prepare "$BIG_DATA" "$BIG_GEN" people-big
    time_import big "$BIG_DATA" "$BIG_GEN/mailbox.mbox" "$BIG_MESSAGES" gb="$BIG_GB" messages="$BIG_MESSAGES" mbox_bytes="$big_bytes"
    progress "data dir after the big import: $(du -sh "$BIG_DATA" | cut -f1); deleting the big files"
    rm -rf -- "$BIG_GEN" "$BIG_DATA"
fi

# ---------------------------------------------------------------------------
step "report"
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
python3 "$LIB" meta "$RUNS_FILE" "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" \
    "samples=$(wc -l <"$SAMPLES")" "samples_rustc=$(awk '$1 > 0' "$SAMPLES" | wc -l)" \
    "max_load=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$SAMPLES")"
python3 "$LIB" report "$RUNS_FILE" | tee "$RUN_DIR/report.txt"
progress "done; measurements in $RUNS_FILE, report in $RUN_DIR/report.txt"
if [ "$CHECK" -eq 1 ] && ! tail -n 1 "$RUN_DIR/report.txt" | grep -q '"targets_met": true'; then
    echo "bench/import.sh: a target was missed (--check)" >&2
    TARGET_MISSED=1
    exit 3
fi
}

# On one line: bash has read it whole before main runs, and exits without reading on.
main "$@"; exit $?
