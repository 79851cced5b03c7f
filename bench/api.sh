#!/usr/bin/env bash
# REST API load benchmark for Postroom; see bench/README.md ("REST API").
#
#   bench/api.sh [--activities N] [--people P] [--duration S] [--connections C]
#                [--threads T] [--feed-rate R] [--no-sync] [--regen] [--check]
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
usage: bench/api.sh [options]
  --activities N    email activities on the benchmark's candidate (default 10000)
  --people P        people on record, the candidate included (default 3000)
  --duration S      seconds of load per URL (wrk -d, default 20)
  --connections C   concurrent clients (wrk -c, default 50)
  --threads T       wrk threads (wrk -t, default 2)
  --feed-rate R     messages per second delivered into the synced mailbox during
                    the load (default 20)
  --no-sync         no Dovecot, no mailbox sync during the load
  --regen           regenerate the cached data
  --check           exit with status 3 when a target is missed
  -h, --help        this help
EOF
}

ACTIVITIES=10000
PEOPLE=3000
DURATION=20
CONNECTIONS=50
THREADS=2
FEED_RATE=20
SYNC=1
REGEN=0
CHECK=0
SEED=42
TARGET_P99_MS=20
BUILD_ATTEMPTS=${BENCH_BUILD_ATTEMPTS:-6}
BUILD_RETRY_SECONDS=${BENCH_BUILD_RETRY_SECONDS:-30}

while [ $# -gt 0 ]; do
    case "$1" in
        --activities) ACTIVITIES=${2:?--activities needs a value}; shift 2 ;;
        --people) PEOPLE=${2:?--people needs a value}; shift 2 ;;
        --duration) DURATION=${2:?--duration needs a value}; shift 2 ;;
        --connections) CONNECTIONS=${2:?--connections needs a value}; shift 2 ;;
        --threads) THREADS=${2:?--threads needs a value}; shift 2 ;;
        --feed-rate) FEED_RATE=${2:?--feed-rate needs a value}; shift 2 ;;
        --no-sync) SYNC=0; shift ;;
        --regen) REGEN=1; shift ;;
        --check) CHECK=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench/api.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in "$ACTIVITIES" "$PEOPLE" "$DURATION" "$CONNECTIONS" "$THREADS" "$FEED_RATE"; do
    case "$v" in
        ''|*[!0-9]*|0) echo "bench/api.sh: options take positive whole numbers, got '$v'" >&2; exit 2 ;;
    esac
done

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_NAME="bench/api.sh"
# shellcheck source=bench/common.sh
. "$BENCH_DIR/common.sh"
OUT="$BENCH_DIR/out"
LIB="$BENCH_DIR/benchlib.py"   # its generic `field` command
RUN_ID=$(date +%Y%m%d-%H%M%S)-$$
RUN_DIR="$OUT/runs/api-$RUN_ID"
BIN="$RUN_DIR/bin"
APILIB="$RUN_DIR/apilib.py"    # written below: wrk parsing and the report
RESULTS="$RUN_DIR/results.jsonl"
STEP="start"
TARGET_MISSED=0
HELPER_PID=""   # bench-dovecot serve: Dovecot lives until its stdin (fd 9) closes
SERVER_PID=""   # postroom serve
FEED_PID=""     # bench-api feed: delivers until its stdin (fd 8) closes
LOG=""
TMP_DIRS=()
if [ -n "${BENCH_DATA_DIR:-}" ]; then
    DATA_ROOT="$BENCH_DATA_DIR/postroom-bench-api-$$"
elif [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 2000000 ]; then
    DATA_ROOT="/dev/shm/postroom-bench-api-$$"
else
    DATA_ROOT="$OUT/runs/api-data-$$"
fi
TMP_DIRS+=("$DATA_ROOT")


stop_feed() {
    exec 8>&-
    if [ -n "$FEED_PID" ]; then
        wait "$FEED_PID" 2>/dev/null || true
        FEED_PID=""
    fi
}

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

stop_helper() {
    exec 9>&-
    if [ -n "$HELPER_PID" ]; then
        local i
        for i in $(seq 1 100); do
            kill -0 "$HELPER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill "$HELPER_PID" 2>/dev/null || true
        wait "$HELPER_PID" 2>/dev/null || true
        HELPER_PID=""
    fi
}

