#!/usr/bin/env python3
"""Helper for bench/import.sh (python3 stdlib only).

Every measurement is appended as one JSON object to a "runs" file (JSON lines);
`report` turns that file into the results table (stdout) and the final JSON line.

    benchlib.py record RUNS KIND WALL_NS TIMEFILE STDOUTFILE [key=value ...]
        Append one timed run. WALL_NS is the wall time in nanoseconds measured
        around the command; TIMEFILE holds GNU time's "%e %M %U %S" line;
        STDOUTFILE is the command's stdout, whose last JSON line is kept as
        "out". Prints a one-line summary for the progress log.
    benchlib.py meta RUNS key=value ...
        Append facts about the run (value parsed as JSON when possible).
    benchlib.py field FILE KEY
        Print KEY of the last JSON line of FILE (fails if missing).
    benchlib.py big-messages GB
        Number of messages for a mailbox of about GB gigabytes (10^9 bytes).
    benchlib.py report RUNS
        Print the results table and, last, one JSON line.
"""

import json
import statistics
import sys

# Targets, as documented in bench/README.md.
TARGET_RATIO = 2.0  # import time / bare mail-parser parse time
TARGET_RSS_MB = 150.0  # peak resident memory of the import, any mailbox size
TARGET_SCALE_PCT = 10.0  # import time with 1M records vs 1k records
BYTES_PER_MESSAGE = 32_500
# A timed run during which other processes used this many cores or more is
# reported as taken on a busy machine.
BG_CONTENDED = 0.2  # postroom-gen's realistic average (650 MB / 20,000)

# The three runs of each benchmark (median) and the single runs.
KINDS = {
    "parse": "parse-baseline (bare mail-parser)",
    "import": "postroom mail import",
    "people-small": "people import (small)",
    "people-large": "people import (large)",
    "scale-small": "mail import, small records",
    "scale-large": "mail import, large records",
    "people-big": "people import (big)",
    "big": "mail import, big mailbox",
}


def die(msg):
    print(f"benchlib.py: error: {msg}", file=sys.stderr)
    sys.exit(1)


def parse_value(v):
    try:
        return json.loads(v)
    except ValueError:
        return v


def last_json(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError as e:
        die(f"cannot read {path}: {e}")
    for line in reversed(lines):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return None


def read_runs(path):
    runs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    runs.append(json.loads(line))
                except ValueError:
                    die(f"{path}:{n}: not JSON")
    return runs


def append(path, obj):
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(obj, sort_keys=True) + "\n")


def cmd_record(args):
    if len(args) < 5:
        die("usage: record RUNS KIND WALL_NS TIMEFILE STDOUTFILE [key=value ...]")
    runs, kind, wall_ns, timefile, stdoutfile = args[:5]
    if kind not in KINDS:
        die(f"unknown kind {kind}")
    with open(timefile, encoding="utf-8") as f:
        # GNU time prints "Command exited with non-zero status N" first on failure;
        # the measurement is always the last line.
        lines = [l for l in f.read().splitlines() if l.strip()]
    if not lines:
        die(f"{timefile} is empty")
    try:
        e, m, u, s = lines[-1].split()
        rss_kb, cpu = int(m), float(u) + float(s)
    except ValueError:
        die(f"{timefile}: unexpected GNU time output {lines[-1]!r}")
    run = {
        "kind": kind,
        "wall": int(wall_ns) / 1e9,
        "rss_kb": rss_kb,
        "cpu": round(cpu, 2),
        "out": last_json(stdoutfile),
    }
    for kv in args[5:]:
        k, _, v = kv.partition("=")
        run[k] = parse_value(v)
    other = ""
    ticks = run.pop("busy_ticks", None)
    if ticks is not None and run["wall"] > 0:
        # CPU the rest of the machine used during the run, in cores: the whole
        # machine's busy time minus the command's own. Both count in clock ticks
        # (10 ms), and the harness's own date/time wrappers run inside the window:
        # 30 ms are allowed for that before anything counts as "other".
        tck = clk_tck(runs)
        run["bg_cores"] = round(max(0.0, ticks / tck - cpu - 0.03) / run["wall"], 2)
        other = f", other processes {run['bg_cores']:.2f} cores"
    append(runs, run)
    print(f"{run['wall']:.2f} s wall, {cpu:.2f} s cpu, peak RSS {rss_kb / 1024:.1f} MB{other}")


