#!/usr/bin/env python3
"""Feed-parsing throughput of feedwatch beside its peers, measured in ONE run.

Each round runs, over every file of the corpus (read into memory first by each tool):
  feedwatch       .build/release/FeedBenchmark CORPUS 3   (in-process Feed.parse of every file; median of 3 passes)
  xmllint-stream  xmllint --stream --noout --nonet FILES... (libxml2's reader alone: the floor)
  feedparser-rs   feedparser_rs.parse(bytes) in this Python process (pip feedparser-rs)
Rounds are interleaved so load drift hits every tool alike; medians of CPU time (user+sys) are
reported with MB/s and the ratios the project tracks. Then the peak RSS of parsing the largest file.

usage: python3 bench/feeds/compare.py [--corpus DIR] [--runs N] [--bin .build/release/FeedBenchmark]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def self_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "bench", "feeds", "corpus"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "FeedBenchmark"))
    args = ap.parse_args()
    files = sorted(os.path.join(args.corpus, f) for f in os.listdir(args.corpus))
    files = [f for f in files if os.path.isfile(f)]
    blobs = [open(f, "rb").read() for f in files]
    mb = sum(len(b) for b in blobs) / 1e6

    def feedwatch():
        out = subprocess.run([args.bin, args.corpus, "3"], capture_output=True, check=True).stdout
        return json.loads(out)["cpu_s"]  # median of 3 in-process passes: parse time only, as a daemon sees it

    def xmllint():
        c0 = child_cpu()
        subprocess.run(["xmllint", "--stream", "--noout", "--nonet"] + files,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return child_cpu() - c0

    peers = [("feedwatch", feedwatch), ("xmllint-stream", xmllint)]
    try:
        import feedparser_rs

        def rs():
            c0 = self_cpu()
            for b in blobs:
                try:
                    feedparser_rs.parse(b)
                except Exception:
                    pass
            return self_cpu() - c0
        peers.append(("feedparser-rs", rs))
    except ImportError:
        print("feedparser_rs not importable (pip install feedparser-rs): skipped", file=sys.stderr)

    samples = {name: [] for name, _ in peers}
    for _ in range(args.runs):
        for name, fn in peers:
            samples[name].append(fn())
    cpu = {name: statistics.median(v) for name, v in samples.items()}
    print("corpus: %d files, %.1f MB; %d interleaved runs; load average %.1f" %
          (len(files), mb, args.runs, os.getloadavg()[0]))
    print()
    print("| tool | median CPU s | MB/s (CPU) | feedwatch speed relative to it |")
    print("|---|---:|---:|---:|")
    for name, _ in peers:
        ratio = cpu[name] / cpu["feedwatch"]
        print("| %s | %.3f | %.1f | %s |" % (name, cpu[name], mb / cpu[name],
                                            "—" if name == "feedwatch" else "%.2fx" % ratio))
    largest = max(files, key=os.path.getsize)
    one = json.loads(subprocess.run([args.bin, "--one", largest], capture_output=True, check=True).stdout)
    print()
    print("peak RSS parsing the largest file alone (%s, %.1f MB): %.1f MB (process before parsing: %.1f MB)" %
          (os.path.basename(largest), os.path.getsize(largest) / 1e6, one["peak_rss_mb"], one["rss_before_mb"]))


if __name__ == "__main__":
    main()