on_exit() {
    local rc=$?
    set +e
    stop_feed
    stop_server
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
: >"$RESULTS"
progress "run directory: $RUN_DIR"
write_apilib

# ---------------------------------------------------------------------------
step "check tools"
command -v python3 >/dev/null || fail "python3 is required"
command -v cargo >/dev/null || fail "cargo is required"
apt_install wrk wrk
WRK_VERSION=$(wrk -v 2>&1 | head -n 1 || true)
if [ "$SYNC" -eq 1 ]; then
    [ -x /usr/sbin/dovecot ] || command -v dovecot >/dev/null \
        || fail "dovecot is required (Debian: dovecot-imapd dovecot-lmtpd), or pass --no-sync"
fi

# ---------------------------------------------------------------------------
step "build release binaries"
build_binaries "-p postroom-cli -p postroom-bench" postroom bench-api bench-dovecot
POSTROOM="$BIN/postroom"
BENCH_API="$BIN/bench-api"
HELPER="$BIN/bench-dovecot"
LOG=""

# ---------------------------------------------------------------------------
step "generate data ($ACTIVITIES messages with one candidate, $PEOPLE people)"
GEN_STAMP=$(cd "$ROOT" && sha256sum crates/postroom-bench/src/bin/bench-api.rs | cut -c1-32)
GEN_DIR="$OUT/api-gen-$ACTIVITIES-$PEOPLE-$SEED"
if [ "$REGEN" -eq 0 ] && [ -f "$GEN_DIR/gen.json" ] && [ "$(cat "$GEN_DIR/stamp" 2>/dev/null)" = "$GEN_STAMP" ]; then
    progress "using cached $(basename "$GEN_DIR")"
else
    rm -rf -- "$GEN_DIR" "$GEN_DIR.tmp"
    TMP_DIRS+=("$GEN_DIR.tmp")
    LOG="$RUN_DIR/gen.log"
    "$BENCH_API" gen --out "$GEN_DIR.tmp" --activities "$ACTIVITIES" --people "$PEOPLE" --seed "$SEED" \
        >"$RUN_DIR/gen.json" 2>"$LOG" || fail "bench-api gen failed"
    mv "$RUN_DIR/gen.json" "$GEN_DIR.tmp/gen.json"
    echo "$GEN_STAMP" >"$GEN_DIR.tmp/stamp"
    mv "$GEN_DIR.tmp" "$GEN_DIR"
    LOG=""
fi
CANDIDATE_EMAIL=$(python3 "$LIB" field "$GEN_DIR/gen.json" candidate_email)
TEAM_EMAIL=$(python3 "$LIB" field "$GEN_DIR/gen.json" team_email)
MBOX_BYTES=$(python3 "$LIB" field "$GEN_DIR/gen.json" mbox_bytes)
progress "$(cat "$GEN_DIR/gen.json")"

# ---------------------------------------------------------------------------
step "prepare data dir (team, people, mail import)"
DATA="$DATA_ROOT/data"
LOG="$RUN_DIR/prepare.log"
: >"$LOG"
"$POSTROOM" --data-dir "$DATA" users add "$TEAM_EMAIL" --name "Rita Recruiter" </dev/null >>"$LOG" 2>&1 \
    || fail "users add failed"
"$POSTROOM" --data-dir "$DATA" users add tom@team.bench.example --name "Tom Team" </dev/null >>"$LOG" 2>&1 \
    || fail "users add failed"
"$POSTROOM" --data-dir "$DATA" --json people import "$GEN_DIR/people.csv" >"$RUN_DIR/people.out" 2>>"$LOG" \
    || fail "people import failed"
created=$(python3 "$LIB" field "$RUN_DIR/people.out" created)
[ "$created" -eq "$PEOPLE" ] || fail "people import created $created records, expected $PEOPLE"
t0=$(date +%s.%N)
"$POSTROOM" --data-dir "$DATA" --json mail import "$GEN_DIR/mailbox.mbox" --owner "$TEAM_EMAIL" \
    >"$RUN_DIR/import.out" 2>>"$LOG" || fail "mail import failed"
t1=$(date +%s.%N)
progress "mail import: $(tail -n 1 "$RUN_DIR/import.out") in $(python3 -c "print(round($t1 - $t0, 1))") s"
"$POSTROOM" --data-dir "$DATA" apikeys create --user "$TEAM_EMAIL" >"$RUN_DIR/apikey.out" 2>>"$LOG" \
    || fail "apikeys create failed"
KEY=$(tail -n 1 "$RUN_DIR/apikey.out")
(umask 077 && echo "$KEY" >"$DATA_ROOT/key")
rm -f "$RUN_DIR/apikey.out"
"$POSTROOM" --data-dir "$DATA" candidates list --json >"$RUN_DIR/candidates.json" 2>>"$LOG" \
    || fail "candidates list failed"
CANDIDATE_ID=$(python3 "$APILIB" find-id "$RUN_DIR/candidates.json" "$CANDIDATE_EMAIL") \
    || fail "no candidate with $CANDIDATE_EMAIL in candidates list --json"
rm -f "$RUN_DIR/candidates.json"
progress "candidate id $CANDIDATE_ID"
LOG=""

# ---------------------------------------------------------------------------
if [ "$SYNC" -eq 1 ]; then
    step "start a private Dovecot and connect $TEAM_EMAIL's mailbox"
    PWFILE="$DATA_ROOT/password"
    (umask 077 && echo "bench-$$-$RANDOM$RANDOM" >"$PWFILE")
    CTL="$RUN_DIR/dovecot.ctl"
    mkfifo "$CTL"
    LOG="$RUN_DIR/dovecot.log"
    TMPDIR="$DATA_ROOT" "$HELPER" serve --user "$TEAM_EMAIL" --password-file "$PWFILE" \
        <"$CTL" >"$RUN_DIR/dovecot.json" 2>"$LOG" &
    HELPER_PID=$!
    exec 9>"$CTL"
    for _ in $(seq 1 600); do
        grep -q '^{' "$RUN_DIR/dovecot.json" 2>/dev/null && break
        kill -0 "$HELPER_PID" 2>/dev/null || fail "bench-dovecot serve exited before Dovecot was ready"
        sleep 0.2
    done
    grep -q '^{' "$RUN_DIR/dovecot.json" || fail "Dovecot not ready after 120 s"
    IMAP_PORT=$(python3 "$LIB" field "$RUN_DIR/dovecot.json" imap_port)
    LMTP_PORT=$(python3 "$LIB" field "$RUN_DIR/dovecot.json" lmtp_port)
    LOG="$RUN_DIR/connect.log"
    "$POSTROOM" --data-dir "$DATA" mailboxes connect "$TEAM_EMAIL" --host 127.0.0.1 --port "$IMAP_PORT" \
        --security none --password-file "$PWFILE" </dev/null >"$LOG" 2>&1 || fail "mailboxes connect failed"
    progress "Dovecot on IMAP 127.0.0.1:$IMAP_PORT, LMTP :$LMTP_PORT; mailbox connected"
    LOG=""
fi

# ---------------------------------------------------------------------------
step "start postroom serve"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVER_LOG="$RUN_DIR/serve.log"
LOG="$SERVER_LOG"
POSTROOM_RATE_LIMIT=1000000000 POSTROOM_LOG=${POSTROOM_LOG:-info} \
    "$POSTROOM" --data-dir "$DATA" serve --listen "127.0.0.1:$PORT" </dev/null >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    grep -q 'listening on http://' "$SERVER_LOG" && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "postroom serve exited"
    sleep 0.1
done
grep -q 'listening on http://' "$SERVER_LOG" || fail "postroom serve not listening after 30 s"
BASE="http://127.0.0.1:$PORT"
URL_ACT="$BASE/v3/candidates/$CANDIDATE_ID/activities?per_page=100"
URL_REC="$BASE/v3/candidates/$CANDIDATE_ID"
python3 "$APILIB" check "$URL_ACT" "$DATA_ROOT/key" "$ACTIVITIES" \
    || fail "GET $URL_ACT does not answer as expected"
python3 "$APILIB" check "$URL_REC" "$DATA_ROOT/key" "" || fail "GET $URL_REC does not answer"
progress "server pid $SERVER_PID on $BASE; both URLs answer 200"
LOG=""

# Warm up (page cache, SQLite caches, connections), not measured.
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -H "Authorization: Token $KEY" "$URL_ACT" >/dev/null 2>&1 || true

# ---------------------------------------------------------------------------
n=0
for url in "$URL_ACT" "$URL_REC"; do
    n=$((n + 1))
    label=${url#"$BASE"}
    step "load: GET $label (wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s)"
    logged0=$(python3 "$APILIB" metric "$BASE/metrics" postroom_messages_logged)
    if [ "$SYNC" -eq 1 ]; then
        FEEDCTL="$RUN_DIR/feed-$n.ctl"
        mkfifo "$FEEDCTL"
        "$BENCH_API" feed --lmtp-port "$LMTP_PORT" --to "$TEAM_EMAIL" --people-csv "$GEN_DIR/people.csv" \
            --per-second "$FEED_RATE" --seed "$n" <"$FEEDCTL" >"$RUN_DIR/feed-$n.json" 2>"$RUN_DIR/feed-$n.log" &
        FEED_PID=$!
        exec 8>"$FEEDCTL"
        sleep 1 # the sync is busy before the load starts
    fi
    cpu0=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat)
    srv0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
    LOG="$RUN_DIR/wrk-$n.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Token $KEY" "$url" \
        >"$LOG" 2>&1 || fail "wrk failed"
    srv1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
    compilers=$(pgrep -c -x rustc || true)
    cpu1=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat)
    feed="{}"
    if [ "$SYNC" -eq 1 ]; then
        stop_feed
        feed=$(tail -n 1 "$RUN_DIR/feed-$n.json")
    fi
    sleep 2 # let the sync log what was delivered last
    logged1=$(python3 "$APILIB" metric "$BASE/metrics" postroom_messages_logged)
    python3 "$APILIB" record "$RESULTS" "$LOG" "GET $label" "$feed" \
        logged="$((logged1 - logged0))" server_cpu_ticks="$((srv1 - srv0))" \
        machine_cpu_ticks="$((cpu1 - cpu0))" compilers="$compilers" || fail "cannot parse wrk output"
    LOG=""