def clk_tck(runs_path):
    for r in read_runs(runs_path):
        if r.get("kind") == "meta" and "clk_tck" in r:
            return float(r["clk_tck"])
    return 100.0


def cmd_meta(args):
    if len(args) < 2:
        die("usage: meta RUNS key=value ...")
    obj = {"kind": "meta"}
    for kv in args[1:]:
        k, _, v = kv.partition("=")
        # A commit id is text even when it reads as a number ("169e049" is 1.69e51).
        obj[k] = v if k == "git_head" else parse_value(v)
    append(args[0], obj)


def cmd_field(args):
    if len(args) != 2:
        die("usage: field FILE KEY")
    obj = last_json(args[0])
    if obj is None or args[1] not in obj:
        die(f"no JSON line with {args[1]!r} in {args[0]}")
    print(obj[args[1]])


def cmd_big_messages(args):
    if len(args) != 1:
        die("usage: big-messages GB")
    try:
        gb = float(args[0])
    except ValueError:
        die(f"--big wants a number of GB, not {args[0]!r}")
    if gb <= 0:
        die("--big wants a positive number of GB")
    print(max(1, round(gb * 1e9 / BYTES_PER_MESSAGE)))


def mb(kb):
    return round(kb / 1024, 1)


def summarize(runs, kind):
    rs = [r for r in runs if r["kind"] == kind]
    if not rs:
        return None
    walls = [r["wall"] for r in rs]
    return {
        "runs": len(rs),
        "median": round(statistics.median(walls), 3),
        "min": round(min(walls), 3),
        "max": round(max(walls), 3),
        "cpu_median": round(statistics.median(r["cpu"] for r in rs), 2),
        "peak_rss_mb": mb(max(r["rss_kb"] for r in rs)),
        "out": rs[-1]["out"],
        "bg_cores": round(statistics.median(r.get("bg_cores", 0.0) for r in rs), 2),
        "extra": {k: v for k, v in rs[-1].items() if k not in ("kind", "wall", "rss_kb", "cpu", "out", "bg_cores")},
    }


def verdict(ok):
    return "ok" if ok else "MISSED"


