#!/usr/bin/env bash
# Mailbox sync (IMAP) benchmark for Postroom; see bench/README.md.
#
#   bench/sync.sh [--messages N] [--seed S] [--runs R] [--noop-runs R]
#                 [--idle-runs R] [--skip-mbsync] [--regen] [--check]
#
# Progress goes to stderr, results (a table, then one JSON line) to stdout.
# Everything happens under bench/out/ (gitignored) and a tmpfs directory.
set -Eeuo pipefail
shopt -s inherit_errexit
# The whole script is one function called on the last line, so bash has read all
# of it before anything runs: editing this file during a run cannot break the run.
main() {

usage() {
    cat <<'EOF'
usage: bench/sync.sh [options]
  --messages N      messages in the generated mailbox (default 20000, ~650 MB)
  --seed S          generator seed (default 42)
  --runs R          timed first syncs (connect --import-old + sync --once),
                    mbsync pulls and reference Maildir imports, median reported
                    (default 3)
  --noop-runs R     timed `sync --once` passes with nothing new (default 15)
  --idle-runs R     messages delivered while the service idles (default 5)
  --skip-mbsync     do not run the mbsync comparison
  --regen           regenerate the cached mailbox
  --check           exit with status 3 when a target is missed
  -h, --help        this help
EOF
}

MESSAGES=20000
SEED=42
RUNS=3
NOOP_RUNS=15
IDLE_RUNS=5
SKIP_MBSYNC=0
REGEN=0
CHECK=0
POLL_MS=20
BUILD_ATTEMPTS=${BENCH_BUILD_ATTEMPTS:-6}
BUILD_RETRY_SECONDS=${BENCH_BUILD_RETRY_SECONDS:-30}

while [ $# -gt 0 ]; do
    case "$1" in
        --messages) MESSAGES=${2:?--messages needs a value}; shift 2 ;;
        --seed) SEED=${2:?--seed needs a value}; shift 2 ;;
        --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
        --noop-runs) NOOP_RUNS=${2:?--noop-runs needs a value}; shift 2 ;;
        --idle-runs) IDLE_RUNS=${2:?--idle-runs needs a value}; shift 2 ;;
        --skip-mbsync) SKIP_MBSYNC=1; shift ;;
        --regen) REGEN=1; shift ;;
        --check) CHECK=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench/sync.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in "$MESSAGES" "$SEED" "$RUNS" "$NOOP_RUNS" "$IDLE_RUNS"; do
    case "$v" in
        ''|*[!0-9]*) echo "bench/sync.sh: options take whole numbers, got '$v'" >&2; exit 2 ;;
    esac