done

SERVER_HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")
SYNC_LINES=$(grep -c -i 'sync' "$SERVER_LOG" || true)
stop_server
stop_helper

# ---------------------------------------------------------------------------
step "report"
python3 "$APILIB" report "$RESULTS" activities="$ACTIVITIES" people="$PEOPLE" duration="$DURATION" \
    connections="$CONNECTIONS" threads="$THREADS" sync="$SYNC" feed_rate="$FEED_RATE" \
    peak_rss_kb="$SERVER_HWM_KB" target_p99_ms="$TARGET_P99_MS" cores="$(nproc)" \
    clk_tck="$(getconf CLK_TCK)" mbox_bytes="$MBOX_BYTES" "wrk=$WRK_VERSION" \
    "git_head=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    sync_log_lines="$SYNC_LINES" | tee "$RUN_DIR/report.txt"
if [ "$CHECK" -eq 1 ] && ! tail -n 1 "$RUN_DIR/report.txt" | grep -q '"targets_met": true'; then
    TARGET_MISSED=1
    exit 3
fi
}

write_apilib() {
cat >"$APILIB" <<'PYEOF'
"""bench/api.sh helpers: find-id, check, metric, record, report."""
import json
import re
import sys
import urllib.request


def die(msg):
    print(f"apilib: {msg}", file=sys.stderr)
    sys.exit(1)


def walk(v):
    yield v
    if isinstance(v, dict):
        for x in v.values():
            yield from walk(x)
    elif isinstance(v, list):
        for x in v:
            yield from walk(x)


def find_id(path, email):
    text = open(path).read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:  # one object a line
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    for v in walk(data):
        if isinstance(v, dict) and "id" in v and email in json.dumps(v):
            print(v["id"])
            return
    die(f"{email} not found")


def get(url, key_file=None):
    req = urllib.request.Request(url)
    if key_file:
        req.add_header("Authorization", "Token " + open(key_file).read().strip())
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.read()


def check(url, key_file, total):
    status, body = get(url, key_file)
    if status != 200:
        die(f"{url}: status {status}")
    data = json.loads(body)
    if total:
        got = data.get("total")
        if got != int(total):
            die(f"{url}: total {got}, expected {total}")
        items = [v for v in data.get("_embedded", {}).values() if isinstance(v, list)]
        if not items or len(items[0]) != 100:
            die(f"{url}: expected a page of 100 items")
    print(f"{url}: {status}, {len(body)} bytes", file=sys.stderr)


def metric(url, name):
    _, body = get(url)
    for line in body.decode().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == name:
            print(int(float(parts[1])))
            return
    die(f"no {name} in {url}")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def ms(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text)
    if not m:
        die(f"cannot read latency {text!r}")
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_wrk(text):
    out = {}
    m = re.search(r"^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)", text, re.M)
    if not m:
        die("no Latency line in wrk output")
    out["avg_ms"], out["max_ms"] = ms(m.group(1)), ms(m.group(3))
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s*{pct}%\s+(\S+)", text, re.M)
        if not m:
            die(f"no {pct}% line in wrk output (run with --latency)")
        out[f"p{pct}_ms"] = ms(m.group(1))
    m = re.search(r"(\d+) requests in ([0-9.]+)(\w+)", text)
    out["requests"] = int(m.group(1))
    m = re.search(r"Requests/sec:\s+([0-9.]+)", text)
    out["rps"] = float(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = sum(int(x) for x in m.groups()) if m else 0
    return out


def record(results, wrk_file, label, feed, *kv):
    rec = {"url": label, **parse_wrk(open(wrk_file).read())}
    rec["feed"] = json.loads(feed)
    for item in kv:
        k, v = item.split("=", 1)
        rec[k] = int(v)
    with open(results, "a") as f:
        f.write(json.dumps(rec) + "\n")
    print(f"  {label}: {rec['rps']:.0f} req/s, p50 {rec['p50_ms']:.2f} ms, p99 {rec['p99_ms']:.2f} ms, "
          f"max {rec['max_ms']:.1f} ms, non-2xx {rec['non_2xx']}, logged by sync {rec['logged']}",
          file=sys.stderr)


def table(rows):
    w = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * x for x in w))
    return "\n".join(lines)


