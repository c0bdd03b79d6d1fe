#!/usr/bin/env python3
"""Runs `feedwatch cluster` on a large stream and reports time, items/s and memory over time.

  python3 bench_stream.py --cmd ".build/release/feedwatch cluster" --data stream.jsonl [--every 5]

Samples the process's resident memory (VmRSS, from /proc) every few seconds together with how
many output lines it has written so far, so one can see memory level off once the clusterer's
windows are full. Linux only; stdlib only.
"""
import argparse, os, shlex, subprocess, sys, tempfile, time


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--every", type=float, default=5.0)
    a = ap.parse_args()
    total = sum(1 for _ in open(a.data, "rb"))
    out = tempfile.NamedTemporaryFile(prefix="fw-bench-", suffix=".jsonl", delete=False)
    t0 = time.perf_counter()
    p = subprocess.Popen(shlex.split(a.cmd) + [a.data], stdout=out, stderr=subprocess.PIPE)
    samples = []
    peak = 0
    last = t0
    while p.poll() is None:
        time.sleep(0.05)
        now = time.perf_counter()
        r = rss_kib(p.pid)
        if r is not None:
            peak = max(peak, r)
        if r is not None and now - last >= a.every:
            last = now
            samples.append((now - t0, os.path.getsize(out.name), r))
    wall = time.perf_counter() - t0
    _, err = p.communicate()
    out.close()
    lines = sum(1 for _ in open(out.name, "rb"))
    bytes_per_line = os.path.getsize(out.name) / max(lines, 1)
    os.unlink(out.name)
    if p.returncode != 0:
        sys.stderr.write(err.decode("utf-8", "replace")[-1000:])
        sys.exit("command failed with %d" % p.returncode)
    print("items %d  output lines %d  wall %.1f s  items/s %.0f  peak RSS %.0f MiB (sampled every 50 ms)"
          % (total, lines, wall, total / wall, peak / 1024))
    print("  elapsed   items done   RSS MiB")
    step = max(1, len(samples) // 20)
    for t, done, r in samples[::step]:
        print("  %6.0f s  %10d  %8.0f" % (t, done / bytes_per_line, r / 1024))


if __name__ == "__main__":
    main()