def table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        out.append("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def cmd_report(args):
    if len(args) != 1:
        die("usage: report RUNS")
    runs = read_runs(args[0])
    meta = {}
    for r in runs:
        if r["kind"] == "meta":
            meta.update({k: v for k, v in r.items() if k != "kind"})

    parse = summarize(runs, "parse")
    imp = summarize(runs, "import")
    if parse is None or imp is None:
        die("no parse or import runs recorded")
    counters = imp["out"] or {}
    ratio = imp["median"] / parse["median"] if parse["median"] > 0 else float("inf")
    result = {
        "messages": meta.get("messages"),
        "seed": meta.get("seed"),
        "mbox_bytes": meta.get("mbox_bytes"),
        "people": meta.get("people"),
        "team": meta.get("team"),
        "t_parse": parse["median"],
        "t_import": imp["median"],
        "ratio": round(ratio, 3),
        "peak_rss_mb": imp["peak_rss_mb"],
        "cpu_import": imp["cpu_median"],
        # Less noisy views on a busy machine; the targets use the medians above.
        "ratio_min": round(imp["min"] / parse["min"], 3) if parse["min"] > 0 else None,
        "ratio_cpu": round(imp["cpu_median"] / parse["cpu_median"], 3) if parse["cpu_median"] > 0 else None,
    }
    for k in ("scanned", "logged", "activities", "duplicates", "dismissed", "blocked", "malformed"):
        result[k] = counters.get(k)
    targets = {
        "ratio_le_2": ratio <= TARGET_RATIO,
        "rss_lt_150mb": imp["peak_rss_mb"] < TARGET_RSS_MB,
    }

    mbox_mb = (meta.get("mbox_bytes") or 0) / 1e6
    print()
    print(
        f"Postroom import benchmark: {meta.get('messages')} messages, seed {meta.get('seed')}, "
        f"mbox {mbox_mb:.1f} MB, {meta.get('people')} people on records, {meta.get('team')} team members"
    )
    print(
        f"machine: {meta.get('cores')} cores, {meta.get('cpu_model', '?')}; "
        f"load average at start {meta.get('load_start', '?')}, at end {meta.get('load_end', '?')}"
    )
    samples, busy = meta.get("samples") or 0, meta.get("samples_rustc") or 0
    timed = [r for r in runs if r["kind"] in ("parse", "import", "scale-small", "scale-large", "big")]
    bg_max = max((r.get("bg_cores", 0.0) for r in timed), default=0.0)
    contended = busy > 0 or bg_max >= BG_CONTENDED
    if samples:
        print(
            f"other compilers (rustc) running in {busy} of {samples} samples taken every 2 s; "
            f"highest 1-min load {meta.get('max_load')}; other processes used up to {bg_max:.2f} "
            f"of {meta.get('cores')} cores during a timed run"
        )
    if contended:
        print("=> numbers taken on a BUSY machine (other builds or processes ran): compare with care")
    print()
    rows = [["benchmark", "median s", "min..max s", "cpu s", "peak RSS MB", "MB/s", "other cores", "target"]]

    def speed(s):
        return f"{mbox_mb / s['median']:.0f}" if s["median"] > 0 else "-"

    rows.append([KINDS["parse"], f"{parse['median']:.2f}", f"{parse['min']:.2f}..{parse['max']:.2f}",
                 f"{parse['cpu_median']:.2f}", f"{parse['peak_rss_mb']:.1f}", speed(parse),
                 f"{parse['bg_cores']:.2f}", ""])
    rows.append([KINDS["import"], f"{imp['median']:.2f}", f"{imp['min']:.2f}..{imp['max']:.2f}",
                 f"{imp['cpu_median']:.2f}", f"{imp['peak_rss_mb']:.1f}", speed(imp), f"{imp['bg_cores']:.2f}",
                 f"RSS < {TARGET_RSS_MB:.0f} MB: {verdict(targets['rss_lt_150mb'])}"])
    rows.append(["ratio import / parse", f"{ratio:.2f}", f"min/min {result['ratio_min']:.2f}",
                 f"{result['ratio_cpu']:.2f}", "", "", "",
                 f"<= {TARGET_RATIO:g}: {verdict(targets['ratio_le_2'])}"])
    print(table(rows))
    print()
    print("import summary: " + ", ".join(f"{k} {counters.get(k)}" for k in
          ("scanned", "logged", "activities", "duplicates", "dismissed", "blocked", "malformed")))

    small, large = summarize(runs, "scale-small"), summarize(runs, "scale-large")
    if small and large:
        ps, pl = summarize(runs, "people-small"), summarize(runs, "people-large")
        diff = (large["median"] - small["median"]) / small["median"] * 100
        targets["records_scale_within_10pct"] = abs(diff) <= TARGET_SCALE_PCT
        diff_min = (large["min"] - small["min"]) / small["min"] * 100
        diff_cpu = (large["cpu_median"] - small["cpu_median"]) / small["cpu_median"] * 100 \
            if small["cpu_median"] > 0 else float("nan")
        scale = {"diff_pct": round(diff, 1), "diff_pct_min": round(diff_min, 1),
                 "diff_pct_cpu": round(diff_cpu, 1)}
        print()
        print("Matching cost vs. records on file (same mailbox, mail import only):")
        rows = [["records on file", "people import s", "people RSS MB", "mail import median s",
                 "min..max s", "cpu s", "peak RSS MB", "other cores", "logged", "activities"]]
        for name, s, p in (("small", small, ps), ("large", large, pl)):
            o = s["out"] or {}
            records = s["extra"].get("records")
            scale[name] = {
                "records": records,
                "t_people_import": p["median"] if p else None,
                "people_import_rss_mb": p["peak_rss_mb"] if p else None,
                "t_import": s["median"],
                "t_import_min": s["min"],
                "cpu_import": s["cpu_median"],
                "peak_rss_mb": s["peak_rss_mb"],
                "bg_cores": s["bg_cores"],
                "logged": o.get("logged"),
                "activities": o.get("activities"),
            }
            rows.append([f"{records:,}" if isinstance(records, int) else records,
                         f"{p['median']:.2f}" if p else "-", f"{p['peak_rss_mb']:.1f}" if p else "-",
                         f"{s['median']:.2f}", f"{s['min']:.2f}..{s['max']:.2f}", f"{s['cpu_median']:.2f}",
                         f"{s['peak_rss_mb']:.1f}", f"{s['bg_cores']:.2f}",
                         o.get("logged"), o.get("activities")])
        print(table(rows))
        print(f"difference of the medians: {diff:+.1f} % (target within {TARGET_SCALE_PCT:g} %: "
              f"{verdict(targets['records_scale_within_10pct'])}); of the fastest runs: {diff_min:+.1f} %; "
              f"of the cpu times: {diff_cpu:+.1f} %")
        same = ((small["out"] or {}).get("activities") == (large["out"] or {}).get("activities"))
        if not same:
            print("WARNING: the two imports logged a different number of activities")
        targets["rss_lt_150mb"] = targets["rss_lt_150mb"] and large["peak_rss_mb"] < TARGET_RSS_MB \
            and small["peak_rss_mb"] < TARGET_RSS_MB
        result["records_scale"] = scale

    big = summarize(runs, "big")
    if big:
        o = big["out"] or {}
        ex = big["extra"]
        bmb = (ex.get("mbox_bytes") or 0) / 1e6
        ok = big["peak_rss_mb"] < TARGET_RSS_MB
        targets["big_rss_lt_150mb"] = ok
        print()
        print(f"Big mailbox: {ex.get('messages')} messages, {bmb / 1000:.2f} GB")
        rows = [["benchmark", "wall s", "cpu s", "peak RSS MB", "MB/s", "other cores", "target"]]
        rows.append([KINDS["big"], f"{big['median']:.1f}", f"{big['cpu_median']:.1f}", f"{big['peak_rss_mb']:.1f}",
                     f"{bmb / big['median']:.0f}" if big["median"] > 0 else "-", f"{big['bg_cores']:.2f}",
                     f"RSS < {TARGET_RSS_MB:.0f} MB: {verdict(ok)}"])
        print(table(rows))
        print("import summary: " + ", ".join(f"{k} {o.get(k)}" for k in
              ("scanned", "logged", "activities", "duplicates", "dismissed", "blocked", "malformed")))
        result["big"] = {
            "gb": ex.get("gb"),
            "messages": ex.get("messages"),
            "mbox_bytes": ex.get("mbox_bytes"),
            "t_import": big["median"],
            "peak_rss_mb": big["peak_rss_mb"],
            "summary": o,
        }

    result["targets"] = targets
    result["targets_met"] = all(targets.values())
    result["postroom_sha256"] = meta.get("postroom_sha256")
    result["contended"] = contended
    result["busy_samples"] = f"{busy}/{samples}"
    result["max_load"] = meta.get("max_load")
    result["bg_cores_max"] = bg_max
    result["bg_cores_import"] = imp["bg_cores"]
    result["load_start"] = meta.get("load_start")
    result["load_end"] = meta.get("load_end")
    print()
    print("targets: " + ", ".join(f"{k} {verdict(v)}" for k, v in targets.items()))
    print(json.dumps(result))


def main():
    if len(sys.argv) < 2:
        die(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    fn = {
        "record": cmd_record,
        "meta": cmd_meta,
        "field": cmd_field,
        "big-messages": cmd_big_messages,
        "report": cmd_report,
    }.get(cmd)
    if fn is None:
        die(f"unknown command {cmd}")
    fn(args)


if __name__ == "__main__":
    main()