def report(results, *kv):
    meta = dict(item.split("=", 1) for item in kv)
    recs = [json.loads(line) for line in open(results) if line.strip()]
    target = float(meta["target_p99_ms"])
    tck = int(meta["clk_tck"])
    sync = meta["sync"] == "1"
    rows = [["URL", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "non-2xx", "server cores",
             "sync logged", f"p99 < {target:.0f} ms"]]
    targets = {}
    for r in recs:
        ok = r["p99_ms"] < target and r["non_2xx"] == 0 and r["socket_errors"] == 0
        over = "" if ok else f" (+{r['p99_ms'] - target:.1f} ms)"
        targets[r["url"]] = ok
        secs = float(meta["duration"])
        r["server_cores"] = round(r["server_cpu_ticks"] / tck / secs, 2)
        r["machine_cores"] = round(r["machine_cpu_ticks"] / tck / secs, 2)
        delivered = r["feed"].get("delivered")
        rows.append([r["url"], f"{r['rps']:.0f}", f"{r['p50_ms']:.2f}", f"{r['p90_ms']:.2f}",
                     f"{r['p99_ms']:.2f}", f"{r['max_ms']:.1f}", r["non_2xx"] + r["socket_errors"],
                     f"{r['server_cores']:.2f}",
                     f"{r['logged']} of {delivered} delivered" if sync else "no sync",
                     ("met" if ok else "MISSED") + over])
    rss_mb = round(int(meta["peak_rss_kb"]) / 1024, 1)
    contended = any(r["compilers"] > 0 for r in recs)
    print(f"{meta['activities']} email activities on one candidate, {meta['people']} people on record; "
          f"wrk -t{meta['threads']} -c{meta['connections']} -d{meta['duration']}s on the same "
          f"{meta['cores']} cores as the server; "
          + (f"mailbox sync running, {meta['feed_rate']} messages/s delivered over LMTP during the load"
             if sync else "NO mailbox sync running"))
    print()
    print(table(rows))
    print()
    print(f"server peak RSS: {rss_mb} MB; server cores = server CPU time / wall time during the load "
          f"(the rest of the {meta['cores']} cores went to wrk, Dovecot and the feeder)")
    print(f"with {meta['connections']} closed-loop clients a request waits for the others: "
          f"p50 is about {meta['connections']} / req/s, so p99 < {target:.0f} ms needs more than "
          f"{int(meta['connections']) * 1000 / target:.0f} req/s")
    if contended:
        print("numbers taken on a BUSY machine: a compiler (rustc) ran during a load window")
    result = {
        "activities": int(meta["activities"]),
        "people": int(meta["people"]),
        "connections": int(meta["connections"]),
        "threads": int(meta["threads"]),
        "duration_s": int(meta["duration"]),
        "sync": sync,
        "feed_rate": int(meta["feed_rate"]) if sync else 0,
        "results": [{k: r[k] for k in ("url", "rps", "requests", "p50_ms", "p90_ms", "p99_ms", "max_ms",
                                       "non_2xx", "socket_errors", "server_cores", "machine_cores",
                                       "logged")} | {"delivered": r["feed"].get("delivered")}
                    for r in recs],
        "peak_rss_mb": rss_mb,
        "target_p99_ms": target,
        "targets": targets,
        "targets_met": all(targets.values()),
        "contended": contended,
        "git_head": meta.get("git_head"),
        "wrk": meta.get("wrk"),
    }
    print(json.dumps(result))


def main():
    cmds = {"find-id": find_id, "check": check, "metric": metric, "record": record, "report": report}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        die(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
PYEOF
}

# On one line: bash has read it whole before main runs, and exits without reading on.
main "$@"; exit $?