done
[ "$MESSAGES" -gt 0 ] && [ "$RUNS" -gt 0 ] && [ "$NOOP_RUNS" -gt 0 ] && [ "$IDLE_RUNS" -gt 0 ] \
    || { echo "bench/sync.sh: --messages and the run counts must be positive" >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_NAME="bench/sync.sh"
export BENCH_DIR # synclib.py imports benchlib.py from it
# shellcheck source=bench/common.sh
. "$BENCH_DIR/common.sh"
OUT="$BENCH_DIR/out"
LIB="$BENCH_DIR/benchlib.py"   # its generic `meta` and `field` commands
RUN_ID=$(date +%Y%m%d-%H%M%S)-$$
RUN_DIR="$OUT/runs/sync-$RUN_ID"
RUNS_FILE="$RUN_DIR/runs.jsonl"
SYNCLIB="$RUN_DIR/synclib.py" # written below: records and the report
BIN="$RUN_DIR/bin"
STEP="start"
TARGET_MISSED=0  # set when --check exits 3 (not a failure of the script)
SAMPLER_PID=""   # background load sampler, stopped on exit
HELPER_PID=""    # bench-dovecot serve: Dovecot lives until its stdin (fd 9) closes
SERVICE_PID=""   # postroom sync service of the IDLE step
LOG=""           # log of the command of the current step, shown on failure
TMP_DIRS=()      # removed on exit, whatever happens
# Data dirs, Dovecot's Maildir and mbsync's Maildir live in memory (tmpfs), as for
# bench/import.sh: no disk write-back or ext4 inode allocation in the numbers, and
# mbsync's fsync per message costs nothing. BENCH_DATA_DIR measures elsewhere.
if [ -n "${BENCH_DATA_DIR:-}" ]; then
    DATA_ROOT="$BENCH_DATA_DIR/postroom-bench-sync-$$"
elif [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 6000000 ]; then
    DATA_ROOT="/dev/shm/postroom-bench-sync-$$"
else
    DATA_ROOT="$OUT/runs/sync-data-$$"
fi
TMP_DIRS+=("$DATA_ROOT")

# CPU time of the Dovecot master and every child it reaped (the imap process of a
# session is reaped when the client logs out), in clock ticks.
dovecot_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$DOVECOT_MASTER/stat" 2>/dev/null || echo 0; }
# Wall clock in nanoseconds without forking (bash 5 $EPOCHREALTIME, microseconds).
now_ns() { local t=${EPOCHREALTIME/./}; echo "${t}000"; }

stop_helper() {
    exec 9>&- # closing it (even when not open) is not an error
    if [ -n "$HELPER_PID" ]; then
        local i
        for i in $(seq 1 100); do
            kill -0 "$HELPER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill "$HELPER_PID" 2>/dev/null || true # its watchdog then stops Dovecot
        wait "$HELPER_PID" 2>/dev/null || true
        HELPER_PID=""
    fi
}

on_exit() {
    local rc=$?
    set +e
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
    if [ -n "$SERVICE_PID" ]; then
        kill -TERM "$SERVICE_PID" 2>/dev/null
        wait "$SERVICE_PID" 2>/dev/null
    fi
    stop_helper
    local d
    for d in "${TMP_DIRS[@]}"; do
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
write_synclib

# ---------------------------------------------------------------------------
step "check tools"
command -v python3 >/dev/null || fail "python3 is required"
if ! /usr/bin/time -f "%e %M" -o /dev/null true 2>/dev/null; then
    progress "GNU time missing: installing package 'time'"
    LOG="$RUN_DIR/apt.log"
    { apt-get install -y time || { apt-get update && apt-get install -y time; }; } >"$LOG" 2>&1 \
        || fail "cannot install GNU time (package 'time')"
    /usr/bin/time -f "%e %M" -o /dev/null true 2>/dev/null || fail "/usr/bin/time is not GNU time"
    LOG=""
fi
command -v cargo >/dev/null || fail "cargo is required"
[ -x /usr/sbin/dovecot ] || command -v dovecot >/dev/null \
    || fail "dovecot is required (Debian: dovecot-imapd dovecot-lmtpd)"
command -v doveadm >/dev/null || [ -x /usr/bin/doveadm ] || fail "doveadm is required (dovecot-core)"
if [ "$SKIP_MBSYNC" -eq 0 ]; then
    command -v mbsync >/dev/null || fail "mbsync is required (Debian: isync), or pass --skip-mbsync"
    MBSYNC_VERSION=$(mbsync --version 2>&1 | head -n 1)
    progress "mbsync: $MBSYNC_VERSION"
fi
avail_kb=$(df -Pk "$(dirname "$DATA_ROOT")" | awk 'NR==2 {print $4}')
need_kb=$((MESSAGES * 33 * 5 + 1000000)) # Dovecot's copy, mbsync's copy, data dirs
[ "$avail_kb" -ge "$need_kb" ] \
    || fail "not enough room under $(dirname "$DATA_ROOT"): $((avail_kb / 1024)) MB free, want $((need_kb / 1024)) MB"

# ---------------------------------------------------------------------------
step "build release binaries"
build_binaries "-p postroom-cli -p postroom-gen -p postroom-bench" postroom postroom-gen bench-dovecot
POSTROOM="$BIN/postroom"
GEN="$BIN/postroom-gen"
HELPER="$BIN/bench-dovecot"
LOG=""

# Sample, every 2 s, how many compilers (rustc) and cargo commands (builds, test
# runs) other people run and the load, so the report can say whether the numbers
# were taken on a busy machine.
SAMPLES="$RUN_DIR/load.samples"
(
    trap - EXIT
    while :; do
        echo "$(pgrep -c -x rustc || true) $(cut -d' ' -f1 /proc/loadavg) $(pgrep -c -x cargo || true)" >>"$SAMPLES"
        sleep 2
    done
) </dev/null >/dev/null 2>&1 &
SAMPLER_PID=$!

CORES=$(nproc)
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
python3 "$LIB" meta "$RUNS_FILE" messages="$MESSAGES" seed="$SEED" cores="$CORES" \
    "cpu_model=${CPU_MODEL:-unknown}" "load_start=$(cut -d' ' -f1-3 /proc/loadavg)" \
    "postroom_sha256=$(sha256sum "$POSTROOM" | cut -c1-16)" "clk_tck=$(getconf CLK_TCK)" \
    "git_head=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "git_changed_files=$(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l)" \
    "mbsync_version=${MBSYNC_VERSION:-skipped}" \
    "dovecot_version=$( (/usr/sbin/dovecot --version || dovecot --version) 2>/dev/null | head -n 1)"

# ---------------------------------------------------------------------------
# Generation, cached per (messages, seed) like bench/import.sh's, in a Maildir
# flavour of its own. Keyed on the generator's sources and Cargo.lock.
step "generate Maildir ($MESSAGES messages, seed $SEED)"
GEN_STAMP=$(cd "$ROOT" && { find crates/postroom-gen -type f \( -name '*.rs' -o -name Cargo.toml \) -not -path '*/tests/*' -print0 \
    | sort -z | xargs -0 sha256sum; sha256sum Cargo.lock; } | sha256sum | cut -c1-32)
GEN_DIR="$OUT/gen-$MESSAGES-$SEED-maildir"
if [ "$REGEN" -eq 0 ] && [ -f "$GEN_DIR/gen.json" ] && [ "$(cat "$GEN_DIR/stamp" 2>/dev/null)" = "$GEN_STAMP" ]; then
    progress "using cached $(basename "$GEN_DIR") ($(cat "$GEN_DIR/gen.json"))"
else
    tmp="$GEN_DIR.tmp"
    rm -rf -- "$GEN_DIR" "$tmp"
    TMP_DIRS+=("$tmp")
    LOG="$RUN_DIR/gen.log"
    progress "generating $MESSAGES messages, seed $SEED, into $GEN_DIR"
    t0=$(now_ns)
    "$GEN" --out "$tmp" --seed "$SEED" --messages "$MESSAGES" --maildir >"$tmp.json" 2>"$LOG" \
        || { mv -f "$tmp.json" "$LOG.stdout" 2>/dev/null; fail "postroom-gen failed"; }
    t1=$(now_ns)
    mv "$tmp.json" "$tmp/gen.json"
    echo "$GEN_STAMP" >"$tmp/stamp"
    mv "$tmp" "$GEN_DIR"
    LOG=""
    progress "generated in $(( (t1 - t0) / 1000000 )) ms: $(cat "$GEN_DIR/gen.json")"
fi
MAILDIR="$GEN_DIR/Maildir"
[ "$(python3 "$LIB" field "$GEN_DIR/gen.json" messages)" -eq "$MESSAGES" ] || fail "generator wrote a different number of messages"
MAILDIR_BYTES=$(python3 "$LIB" field "$GEN_DIR/gen.json" bytes)
PEOPLE=$(python3 "$LIB" field "$GEN_DIR/gen.json" people)
TEAM=$(python3 "$LIB" field "$GEN_DIR/gen.json" team)
[ -d "$MAILDIR/cur" ] || fail "$MAILDIR has no cur/; rerun with --regen"
folders=$(find "$MAILDIR" -mindepth 1 -maxdepth 1 -type d -name '.*' | wc -l)
# The mailbox owner: the first team member (the generated mail is the team's).
IFS=$'\t' read -r OWNER_NAME OWNER_EMAILS <"$GEN_DIR/team.tsv"
MAILBOX_USER=${OWNER_EMAILS%% *}
progress "mailbox of $OWNER_NAME <$MAILBOX_USER>: $MESSAGES messages in INBOX, $folders other folders"
python3 "$LIB" meta "$RUNS_FILE" maildir_bytes="$MAILDIR_BYTES" people="$PEOPLE" team="$TEAM" \
    "mailbox_user=$MAILBOX_USER" other_folders="$folders"

# ---------------------------------------------------------------------------
step "prepare data dir (team, $PEOPLE people)"
PREP="$DATA_ROOT/prepared"
LOG="$RUN_DIR/prepare.log"
: >"$LOG"
n=0
while IFS=$'\t' read -r name emails || [ -n "$name" ]; do
    [ -n "$name" ] || continue
    read -r -a addrs <<<"$emails"
    [ "${#addrs[@]}" -gt 0 ] || fail "team.tsv line without addresses: $name"
    "$POSTROOM" --data-dir "$PREP" users add "${addrs[@]}" --name "$name" </dev/null >>"$LOG" 2>&1 \
        || fail "postroom users add failed for '$name'"
    n=$((n + 1))
done <"$GEN_DIR/team.tsv"
"$POSTROOM" --data-dir "$PREP" --json people import "$GEN_DIR/people.csv" >"$RUN_DIR/people.out" 2>>"$LOG" \
    || fail "postroom people import failed"
created=$(python3 "$LIB" field "$RUN_DIR/people.out" created)
[ "$created" -eq "$PEOPLE" ] || fail "people import created $created records, expected $PEOPLE"
progress "added $n team members and $created people"
LOG=""

# ---------------------------------------------------------------------------
step "start a private Dovecot with the mailbox"
PWFILE="$RUN_DIR/password"
(umask 077 && echo "bench-$$-$RANDOM$RANDOM" >"$PWFILE")
CTL="$RUN_DIR/dovecot.ctl"
mkfifo "$CTL"
LOG="$RUN_DIR/dovecot.log"
# The helper's Dovecot directory (config, Maildir) goes under DATA_ROOT.
TMPDIR="$DATA_ROOT" "$HELPER" serve --user "$MAILBOX_USER" --password-file "$PWFILE" --maildir "$MAILDIR" \
    <"$CTL" >"$RUN_DIR/dovecot.json" 2>"$LOG" &
HELPER_PID=$!
exec 9>"$CTL" # Dovecot runs while this stays open
t0=$(now_ns)
until grep -q '^{' "$RUN_DIR/dovecot.json" 2>/dev/null; do
    kill -0 "$HELPER_PID" 2>/dev/null || fail "bench-dovecot serve exited before Dovecot was ready"
    [ $(( ($(now_ns) - t0) / 1000000000 )) -lt 600 ] || fail "Dovecot not ready after 600 s"
    sleep 0.2
done
IMAP_PORT=$(python3 "$LIB" field "$RUN_DIR/dovecot.json" imap_port)
LMTP_PORT=$(python3 "$LIB" field "$RUN_DIR/dovecot.json" lmtp_port)
DOVECOT_DIR=$(python3 "$LIB" field "$RUN_DIR/dovecot.json" dir)
on_server=$(python3 "$LIB" field "$RUN_DIR/dovecot.json" messages)
DOVECOT_MASTER=$(cat "$DOVECOT_DIR/run/master.pid" 2>/dev/null || true)
[ -n "$DOVECOT_MASTER" ] || fail "no master.pid in $DOVECOT_DIR/run"
[ "$on_server" -eq "$MESSAGES" ] || fail "Dovecot's INBOX holds $on_server messages, expected $MESSAGES"
progress "Dovecot (pid $DOVECOT_MASTER) on IMAP 127.0.0.1:$IMAP_PORT, LMTP :$LMTP_PORT; $(cat "$RUN_DIR/dovecot.json")"
python3 "$LIB" meta "$RUNS_FILE" imap_port="$IMAP_PORT" \
    "dovecot_import_seconds=$(python3 "$LIB" field "$RUN_DIR/dovecot.json" import_seconds)" \
    "dovecot_index_seconds=$(python3 "$LIB" field "$RUN_DIR/dovecot.json" index_seconds)"
LOG=""

# timed KIND OUTFILE LOGFILE CMD...: runs CMD under GNU time, stdout to OUTFILE and
# stderr to LOGFILE; appends one record (KIND, wall, cpu, peak RSS, Dovecot's cpu,
# other cores) to the runs file, and prints its summary. Fails with CMD.
timed() {
    local kind=$KIND_PREFIX$1 so=$2 log=$3
    shift 3
    local tf="$RUN_DIR/$kind.time" t0 t1 t2 b0 b1 d0 d1 rc=0
    LOG=$log
    b0=$(busy_ticks); d0=$(dovecot_ticks)
    t0=$(now_ns)
    /usr/bin/time -f "%e %M %U %S" -o "$tf" "$@" >"$so" 2>"$log" 9>&- || rc=$?
    t1=$(now_ns)
    # Let Dovecot reap the session's imap process, so its cpu is counted.
    sleep 0.05
    b1=$(busy_ticks); d1=$(dovecot_ticks)
    t2=$(now_ns)
    [ "$rc" -eq 0 ] || fail "$kind: $1 failed (exit status $rc)"
    LAST_RECORD=$(python3 "$SYNCLIB" record "$RUNS_FILE" "$kind" $((t1 - t0)) "$tf" "$so" \
        busy_ticks=$((b1 - b0)) server_ticks=$((d1 - d0)) window_ns=$((t2 - t0)) "${RECORD_EXTRA[@]}")
    LOG=""
}
RECORD_EXTRA=()
run_label() { if [ "$1" -eq 0 ]; then echo "warm-up"; else echo "run $1"; fi; }
KIND_PREFIX=""   # "warmup-" for the untimed warm-up round

# postroom_first_sync I: connect --import-old, then sync --once, on a fresh copy of
# the prepared data dir. Leaves the data dir in $WORK.
postroom_first_sync() {
    local i=$1
    WORK="$DATA_ROOT/data-$i"
    TMP_DIRS+=("$WORK")
    rm -rf -- "$WORK"
    cp -a "$PREP" "$WORK"
    sync
    RECORD_EXTRA=(run="$i")
    timed connect "$RUN_DIR/connect.out" "$RUN_DIR/connect.log" \
        "$POSTROOM" --data-dir "$WORK" --json mailboxes connect "$MAILBOX_USER" \
        --host 127.0.0.1 --port "$IMAP_PORT" --security none --password-file "$PWFILE" --import-old
    local c=$LAST_RECORD
    local scanned
    scanned=$(python3 "$SYNCLIB" tally "$RUN_DIR/connect.out" scanned) || fail "connect printed no tally"
    [ "$scanned" -eq "$MESSAGES" ] \
        || fail "connect --import-old scanned $scanned messages, the mailbox has $MESSAGES: the numbers would be meaningless"
    timed first-sync "$RUN_DIR/first-sync.out" "$RUN_DIR/first-sync.log" \
        "$POSTROOM" --data-dir "$WORK" --json sync --once
    RECORD_EXTRA=()
    progress "  postroom $(run_label "$i"): connect --import-old $c; sync --once $LAST_RECORD"
    progress "    connect tally: $(python3 "$SYNCLIB" tally "$RUN_DIR/connect.out")"
}

# mbsync_pull I: mbsync into a fresh local Maildir (fresh sync state too).
mbsync_pull() {
    local i=$1
    local near="$DATA_ROOT/mbsync-$i"
    TMP_DIRS+=("$near")
    rm -rf -- "$near"
    mkdir -p "$near"
    local rc="$RUN_DIR/mbsyncrc"
    local pass
    pass=$(head -n 1 "$PWFILE")
    (umask 077 && cat >"$rc" <<EOF
# isync $MBSYNC_VERSION; written by bench/sync.sh
IMAPAccount bench
Host 127.0.0.1
Port $IMAP_PORT
User $MAILBOX_USER
Pass $pass
SSLType None
AuthMechs LOGIN

IMAPStore bench-far
Account bench

MaildirStore bench-near
Path $near/
Inbox $near/INBOX
SubFolders Verbatim

Channel bench
Far :bench-far:
Near :bench-near:
Patterns INBOX Sent
Create Near
Sync Pull
SyncState *
EOF
)
    sync
    RECORD_EXTRA=(run="$i")
    timed mbsync "$RUN_DIR/mbsync.out" "$RUN_DIR/mbsync.log" mbsync -c "$rc" bench
    RECORD_EXTRA=()
    local got
    got=$(find "$near/INBOX/cur" "$near/INBOX/new" -type f | wc -l)
    [ "$got" -eq "$MESSAGES" ] || fail "mbsync pulled $got messages into INBOX, expected $MESSAGES"
    progress "  mbsync $(run_label "$i"): $LAST_RECORD; $got messages, $(du -sh "$near" | cut -f1) on disk"
    rm -rf -- "$near"
}

# maildir_import I: reference without IMAP: `postroom mail import` of the same
# Maildir (the one ingest path, pipelined) on a fresh copy of the prepared data dir.
maildir_import() {
    local i=$1
    local work="$DATA_ROOT/import-$i"
    TMP_DIRS+=("$work")
    rm -rf -- "$work"
    cp -a "$PREP" "$work"
    sync
    RECORD_EXTRA=(run="$i")
    timed maildir-import "$RUN_DIR/maildir-import.out" "$RUN_DIR/maildir-import.log" \
        "$POSTROOM" --data-dir "$work" --json mail import "$MAILDIR" --owner "$MAILBOX_USER"
    RECORD_EXTRA=()
    local scanned
    scanned=$(python3 "$LIB" field "$RUN_DIR/maildir-import.out" scanned) || fail "mail import printed no summary"
    [ "$scanned" -eq "$MESSAGES" ] || fail "mail import scanned $scanned messages, expected $MESSAGES"
    progress "  reference run $i, mail import of the Maildir (no IMAP): $LAST_RECORD"
    rm -rf -- "$work"
}

# ---------------------------------------------------------------------------
# Warm-up, not counted: the first client to read the mailbox makes Dovecot build
# its caches of the messages (measured: mbsync's first pull cost Dovecot 4-6 s of
# cpu, the next ones 3 s), which would otherwise be charged to whichever side
# happens to go first.
step "warm-up round (not counted)"
KIND_PREFIX="warmup-"
[ "$SKIP_MBSYNC" -eq 1 ] || mbsync_pull 0
postroom_first_sync 0
KIND_PREFIX=""

# ---------------------------------------------------------------------------
# The two sides alternate (mbsync first in odd runs, Postroom first in even
# runs), so neither always meets Dovecot's caches first or last.
for i in $(seq 1 "$RUNS"); do
    step "first sync of the whole mailbox, run $i of $RUNS"
    [ -n "${WORK:-}" ] && rm -rf -- "$WORK"
    if [ "$SKIP_MBSYNC" -eq 1 ]; then
        postroom_first_sync "$i"
    elif [ $((i % 2)) -eq 1 ]; then
        mbsync_pull "$i"
        postroom_first_sync "$i"
    else
        postroom_first_sync "$i"
        mbsync_pull "$i"
    fi
    maildir_import "$i"
done
progress "data dir after the first sync: $(du -sh "$WORK" | cut -f1)"

# ---------------------------------------------------------------------------
step "sync --once with nothing new, $NOOP_RUNS runs"
for i in $(seq 1 "$NOOP_RUNS"); do
    RECORD_EXTRA=(run="$i")
    timed noop "$RUN_DIR/noop.out" "$RUN_DIR/noop.log" "$POSTROOM" --data-dir "$WORK" --json sync --once
    RECORD_EXTRA=()
    scanned=$(python3 "$SYNCLIB" tally "$RUN_DIR/noop.out" scanned) || fail "sync --once printed no tally"
    [ "$scanned" -eq 0 ] || fail "sync --once with nothing new scanned $scanned messages"
    progress "  run $i: $LAST_RECORD"
done

# ---------------------------------------------------------------------------
step "IDLE latency: service running, $IDLE_RUNS deliveries over LMTP"
# Candidates to write from: on records, plain ASCII addresses, in CSV order.
mapfile -t CANDIDATES < <(python3 - "$GEN_DIR/people.csv" "$IDLE_RUNS" <<'EOF'
import csv, sys
n, out = int(sys.argv[2]), []
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        e = row["email"]
        if row["kind"] == "candidate" and e.isascii() and e == e.lower():
            out.append(f"{e}\t{row['first_name']} {row['last_name']}")
        if len(out) == n:
            break
print("\n".join(out))
EOF
)
[ "${#CANDIDATES[@]}" -eq "$IDLE_RUNS" ] || fail "found ${#CANDIDATES[@]} usable candidates in people.csv, need $IDLE_RUNS"
# What Dovecot alone takes: a bare IMAP client in IDLE, a message from an address
# on no record delivered over LMTP, time to the server's "* N EXISTS".
LOG="$RUN_DIR/idle-baseline.log"
"$HELPER" idle-baseline --imap-port "$IMAP_PORT" --lmtp-port "$LMTP_PORT" --user "$MAILBOX_USER" \
    --password-file "$PWFILE" --runs "$IDLE_RUNS" >"$RUN_DIR/idle-baseline.out" 2>"$LOG" 9>&- \
    || fail "the IDLE baseline (bare IMAP client) failed"
progress "  Dovecot alone (bare IMAP client in IDLE): * EXISTS after $(python3 "$SYNCLIB" idle-baseline "$RUNS_FILE" "$RUN_DIR/idle-baseline.out") ms"
LOG=""
status_last_sync() {
    "$POSTROOM" --data-dir "$WORK" --json mailboxes status "$MAILBOX_USER" 2>/dev/null \
        | python3 -c 'import json, sys; print(json.loads(sys.stdin.readline()).get("last_sync") or "")' 2>/dev/null \
        || true
}
before=$(status_last_sync)
sleep 1.1 # last_sync has whole seconds: the service's first pass must show as a change
SERVICE_LOG="$RUN_DIR/service.log"
LOG=$SERVICE_LOG
NO_COLOR=1 POSTROOM_LOG=info "$POSTROOM" --data-dir "$WORK" sync --poll-interval 3600 </dev/null >"$RUN_DIR/service.out" 2>"$SERVICE_LOG" 9>&- &
SERVICE_PID=$!
t0=$(now_ns)
while :; do
    kill -0 "$SERVICE_PID" 2>/dev/null || fail "the sync service exited"
    now=$(status_last_sync)
    [ -n "$now" ] && [ "$now" != "$before" ] && break
    [ $(( ($(now_ns) - t0) / 1000000000 )) -lt 60 ] || fail "the service made no pass within 60 s"
    sleep 0.02
done
t1=$(now_ns)
progress "service pid $SERVICE_PID made its first pass after $(( (t1 - t0) / 1000000 )) ms (last_sync $before -> $now); letting every folder enter IDLE"
sleep 1
for i in $(seq 1 "$IDLE_RUNS"); do
    IFS=$'\t' read -r addr pname <<<"${CANDIDATES[$((i - 1))]}"
    tag="idle-probe-$RUN_ID-$i"
    msg="$RUN_DIR/idle-$i.eml"
    cat >"$msg" <<EOF
From: $pname <$addr>
To: $OWNER_NAME <$MAILBOX_USER>
Subject: Re: the role we discussed ($tag)
Date: $(date -R)
Message-ID: <$tag@bench.postroom.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello,

thank you for your note. I am available for a call this week.

Best regards,
$pname
EOF
    LOG="$RUN_DIR/idle-probe.log"
    "$HELPER" idle-probe --lmtp-port "$LMTP_PORT" --to "$MAILBOX_USER" --message "$msg" --expect "$tag" \
        --postroom "$POSTROOM" --data-dir "$WORK" --email "$addr" --poll-ms "$POLL_MS" --timeout-s 60 \
        >"$RUN_DIR/idle-$i.out" 2>>"$LOG" 9>&- \
        || fail "the message delivered for $addr was not logged within 60 s"
    python3 "$SYNCLIB" idle "$RUNS_FILE" "$RUN_DIR/idle-$i.out" run="$i" "email=$addr"
    progress "  delivery $i ($addr): $(tail -n 1 "$RUN_DIR/idle-$i.out")"
    LOG=$SERVICE_LOG
    sleep 0.5 # back into IDLE
done
hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVICE_PID/status")
t0=$(now_ns)
kill -TERM "$SERVICE_PID"
rc=0
wait "$SERVICE_PID" || rc=$?
t1=$(now_ns)
SERVICE_PID=""
[ "$rc" -eq 0 ] || fail "the sync service exited with status $rc after SIGTERM"
python3 "$LIB" meta "$RUNS_FILE" service_rss_kb="$hwm_kb" service_stop_ms=$(( (t1 - t0) / 1000000 ))
progress "service stopped on SIGTERM in $(( (t1 - t0) / 1000000 )) ms; its peak RSS (VmHWM) was $((hwm_kb / 1024)) MB"
LOG=""

# ---------------------------------------------------------------------------
step "report"
stop_helper
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
python3 "$LIB" meta "$RUNS_FILE" "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" \
    "samples=$(wc -l <"$SAMPLES")" "samples_rustc=$(awk '$1 > 0' "$SAMPLES" | wc -l)" \
    "samples_cargo=$(awk '$3 > 0' "$SAMPLES" | wc -l)" \
    "max_load=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$SAMPLES")"
python3 "$SYNCLIB" report "$RUNS_FILE" | tee "$RUN_DIR/report.txt"
progress "done; measurements in $RUNS_FILE, report in $RUN_DIR/report.txt"
if [ "$CHECK" -eq 1 ] && ! tail -n 1 "$RUN_DIR/report.txt" | grep -q '"targets_met": true'; then
    echo "bench/sync.sh: a target was missed (--check)" >&2
    TARGET_MISSED=1
    exit 3
fi
}

