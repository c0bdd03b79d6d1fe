#!/usr/bin/env python3
"""Single-threaded extraction speed of `feedwatch extract` next to trafilatura and
readability-lxml, on the same pages, in one run.

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install trafilatura readability-lxml html-text
    swift build -c release --product feedwatch
    /tmp/peers/bin/python bench/extraction/bench.py --feedwatch .build/release/feedwatch \
        [--corpus ../shared/conformance/extraction/readability] [--rounds 3]

feedwatch runs as ONE process over all pages (`feedwatch extract FILE...`, one JSON line per
page); its CPU time (user + system, from the child's rusage) therefore includes process start,
file reading and JSON output. The peers run in this process, timed per page with
process_time() around parse + extract + metadata, as the conformance runner does. Rounds
alternate between the extractors and the best round of each is reported, which damps the noise
of a shared machine. Output: one line per extractor, then a ratio line.
"""
import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = (HERE / "../../../shared/conformance/extraction/readability").resolve()


def load_pages(corpus):
    pages = []
    for d in sorted(p for p in Path(corpus).iterdir() if p.is_dir()):
        src = d / "source.html"
        if not src.exists():
            continue
        url = (d / "url.txt").read_text("utf-8").strip() if (d / "url.txt").exists() else None
        pages.append((src, url, src.read_bytes()))
    return pages


def run_feedwatch(binary, pages):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([binary, "extract", *[str(p[0]) for p in pages]], stdout=subprocess.PIPE, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = out.stdout.decode("utf-8").count("\n")
    if lines != len(pages):
        sys.exit(f"feedwatch printed {lines} results for {len(pages)} pages")
    return cpu, wall


def make_peers():
    peers = {}
    try:
        import trafilatura

        def run_trafilatura(html, url):
            trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
        peers["trafilatura"] = run_trafilatura
    except ImportError:
        print("trafilatura not installed: skipped", file=sys.stderr)
    try:
        import html_text
        from readability import Document

        def run_readability(html, url):
            doc = Document(html, url=url)
            html_text.extract_text(doc.summary(html_partial=True))
            doc.short_title()
        peers["readability-lxml"] = run_readability
    except ImportError:
        print("readability-lxml / html-text not installed: skipped", file=sys.stderr)
    return peers


def run_peer(fn, pages):
    cpu = wall = 0.0
    for _, url, raw in pages:
        html = raw.decode("utf-8", errors="replace")
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            fn(html, url)
        except Exception:
            pass
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
    return cpu, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feedwatch", default=".build/release/feedwatch")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    pages = load_pages(a.corpus)
    size = sum(len(p[2]) for p in pages)
    print(f"corpus {a.corpus}: {len(pages)} pages, {size / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f}")
    peers = make_peers()
    best = {}
    for _ in range(a.rounds):
        results = {"feedwatch": run_feedwatch(a.feedwatch, pages)}
        for name, fn in peers.items():
            results[name] = run_peer(fn, pages)
        for name, (cpu, wall) in results.items():
            if name not in best or cpu < best[name][0]:
                best[name] = (cpu, wall)
    for name, (cpu, wall) in best.items():
        print(f"{name:17s} {len(pages) / cpu:8.1f} pages per CPU-second  ({cpu:.2f} CPU-s, {wall:.2f} s wall, best of {a.rounds})")
    fw = len(pages) / best["feedwatch"][0]
    ratios = [f"{fw / (len(pages) / best[n][0]):.1f}x {n}" for n in peers]
    if ratios:
        print("feedwatch speed: " + ", ".join(ratios))


if __name__ == "__main__":
    main()
