#!/usr/bin/env python3
"""Runs `feedwatch extract` on every hostile page and `feedwatch parse` on every hostile feed
made by gen_shapes.py, one process at a time, and reports each one's CPU time (user + sys)
and peak RSS against the budgets (2 s of CPU, 300 MB), and whether a page's embedded article
still came out.

    python3 bench/hostile/run.py --feedwatch .build/release/feedwatch --shapes .build-hostile/shapes \
        [--json results.json] [--before old-results.json] [--only SUBSTRING ...] [--cpu-limit 60]

Exits 1 when any shape is over budget.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile

CPU_BUDGET = 2.0
RSS_BUDGET_MB = 300.0


def run_one(cmd, cpu_limit):
    def limit():
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit + 1))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, preexec_fn=limit)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024.0,
            "exit": proc.returncode,
            "stdout": out.read(),
            "stderr": err.read().decode("utf-8", "replace")[-300:],
        }


def describe(shape, result):
    """A short word on the output: the article found or not, the notes, the entry count."""
    if result["exit"] < 0 or result["exit"] > 1:
        return f"killed/crashed (exit {result['exit']}) {result['stderr'].strip()[-120:]}"
    try:
        data = json.loads(result["stdout"]) if result["stdout"] else None
    except ValueError:
        return "output is not JSON"
    if shape["kind"] == "page":
        if data is None:
            return "no output"
        found = ""
        if shape["sentence"]:
            found = "article ok" if shape["sentence"] in data.get("text", "") else "ARTICLE MISSING"
        notes = "; ".join(data.get("notes", []))
        return f"{found} status={data.get('status')} text={len(data.get('text', ''))}B" + (f" notes: {notes}" if notes else "")
    if result["exit"] == 1:
        return "not a feed: " + result["stderr"].strip()[-100:]
    return f"{len(data.get('entries', []))} entries" if data else "no output"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feedwatch", default=".build/release/feedwatch")
    parser.add_argument("--shapes", default=".build-hostile/shapes")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--before", help="results of an earlier run, shown beside these")
    parser.add_argument("--only", nargs="*", help="only shapes whose file name contains one of these")
    parser.add_argument("--cpu-limit", type=int, default=60, help="CPU seconds before a run is killed")
    args = parser.parse_args()

    with open(os.path.join(args.shapes, "manifest.json")) as f:
        manifest = json.load(f)
    before = {}
    if args.before:
        with open(args.before) as f:
            before = {r["file"]: r for r in json.load(f)}
    results = []
    over = 0
    header = f"| {'shape':28} | {'MB':>5} | {'CPU s':>6} | {'RSS MB':>6} |"
    if before:
        header += f" {'before CPU':>10} | {'before RSS':>10} |"
    print(header + " result")
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|---")
    for shape in manifest:
        if args.only and not any(s in shape["file"] for s in args.only):
            continue
        path = os.path.join(args.shapes, shape["file"])
        sub = "extract" if shape["kind"] == "page" else "parse"
        result = run_one([args.feedwatch, sub, path], args.cpu_limit)
        note = describe(shape, result)
        killed = result["cpu"] >= args.cpu_limit - 0.5
        ok = result["cpu"] < CPU_BUDGET and result["rss_mb"] < RSS_BUDGET_MB and not killed
        over += 0 if ok else 1
        row = {"file": shape["file"], "kind": shape["kind"], "mb": shape["bytes"] / 1e6, "cpu": round(result["cpu"], 2),
               "rss_mb": round(result["rss_mb"], 1), "killed": killed, "exit": result["exit"], "result": note}
        results.append(row)
        cpu = f">{args.cpu_limit}" if killed else f"{result['cpu']:.2f}"
        line = f"| {shape['file']:28} | {row['mb']:5.1f} | {cpu:>6} | {row['rss_mb']:6.0f} |"
        if before:
            b = before.get(shape["file"])
            if b:
                bcpu = f">{args.cpu_limit}" if b.get("killed") else f"{b['cpu']:.2f}"
                line += f" {bcpu:>10} | {b['rss_mb']:10.0f} |"
            else:
                line += f" {'':>10} | {'':>10} |"
        print(line + (" " if ok else " OVER ") + note, flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    print(f"{len(results)} shapes, {over} over budget (CPU < {CPU_BUDGET} s, RSS < {RSS_BUDGET_MB:.0f} MB)")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