# The bookkeeping and the report (python3, stdlib only), written into the run
# directory at start. bench/benchlib.py is the import benchmark's; its generic
# `meta` and `field` commands are reused, this adds the sync benchmark's own.
write_synclib() {
    cat >"$SYNCLIB" <<'PYEOF'
"""Records and report of bench/sync.sh (written by it; python3 stdlib only).

    synclib.py record RUNS KIND WALL_NS TIMEFILE STDOUTFILE [key=value ...]
    synclib.py tally FILE [KEY]      the "tally" of FILE's last JSON line
    synclib.py idle RUNS PROBE_OUT [key=value ...]
    synclib.py report RUNS
"""
import json
import os
import statistics
import sys

# The helpers every bench report shares live in bench/benchlib.py.
sys.path.insert(0, os.environ["BENCH_DIR"])
from benchlib import append, last_json, mb, parse_value, read_runs, table, verdict  # noqa: E402

# Targets, as documented in bench/README.md.
TARGET_RSS_MB = 100.0      # peak RSS of connect --import-old and of sync --once
TARGET_NOOP_MS = 100.0     # sync --once with nothing new, median
TARGET_IDLE_MS = 2000.0    # delivery to activity on the record, while idling
BG_CONTENDED = 0.2         # other cores (beyond Dovecot) that make a run "busy"

LABELS = {
    "connect": "postroom mailboxes connect --import-old",
    "first-sync": "postroom sync --once (after connect)",
    "total": "postroom total (connect + sync)",
    "mbsync": "mbsync pull (INBOX, Sent -> Maildir)",
    "maildir-import": "postroom mail import of the Maildir",
}


def die(msg):
    print(f"synclib.py: error: {msg}", file=sys.stderr)
    sys.exit(1)


def meta_of(runs):
    meta = {}
    for r in runs:
        if r["kind"] == "meta":
            meta.update({k: v for k, v in r.items() if k != "kind"})
    return meta


def clk_tck(runs_path):
    return float(meta_of(read_runs(runs_path)).get("clk_tck", 100))


def cmd_record(args):
    runs, kind, wall_ns, timefile, stdoutfile = args[:5]
    with open(timefile, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    try:
        _, m, u, s = lines[-1].split()
        rss_kb, cpu = int(m), float(u) + float(s)
    except (ValueError, IndexError):
        die(f"{timefile}: unexpected GNU time output {lines!r}")
    run = {"kind": kind, "wall": int(wall_ns) / 1e9, "rss_kb": rss_kb, "cpu": round(cpu, 2),
           "out": last_json(stdoutfile)}
    for kv in args[5:]:
        k, _, v = kv.partition("=")
        run[k] = parse_value(v)
    tck = clk_tck(runs)
    server = run.pop("server_ticks", 0) / tck
    busy = run.pop("busy_ticks", 0) / tck
    run["server_cpu"] = round(server, 2)
    # What else ran: the machine's busy time minus the command's and Dovecot's, over
    # the window the ticks were read in (the run plus 50 ms for Dovecot to reap the
    # session). The harness's own wrappers run inside it: 30 ms are allowed for them.
    window = run.pop("window_ns", int(wall_ns)) / 1e9
    run["bg_cores"] = round(max(0.0, busy - cpu - server - 0.03) / window, 2) if window > 0 else 0.0
    append(runs, run)
    print(f"{run['wall']:.3f} s wall, {cpu:.2f} s cpu, peak RSS {rss_kb / 1024:.1f} MB, "
          f"Dovecot {server:.2f} s cpu, other processes {run['bg_cores']:.2f} cores")


def cmd_tally(args):
    obj = last_json(args[0])
    if obj is None or "tally" not in obj:
        die(f"no JSON line with a tally in {args[0]}")
    t = obj["tally"]
    if len(args) > 1:
        print(t[args[1]])
    else:
        print(", ".join(f"{k} {v}" for k, v in t.items()))


def cmd_idle(args):
    runs, out = args[0], last_json(args[1])
    if out is None or out.get("latency_ms") is None:
        die(f"no latency in {args[1]}")
    run = {"kind": "idle", **out}
    for kv in args[2:]:
        k, _, v = kv.partition("=")
        run[k] = parse_value(v)
    append(runs, run)


def cmd_idle_baseline(args):
    runs = args[0]
    with open(args[1], encoding="utf-8") as f:
        lines = [json.loads(l) for l in f if l.strip()]
    if not lines:
        die(f"no measurement in {args[1]}")
    for n, out in enumerate(lines, 1):
        append(runs, {"kind": "idle-baseline", "run": n, **out})
    print(", ".join(f"{out['exists_ms']:.0f}" for out in lines))


def summarize(rs):
    walls = [r["wall"] for r in rs]
    return {
        "runs": len(rs),
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "cpu": statistics.median(r["cpu"] for r in rs),
        "server_cpu": statistics.median(r["server_cpu"] for r in rs),
        "rss_mb": mb(max(r["rss_kb"] for r in rs)),
        "bg_cores": max(r["bg_cores"] for r in rs),
    }


def cmd_report(args):
    runs = read_runs(args[0])
    meta = meta_of(runs)
    by = {}
    for r in runs:
        by.setdefault(r["kind"], []).append(r)
    if not by.get("connect") or not by.get("first-sync"):
        die("no Postroom first-sync runs recorded")
    # Per run: connect + the sync --once after it.
    first = {r["run"]: r for r in by["first-sync"]}
    totals = []
    for c in by["connect"]:
        s = first[c["run"]]
        totals.append({"wall": c["wall"] + s["wall"], "cpu": c["cpu"] + s["cpu"],
                       "rss_kb": max(c["rss_kb"], s["rss_kb"]),
                       "server_cpu": c["server_cpu"] + s["server_cpu"],
                       "bg_cores": max(c["bg_cores"], s["bg_cores"])})
    conn, fsync, total = summarize(by["connect"]), summarize(by["first-sync"]), summarize(totals)
    mbs = summarize(by["mbsync"]) if by.get("mbsync") else None
    imp = summarize(by["maildir-import"]) if by.get("maildir-import") else None
    noop = summarize(by["noop"]) if by.get("noop") else None
    idle = by.get("idle", [])
    lat = [r["latency_ms"] for r in idle]
    base = [r["exists_ms"] for r in by.get("idle-baseline", [])]

    targets = {"rss_lt_100mb": total["rss_mb"] < TARGET_RSS_MB}
    if mbs:
        targets["faster_than_mbsync"] = total["median"] < mbs["median"]
    if noop:
        targets["noop_lt_100ms"] = noop["median"] * 1000 < TARGET_NOOP_MS
    if lat:
        targets["idle_lt_2s"] = max(lat) < TARGET_IDLE_MS
    service_mb = mb(meta["service_rss_kb"]) if meta.get("service_rss_kb") else None

    # The seconds-long runs only: a run of a few tens of ms is too short for the
    # 10 ms clock ticks of /proc/stat to say anything about other processes.
    timed = [r for k in ("connect", "mbsync") for r in by.get(k, [])]
    bg_max = max((r["bg_cores"] for r in timed), default=0.0)
    samples, busy = meta.get("samples") or 0, meta.get("samples_rustc") or 0
    cargo = meta.get("samples_cargo") or 0
    contended = busy > 0 or cargo > 0 or bg_max >= BG_CONTENDED

    size_mb = (meta.get("maildir_bytes") or 0) / 1e6
    print()
    print(f"Postroom mailbox sync benchmark: {meta.get('messages')} messages ({size_mb:.1f} MB Maildir) "
          f"in INBOX of {meta.get('mailbox_user')} on a private Dovecot "
          f"({meta.get('dovecot_version')}) on 127.0.0.1; seed {meta.get('seed')}, "
          f"{meta.get('people')} people on records, {meta.get('team')} team members")
    print(f"machine: {meta.get('cores')} cores, {meta.get('cpu_model', '?')}; load average at start "
          f"{meta.get('load_start', '?')}, at end {meta.get('load_end', '?')}; mbsync: {meta.get('mbsync_version')}")
    print(f"source: commit {meta.get('git_head')} with {meta.get('git_changed_files')} changed or new files "
          f"in the working tree; postroom binary sha256 {meta.get('postroom_sha256')}")
    if samples:
        print(f"other compilers (rustc) running in {busy} and cargo (builds, tests) in {cargo} of {samples} "
              f"samples taken every 2 s; highest 1-min "
              f"load {meta.get('max_load')}; processes other than the client and Dovecot used up to "
              f"{bg_max:.2f} of {meta.get('cores')} cores during a timed run")
    if contended:
        print("=> numbers taken on a BUSY machine (other builds or processes ran): compare with care")
    print()
    rows = [["benchmark", "median s", "min..max s", "cpu s", "Dovecot cpu s", "peak RSS MB", "MB/s", "target"]]

    def row(label, s, target=""):
        speed = f"{size_mb / s['median']:.0f}" if s["median"] > 0 else "-"
        rows.append([label, f"{s['median']:.2f}", f"{s['min']:.2f}..{s['max']:.2f}", f"{s['cpu']:.2f}",
                     f"{s['server_cpu']:.2f}", f"{s['rss_mb']:.1f}", speed, target])

    row(LABELS["connect"], conn)
    row(LABELS["first-sync"], fsync)
    row(LABELS["total"], total, f"RSS < {TARGET_RSS_MB:.0f} MB: {verdict(targets['rss_lt_100mb'])}")
    if mbs:
        row(LABELS["mbsync"], mbs)
        ratio = total["median"] / mbs["median"]
        rows.append(["ratio postroom / mbsync", f"{ratio:.2f}",
                     f"min/min {total['min'] / mbs['min']:.2f}", "", "", "", "",
                     f"< 1: {verdict(targets['faster_than_mbsync'])}"])
    if imp:
        row(LABELS["maildir-import"], imp, "reference, no IMAP")
    print(table(rows))
    c = (by["connect"][-1].get("out") or {}).get("tally") or {}
    print()
    print("connect --import-old tally (last run): " + ", ".join(f"{k} {v}" for k, v in c.items()))
    if noop or lat:
        print()
        rows = [["benchmark", "median ms", "min..max ms", "runs", "peak RSS MB", "target"]]
        if noop:
            rows.append([f"postroom sync --once, nothing new", f"{noop['median'] * 1000:.0f}",
                         f"{noop['min'] * 1000:.0f}..{noop['max'] * 1000:.0f}", noop["runs"],
                         f"{noop['rss_mb']:.1f}",
                         f"median < {TARGET_NOOP_MS:.0f} ms: {verdict(targets['noop_lt_100ms'])}"])
        if lat:
            rows.append(["IDLE: LMTP delivery -> activity listed", f"{statistics.median(lat):.0f}",
                         f"{min(lat):.0f}..{max(lat):.0f}", len(lat),
                         f"{service_mb:.1f} (service)" if service_mb is not None else "-",
                         f"max < {TARGET_IDLE_MS / 1000:.0f} s: {verdict(targets['idle_lt_2s'])}"])
        if base:
            rows.append(["  of which Dovecot alone (bare IMAP client)", f"{statistics.median(base):.0f}",
                         f"{min(base):.0f}..{max(base):.0f}", len(base), "", "delivery -> * EXISTS"])
        print(table(rows))
        if lat:
            polls = [r.get("poll_ms_median", 0) for r in idle]
            print(f"IDLE latency runs from the start of the LMTP delivery to the end of the first "
                  f"`activities list` poll (every 20 ms) that shows the message; one poll costs "
                  f"{statistics.median(polls):.0f} ms; the LMTP delivery itself "
                  f"{statistics.median(r['deliver_ms'] for r in idle):.0f} ms.")
            if base:
                print(f"Dovecot announces new mail in IDLE after {statistics.median(base):.0f} ms (median) "
                      f"to any client; Postroom's own share (median latency minus that) is "
                      f"{statistics.median(lat) - statistics.median(base):.0f} ms, polling included.")

    result = {
        "messages": meta.get("messages"),
        "seed": meta.get("seed"),
        "maildir_bytes": meta.get("maildir_bytes"),
        "people": meta.get("people"),
        "team": meta.get("team"),
        "runs": conn["runs"],
        "t_connect": round(conn["median"], 3),
        "t_first_sync": round(fsync["median"], 3),
        "t_total": round(total["median"], 3),
        "t_total_min": round(total["min"], 3),
        "cpu_total": round(total["cpu"], 2),
        "dovecot_cpu_total": round(total["server_cpu"], 2),
        "peak_rss_mb": total["rss_mb"],
        "t_mbsync": round(mbs["median"], 3) if mbs else None,
        "t_mbsync_min": round(mbs["min"], 3) if mbs else None,
        "cpu_mbsync": round(mbs["cpu"], 2) if mbs else None,
        "dovecot_cpu_mbsync": round(mbs["server_cpu"], 2) if mbs else None,
        "mbsync_rss_mb": mbs["rss_mb"] if mbs else None,
        "ratio_vs_mbsync": round(total["median"] / mbs["median"], 3) if mbs else None,
        "t_maildir_import": round(imp["median"], 3) if imp else None,
        "cpu_maildir_import": round(imp["cpu"], 2) if imp else None,
        "noop_ms": round(noop["median"] * 1000, 1) if noop else None,
        "noop_ms_min": round(noop["min"] * 1000, 1) if noop else None,
        "noop_ms_max": round(noop["max"] * 1000, 1) if noop else None,
        "noop_runs": noop["runs"] if noop else 0,
        "idle_ms_median": round(statistics.median(lat), 1) if lat else None,
        "idle_ms_max": round(max(lat), 1) if lat else None,
        "idle_runs": len(lat),
        "idle_dovecot_ms_median": round(statistics.median(base), 1) if base else None,
        "service_rss_mb": service_mb,
        "tally": c,
        "targets": targets,
        "targets_met": all(targets.values()),
        "postroom_sha256": meta.get("postroom_sha256"),
        "git_head": meta.get("git_head"),
        "git_changed_files": meta.get("git_changed_files"),
        "contended": contended,
        "busy_samples": f"{busy}/{samples}",
        "cargo_samples": f"{cargo}/{samples}",
        "max_load": meta.get("max_load"),
        "bg_cores_max": bg_max,
        "load_start": meta.get("load_start"),
        "load_end": meta.get("load_end"),
    }
    print()
    print("targets: " + ", ".join(f"{k} {verdict(v)}" for k, v in targets.items())
          + ("" if mbs else " (mbsync comparison skipped)"))
    print(json.dumps(result))


def main():
    if len(sys.argv) < 2:
        die(__doc__)
    fn = {"record": cmd_record, "tally": cmd_tally, "idle": cmd_idle, "idle-baseline": cmd_idle_baseline,
          "report": cmd_report}.get(sys.argv[1])
    if fn is None:
        die(f"unknown command {sys.argv[1]}")
    fn(sys.argv[2:])


if __name__ == "__main__":
    main()
PYEOF
}

# On one line: bash has read it whole before main runs, and exits without reading on.
main "$@"; exit $?
