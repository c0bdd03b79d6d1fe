#!/usr/bin/env python3
"""Runs `feedwatch extract` on every hostile page and `feedwatch parse` on every hostile feed
made by gen_shapes.py, one process at a time, and reports each one's CPU time (user + sys)
and peak RSS against the budgets (2 s of CPU, 300 MB), and whether a page's embedded article
still came out.

    python3 bench/hostile/run.py --feedwatch .build/release/feedwatch --shapes .build-hostile/shapes \
        [--json results.json] [--before old-results.json] [--only SUBSTRING ...] [--cpu-limit 60]

Exits 1 when any shape is over budget.

With --daemon it measures the daemon instead: a loopback HTTP server serves a feed whose
items link to the N heaviest page shapes (by peak RSS in --json-results, or a fixed list),
`feedwatch once --all` runs on a temporary config (max_concurrent_fetches = N, full_text,
private networks allowed, state in a temporary directory), and its peak RSS is reported
against the unit's MemoryMax (1 GiB); exits 1 above it.

    python3 bench/hostile/run.py --daemon [--pages 16] [--json-results .build-hostile/results.json]
"""
import argparse
import http.server
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time

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


MEMORY_MAX_MB = 1024.0
# Heavy page shapes, used when no results file says which are heaviest.
DEFAULT_DAEMON_PAGES = [
    "jsonld-many.html", "base-flood.html", "meta-flood.html", "style-attrs.html", "br-runs.html", "deep-div-with-text.html",
    "class-soup.html", "divs-flat.html", "nested-a-unclosed.html", "huge-text.html", "huge-text-nospace.html",
    "huge-text-commas.html", "many-headings.html", "link-paragraphs.html", "link-flood.html", "small-paragraphs.html",
]


def daemon_pages(shapes, results_path, count):
    """The `count` page shapes with the highest peak RSS in an earlier run (or the default list)."""
    manifest = {m["file"]: m for m in json.load(open(os.path.join(shapes, "manifest.json")))}
    names = []
    if results_path and os.path.exists(results_path):
        rows = [r for r in json.load(open(results_path)) if r["kind"] == "page" and r["file"] in manifest]
        names = [r["file"] for r in sorted(rows, key=lambda r: -r["rss_mb"])]
    names = names or [n for n in DEFAULT_DAEMON_PAGES if n in manifest]
    if not names:
        sys.exit("no page shapes found: run gen_shapes.py first")
    return [names[i % len(names)] for i in range(count)]


def serve(shapes, pages):
    """A loopback server: /feed.xml lists one item per page, /p/<i>/<name> serves the page."""
    now = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime())

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status, body, ctype):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            host = self.headers.get("Host", "127.0.0.1")
            if self.path == "/feed.xml":
                items = "".join(
                    f"<item><title>Hostile page {i}: {name}</title><link>http://{host}/p/{i}/{name}</link>"
                    f"<guid>hostile-{i}</guid><pubDate>{now}</pubDate><description>short</description></item>"
                    for i, name in enumerate(pages))
                body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Hostile pages</title>'
                        f"<link>http://{host}/</link>{items}</channel></rss>").encode()
                return self.send(200, body, "application/rss+xml")
            m = re.fullmatch(r"/p/(\d+)/([\w.-]+)", self.path)
            if m and m.group(2) in pages:
                with open(os.path.join(shapes, m.group(2)), "rb") as f:
                    return self.send(200, f.read(), "text/html; charset=utf-8")
            self.send(404, b"not found", "text/plain")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_daemon(args):
    pages = daemon_pages(args.shapes, args.json_results, args.pages)
    total_mb = sum(os.path.getsize(os.path.join(args.shapes, p)) for p in pages) / 1e6
    server = serve(args.shapes, pages)
    port = server.server_address[1]
    work = tempfile.mkdtemp(prefix="feedwatch-hostile-daemon-")
    try:
        config = os.path.join(work, "feedwatch.toml")
        with open(config, "w") as f:
            f.write(f"""state_dir = "{work}/state"
digest_dir = "{work}/digests"
max_concurrent_fetches = {args.pages}
per_host_concurrency = {min(args.pages, 64)}
per_host_spacing = "0s"
full_text = true
allow_private_networks = true
log_level = "warning"

[[feed]]
url = "http://127.0.0.1:{port}/feed.xml"
name = "Hostile pages"
""")
        cmd = ["/usr/bin/time", "-v", args.feedwatch, "once", "--all", "--config", config]
        print(f"daemon: {args.pages} pages ({total_mb:.0f} MB in all, {len(set(pages))} shapes) served from 127.0.0.1:{port}")
        started = time.time()
        env = dict(os.environ, **dict(kv.split("=", 1) for kv in args.env))
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        wall = time.time() - started
        def field(name):
            m = re.search(rf"{re.escape(name)}: (.+)", proc.stderr)
            return m.group(1).strip() if m else "?"
        rss_mb = int(field("Maximum resident set size (kbytes)")) / 1024 if field("Maximum resident set size (kbytes)").isdigit() else -1
        cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
        own = proc.stderr.split("\tCommand being timed")[0]
        lines = [line for line in (proc.stdout + "\n" + own).splitlines() if line.strip()]
        summary = [line for line in lines if "polled" in line][-1:] or lines[-1:] or ["(no summary)"]
        print(f"pages: {', '.join(sorted(set(pages)))}")
        print(f"once: exit {proc.returncode}, wall {wall:.1f} s, CPU {cpu:.1f} s; {summary[0]}")
        ok = 0 < rss_mb < MEMORY_MAX_MB
        print(f"daemon peak RSS {rss_mb:.0f} MB with {args.pages} pages in flight "
              f"({'under' if ok else 'OVER'} the unit's MemoryMax of {MEMORY_MAX_MB:.0f} MB)")
        if proc.returncode not in (0, 1) or rss_mb < 0:
            print(proc.stderr[-2000:])
        sys.exit(0 if ok else 1)
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feedwatch", default=".build/release/feedwatch")
    parser.add_argument("--shapes", default=".build-hostile/shapes")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--before", help="results of an earlier run, shown beside these")
    parser.add_argument("--only", nargs="*", help="only shapes whose file name contains one of these")
    parser.add_argument("--cpu-limit", type=int, default=60, help="CPU seconds before a run is killed")
    parser.add_argument("--daemon", action="store_true", help="measure `feedwatch once` with many pages in flight")
    parser.add_argument("--env", nargs="*", default=[], help="for --daemon: NAME=VALUE set for feedwatch (e.g. malloc tuning)")
    parser.add_argument("--pages", type=int, default=16, help="pages in flight for --daemon (max_concurrent_fetches)")
    parser.add_argument("--json-results", default=".build-hostile/results.json",
                        help="for --daemon: an earlier run's --json output, to pick the heaviest pages")
    args = parser.parse_args()
    if args.daemon:
        return run_daemon(args)

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
