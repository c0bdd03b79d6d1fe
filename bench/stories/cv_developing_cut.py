#!/usr/bin/env python3
"""Cross-validate the headline-only developing cut (`ClusteringConfiguration.developingAfterHours`).

A headline-only story older than the cut (hours since its first report) no longer absorbs
items: what would join it opens a "developing" story linked to it. Folds split gold stories as
in `cv_story_merge.py`; for each fold the cut is chosen on the other folds' stories alone (best
B-cubed F1 on dev, ties to the smaller cut, neardup.dev must not drop), then the binary runs end
to end on the held-out fold with that cut and with the shipped one. `--baseline-bin` adds
another binary (say the one before a change) at its own defaults on the same folds.

Usage (package root, after a release build):
    python3 bench/stories/cv_developing_cut.py [--baseline-bin /tmp/feedwatch-before]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

from cv_story_merge import b3, fold_files

SETS = ["dev", "neardup.dev"]
SHIPPED = 36.0
GRID = [24.0, 30.0, 36.0, 42.0, 48.0, 60.0, 72.0]


def run(binary, data, cut=None):
    cmd = [binary, "cluster"] + (["--developing-after", str(cut)] if cut is not None else []) + [data]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return {o["id"]: o["story"] for o in map(json.loads, out.stdout.splitlines()) if o}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/feedwatch")
    ap.add_argument("--baseline-bin")
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="fw-cut-cv-")
    files = fold_files(args.shared, work, SETS)
    cols = ["shipped %g" % SHIPPED, "chosen"] + (["baseline"] if args.baseline_bin else [])
    print("fold | chosen on other folds | held-out dev P/R/F1: " + ", ".join(cols)
          + " | neardup.dev F1: " + ", ".join(cols))
    sums = Counter()
    for k in range(5):
        def score(s, part, cut, binary=args.bin):
            path, gold = files[(s, k, part)]
            return b3(run(binary, path, cut), gold)
        nd_shipped = score("neardup.dev", "train", SHIPPED)[2]
        best, best_f = None, -1.0
        for cut in GRID:
            f = score("dev", "train", cut)[2]
            if f > best_f + 1e-9 and score("neardup.dev", "train", cut)[2] >= nd_shipped - 1e-9:
                best, best_f = cut, f
        res = [(score("dev", "test", c), score("neardup.dev", "test", c)) for c in (SHIPPED, best)]
        if args.baseline_bin:
            res.append((score("dev", "test", None, args.baseline_bin), score("neardup.dev", "test", None, args.baseline_bin)))
        print(f"  {k}  | {best:5g}h | " + " ".join("%.3f/%.3f/%.3f" % r[0] for r in res)
              + " | " + " ".join("%.3f" % r[1][2] for r in res), flush=True)
        for tag, r in zip(cols, res):
            sums["dev " + tag] += r[0][2] / 5
            sums["nd " + tag] += r[1][2] / 5
    print("mean held-out F1: " + ", ".join(f"{k} {v:.3f}" for k, v in sums.items()))


if __name__ == "__main__":
    sys.exit(main())
