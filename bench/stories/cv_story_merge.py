#!/usr/bin/env python3
"""Cross-validate the split-story merge (`StoryClusterer.checkMerge`) with folds by gold story.

The merge has three settings (a probability, a minimum story size, a share of the smaller
story's items). For each fold the setting is chosen on the other folds' stories alone (best
B-cubed F1 on dev, ties to the shipped setting; neardup.dev must not drop), then the binary runs
end to end on the held-out fold's items with that setting, with the shipped one and with the
merge off. Folds split gold stories of each set into five groups (GroupKFold on sorted ids).

Usage (package root, after a release build):  python3 bench/stories/cv_story_merge.py
"""
import itertools
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

BIN = ".build/release/feedwatch"
SHARED = os.environ.get("SHARED", "../shared")
SETS = ["dev", "neardup.dev"]
SHIPPED = "0.6,3,0.5"
GRID = [f"{p},{k},{s}" for p, k, s in itertools.product([0.6, 0.7, 0.8, 0.9], [3, 5, 8], [0.3, 0.5, 0.7])]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def b3(pred, gold):
    gc, pc = Counter(gold.values()), Counter(pred[i] for i in gold)
    joint = Counter((gold[i], pred[i]) for i in gold)
    P = sum(joint[(gold[i], pred[i])] / pc[pred[i]] for i in gold) / len(gold)
    R = sum(joint[(gold[i], pred[i])] / gc[gold[i]] for i in gold) / len(gold)
    return P, R, (2 * P * R / (P + R) if P + R else 0)


def run(data, merge):
    out = subprocess.run([BIN, "cluster", "--story-merge", merge, data], capture_output=True, text=True, check=True)
    return {o["id"]: o["story"] for o in map(json.loads, out.stdout.splitlines()) if o}


def folds(gold, n=5):
    """GroupKFold-like: stories by size, largest first, each to the fold with fewest items."""
    sizes = Counter(gold.values())
    load_ = [0] * n
    fold_of = {}
    for story, size in sorted(sizes.items(), key=lambda x: (-x[1], x[0])):
        k = min(range(n), key=lambda j: (load_[j], j))
        fold_of[story] = k
        load_[k] += size
    return fold_of


def fold_files(shared, work, sets=SETS):
    """Each set split into 5 folds by gold story: (set, fold, "train"|"test") -> (path, gold)."""
    base = os.path.join(shared, "conformance", "stories")
    files = {}
    for s in sets:
        items = load(os.path.join(base, s + ".jsonl"))
        gold = {r["id"]: r["story"] for r in load(os.path.join(base, s + ".labels.jsonl"))}
        fold_of = folds(gold)
        for k in range(5):
            for part in ("train", "test"):
                keep = [it for it in items if (fold_of[gold[it["id"]]] == k) == (part == "test")]
                path = os.path.join(work, f"{s}-{k}-{part}.jsonl")
                with open(path, "w", encoding="utf-8") as f:
                    for it in keep:
                        f.write(json.dumps(it) + "\n")
                files[(s, k, part)] = (path, {it["id"]: gold[it["id"]] for it in keep})
    return files


def main():
    work = tempfile.mkdtemp(prefix="fw-merge-cv-")
    files = fold_files(SHARED, work)  # (set, fold, part) -> (path, gold)
    print("fold | chosen on other folds | held-out dev P/R/F1: off, shipped, chosen | neardup.dev F1: off, shipped, chosen")
    sums = Counter()
    for k in range(5):
        def score(s, part, merge):
            path, gold = files[(s, k, part)]
            return b3(run(path, merge), gold)
        nd_off = score("neardup.dev", "train", "off")[2]
        best, best_f = SHIPPED, score("dev", "train", SHIPPED)[2]
        for m in GRID:
            f = score("dev", "train", m)[2]
            if f > best_f + 1e-9 and score("neardup.dev", "train", m)[2] >= nd_off - 1e-9:
                best, best_f = m, f
        res = {m: (score("dev", "test", m), score("neardup.dev", "test", m)) for m in ("off", SHIPPED, best)}
        cells = " ".join("%.3f/%.3f/%.3f" % res[m][0] for m in ("off", SHIPPED, best))
        nd = " ".join("%.3f" % res[m][1][2] for m in ("off", SHIPPED, best))
        print(f"  {k}  | {best:11s} | {cells} | {nd}")
        for m, tag in (("off", "off"), (SHIPPED, "shipped"), (best, "chosen")):
            sums["dev " + tag] += res[m][0][2] / 5
            sums["nd " + tag] += res[m][1][2] / 5
    print("mean held-out F1: " + ", ".join(f"{k} {v:.3f}" for k, v in sums.items()))


if __name__ == "__main__":
    sys.exit(main())
