#!/usr/bin/env python3
"""Fit the story match model (StoryMatchModel in Sources/StoryClustering) on the dev sets.

The clusterer scores each item against up to two dozen candidate stories found by shared
words; `feedwatch cluster --dump-features FILE` writes every scored pair with its features.
For each item the right choice is the candidate story that already holds most of the item's
gold story (or a new story when none does); a conditional logit over each item's candidates
plus "new story" (score 0) gives the weights, so the shipped rule is: join the candidate of
highest score if that score is above 0 (probability above 0.5).

Pairs depend on the policy that produced them (which stories exist depends on earlier
decisions), so the fit is iterated: round 0 dumps with the shipped model, each later round
with the model of the round before, and all rounds' pairs are pooled (as in DAgger).

Cross-validation splits by gold story (GroupKFold): a fold's pairs are those whose item or
candidate belongs to the fold's stories; the model fitted on the other folds is then run end
to end by the binary on the fold's items alone and scored with B-cubed.

Usage (from the package root, after a release build):
    python3 bench/stories/fit_match_model.py                    # rounds, CV report, fitted weights
    python3 bench/stories/fit_match_model.py --rounds 1 --out /tmp/m.json
    python3 bench/stories/fit_match_model.py --start shipped.json --fit-only NAME,NAME \
        --templates-weight 0.5        # new features alone, with a generated templated stream
    python3 bench/stories/fit_match_model.py --start shipped.json --fit-only headline_name_shared_bodies \
        --templates-weight 0.5 --named-weight 0.5   # and a generated stream of named events

Needs numpy and scikit-learn (tooling only; nothing of this runs in feedwatch).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

import numpy as np
from sklearn.model_selection import GroupKFold

SETS = ["dev", "neardup.dev"]
HALVES = "neardup.rewrites"
TEMPLATED = "templates"
NAMED = "named"
ALL = SETS + [HALVES]
DROPPED = []  # indices of features held at weight 0 (--drop)
NONNEGATIVE = []  # indices of features whose weight may not be negative (--nonnegative)
FROZEN = {}  # with --fit-only: "weights" and "bias" of the start model, "free" indices fitted


def split_rewrites(items, labels, out_items, out_labels):
    """Same event in other words, made from full wire stories: other newsrooms' write-ups.

    The dev sets have no story told twice in different words with full text (neardup's copies
    are caught before the story layer, and dev has headlines only), so nothing would teach
    the model what a newsroom's own write-up of a wire story looks like: the same names and
    figures in other sentences, under another outlet's headline, hours later. Each
    multi-paragraph original (and each hard negative, which shares a name or a template with
    another story) becomes two or three write-ups with no paragraph in common (paragraphs
    dealt out in turn, so the near-duplicate layer does not catch them), each later one
    dropping a sentence now and then and putting its paragraphs in another order, under a
    headline taken from another item of the same gold story when there is one, else its own
    first sentence or half the original headline; each restates the wire lead's names and
    figures with half its other words gone. They come 0.5 to 7 hours after one another (a
    newsroom's rewrite lands within the news cycle, not only within the hour). Training only; the
    derived file stays in the work directory.
    """
    import datetime
    import zlib
    titles = defaultdict(list)
    for it in items:
        titles[labels[it["id"]]["story"]].append(it["title"])
    rows = []
    gold = {}
    for it in items:
        lab = labels[it["id"]]
        if lab.get("kind") not in ("original", "neg_entity", "neg_template"):
            continue
        paras = [p.strip() for p in it["text"].split("\n\n") if p.strip()]
        if len(paras) < 3 or not it.get("published"):
            continue
        t = datetime.datetime.strptime(it["published"], "%Y-%m-%dT%H:%M:%SZ")
        h = zlib.crc32(it["id"].encode())
        k = 3 if len(paras) >= 6 and h % 3 else 2
        others = [x for x in titles[lab["story"]] if x.strip().lower() != it["title"].strip().lower()]
        lag = 0.0
        for j in range(k):
            part = paras[j::k]
            hj = zlib.crc32(f"{it['id']}/{j}".encode())
            row = dict(it, id=f"{it['id']}-w{j}", text="\n\n".join(part))
            if j:
                sentences = [[s for n, s in enumerate(p.split(". ")) if len(p.split(". ")) < 3 or (n + hj) % 4]
                             for p in part]
                body = [". ".join(s) for s in sentences if s]
                body = body[1:] + body[:1] if len(body) > 2 and hj % 2 else body
                # Every write-up restates the lead's facts in its own words: the names and
                # figures of the wire's first sentence stay, half of its other words go.
                lead = paras[0].split(". ")[0].split()
                kept = [w for n, w in enumerate(lead) if w[:1].isupper() or any(c.isdigit() for c in w) or n % 2]
                body = [" ".join(kept[1:] + kept[:1])] + body
                first = part[0].split(". ")[0].split()
                choice = hj % 3
                if choice == 0 and others:
                    headline = others[hj % len(others)]
                elif choice == 1:
                    headline = " ".join(first[:14])
                else:
                    headline = " ".join(it["title"].split()[0::2] + first[:6])
                lag += 0.5 + (hj % 1000) / 1000 * 6.5
                row.update(title=headline, text="\n\n".join(body), source=f"{it['source']} Desk {j}",
                           url=f"{it['url']}-desk{j}",
                           published=(t + datetime.timedelta(hours=lag)).strftime("%Y-%m-%dT%H:%M:%SZ"))
            rows.append(row)
            gold[row["id"]] = lab["story"]
    rows.sort(key=lambda r: (r["published"], r["id"]))
    with open(out_items, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    with open(out_labels, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({"id": r["id"], "story": gold[r["id"]]}) + "\n")


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_cluster(binary, data, model_path=None, dump=None):
    cmd = [binary, "cluster"]
    if model_path:
        cmd += ["--match-model", model_path]
    if dump:
        cmd += ["--dump-features", dump]
    cmd.append(data)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def label_pairs(pairs_path, predictions, gold):
    """Each dumped pair as (features, is-the-right-choice, item key, gold groups).

    The right choice for an item is the candidate story that already holds the most items of
    the item's gold story, among candidates where that gold story is the majority; when no
    candidate qualifies, the right choice is a new story. Joining a small fragment of the
    right event is a split all the same, so only the main story counts as right.
    """
    with open(pairs_path, encoding="utf-8") as f:
        header = json.loads(f.readline())
        rows = [json.loads(line) for line in f if line.strip()]
    by_item = defaultdict(list)
    for r in rows:
        by_item[r["item"]].append(r)
    members = defaultdict(Counter)  # predicted story -> gold labels of its items so far
    X, y, keys, groups, cgroups = [], [], [], [], []
    for p in predictions:
        item = p["id"]
        g = gold.get(item)
        cands = [r for r in by_item.get(item, ()) if members.get(r["story"])]
        if g is not None and cands:
            best, best_n = None, 0
            for r in cands:
                majority, _ = members[r["story"]].most_common(1)[0]
                n = members[r["story"]][g]
                if majority == g and n > best_n:
                    best, best_n = r["story"], n
            for r in cands:
                X.append(r["x"])
                y.append(1 if r["story"] == best else 0)
                keys.append(item)
                groups.append(g)
                cgroups.append(members[r["story"]].most_common(1)[0][0])
        if g is not None:
            members[p["story"]][g] += 1
    return header["features"], np.array(X, float), np.array(y, int), keys, groups, cgroups


def choice_loss(theta, X, y, w, starts, l2, offset=0.0):
    """Negative log-likelihood of the right choices (a candidate, or a new story at score 0)."""
    z = X @ theta[:-1] + theta[-1] + offset
    m = np.maximum(np.maximum.reduceat(z, starts), 0.0)
    rows_m = np.repeat(m, np.diff(np.append(starts, len(z))))
    e = np.exp(z - rows_m)
    total = np.add.reduceat(e, starts) + np.exp(-m)
    lse = m + np.log(total)
    chosen = np.add.reduceat(z * y, starts)  # 0 for "new story"
    loss = float(np.dot(w, lse - chosen)) + 0.5 * l2 * float(np.dot(theta[:-1], theta[:-1]))
    prob = e / np.repeat(total, np.diff(np.append(starts, len(z))))
    wr = np.repeat(w, np.diff(np.append(starts, len(z))))
    coef = wr * (prob - y)
    grad = np.append(X.T @ coef + l2 * theta[:-1], coef.sum())
    return loss, grad


def fit(X, y, keys, w, C):
    """Conditional logit over each item's candidates plus a new story (score 0).

    Returns raw-feature weights and bias: the item joins the candidate of highest score when
    that score is above 0, i.e. when its logistic probability is above 0.5.
    """
    if FROZEN:
        return fit_free(X, y, keys, w, C)
    from scipy.optimize import minimize
    X = X.copy()
    X[:, DROPPED] = 0  # a zero column keeps weight 0 under the L2 penalty
    starts = np.flatnonzero(np.r_[True, np.array(keys[1:]) != np.array(keys[:-1])])
    mean = np.average(X, axis=0, weights=np.repeat(w, np.diff(np.append(starts, len(X)))))
    scale = X.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    Z = (X - mean) / scale
    theta0 = np.zeros(X.shape[1] + 1)
    # Evidence that can only speak for a match (a similarity, a name or rare word in common)
    # may be held to a weight of at least 0 (scaling keeps the sign).
    bounds = [(0.0, None) if j in NONNEGATIVE else (None, None) for j in range(X.shape[1])] + [(None, None)]
    res = minimize(choice_loss, theta0, args=(Z, y, w, starts, 1.0 / C), jac=True, method="L-BFGS-B",
                   bounds=bounds, options={"maxiter": 2000})
    coef, intercept = res.x[:-1], res.x[-1]
    weights = coef / scale
    bias = intercept - float(np.dot(coef, mean / scale))
    return weights, bias


def fit_free(X, y, keys, w, C):
    """`fit` of the `--fit-only` features alone: every other weight and the bias stay those of
    the start model, so a new feature is weighed against the evidence as the shipped model
    weighs it (a full refit moves every weight, and its DAgger rounds are noisy on dev)."""
    from scipy.optimize import minimize
    start_w = np.array(FROZEN["weights"] + [0.0] * (X.shape[1] - len(FROZEN["weights"])), float)
    free = FROZEN["free"]
    fixed = [j for j in range(X.shape[1]) if j not in free]
    offset = X[:, fixed] @ start_w[fixed] + FROZEN["bias"]
    starts = np.flatnonzero(np.r_[True, np.array(keys[1:]) != np.array(keys[:-1])])
    F = X[:, free]
    scale = F.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    Z = F / scale  # not centred: the bias is fixed, so a feature at 0 must add nothing

    def loss(theta):
        full = np.append(theta, 0.0)
        l, g = choice_loss(full, Z, y, w, starts, 1.0 / C, offset)
        return l, g[:-1]
    res = minimize(loss, np.zeros(len(free)), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    weights = start_w.copy()
    weights[free] = res.x / scale
    return weights, FROZEN["bias"]


def write_model(path, weights, bias, threshold):
    with open(path, "w") as f:
        json.dump({"weights": [float(v) for v in weights], "bias": float(bias), "threshold": threshold}, f)


def b3(pred, gold):
    """B-cubed precision, recall, F1 of {id: label} against {id: label} (missing = singleton)."""
    ids = list(gold)
    pc = defaultdict(set)
    gc = defaultdict(set)
    for i in ids:
        pc[pred.get(i, "~" + i)].add(i)
        gc[gold[i]].add(i)
    P = R = 0.0
    for i in ids:
        a = pc[pred.get(i, "~" + i)]
        b = gc[gold[i]]
        inter = len(a & b)
        P += inter / len(a)
        R += inter / len(b)
    P /= len(ids)
    R /= len(ids)
    return P, R, (2 * P * R / (P + R) if P + R else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/feedwatch")
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--start", help="model JSON for round 0 (default: the shipped one)")
    ap.add_argument("--rewrites-weight", type=float, default=0.5,
                    help="weight of the derived same-event-in-other-words stream relative to a dev set")
    ap.add_argument("--templates-weight", type=float, default=0.0,
                    help="weight of a generated templated stream (template_stream.py, training seed "
                         "--templates-seed) relative to a dev set; 0 leaves it out")
    ap.add_argument("--templates-seed", type=int, default=61,
                    help="seed of the training templated stream (evaluate on another seed)")
    ap.add_argument("--named-weight", type=float, default=0.0,
                    help="weight of a generated stream of named events told from different angles "
                         "(named_event_stream.py, training seed --named-seed) relative to a dev set; 0 leaves it out")
    ap.add_argument("--named-seed", type=int, default=61,
                    help="seed of the training named-event stream (evaluate on another seed)")
    ap.add_argument("--out", default="bench/stories/match_model.json")
    ap.add_argument("--drop", default="",
                    help="comma-separated features to hold at weight 0 (for ablations)")
    ap.add_argument("--nonnegative", default="",
                    help="comma-separated features whose weight may not be negative")
    ap.add_argument("--fit-only", default="",
                    help="comma-separated features to fit; the other weights and the bias stay the "
                         "--start model's (needed with this option)")
    ap.add_argument("--baseline-bin", help="another feedwatch (say the one before) to score on the same folds")
    ap.add_argument("--work", default=tempfile.mkdtemp(prefix="fw-fit-"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)

    base = os.path.join(args.shared, "conformance", "stories")
    data = {s: os.path.join(base, s + ".jsonl") for s in SETS}
    label_files = {s: os.path.join(base, s + ".labels.jsonl") for s in SETS}
    nd = "neardup.dev"
    data[HALVES] = os.path.join(args.work, HALVES + ".jsonl")
    label_files[HALVES] = os.path.join(args.work, HALVES + ".labels.jsonl")
    split_rewrites(load_jsonl(data[nd]), {r["id"]: r for r in load_jsonl(label_files[nd])},
                 data[HALVES], label_files[HALVES])
    def generated(name, script, seed):
        """Writes a generated stream into the work directory and adds it to the fit."""
        out = os.path.join(args.work, name)
        subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), script),
                        "--seed", str(seed), "--out", out], check=True)
        data[name] = os.path.join(out, "items.jsonl")
        label_files[name] = os.path.join(out, "labels.jsonl")
        ALL.append(name)

    if args.templates_weight > 0:
        # Reports of one headline template about different places and companies: the dev sets
        # have few, so nothing else teaches that the headline's name tells such events apart.
        generated(TEMPLATED, "template_stream.py", args.templates_seed)
    if args.named_weight > 0:
        # A named event's local reports share the name in their headlines and little else;
        # other events that night mention it in their text only.
        generated(NAMED, "named_event_stream.py", args.named_seed)
    gold = {s: {r["id"]: r["story"] for r in load_jsonl(label_files[s])} for s in ALL}
    items = {s: load_jsonl(data[s]) for s in ALL}

    pooled = []  # (set, X, y, item keys, groups)
    model_path = args.start
    names = None
    for rnd in range(args.rounds):
        for s in ALL:
            dump = os.path.join(args.work, f"pairs-{s}-{rnd}.jsonl")
            pred = run_cluster(args.bin, data[s], model_path, dump)
            P, R, F = b3({p["id"]: p["story"] for p in pred}, gold[s])
            print(f"round {rnd} {s:12s} policy B3 P {P:.3f} R {R:.3f} F1 {F:.3f}", file=sys.stderr)
            names, X, y, keys, g, _ = label_pairs(dump, pred, gold[s])
            DROPPED[:] = [names.index(n) for n in args.drop.split(",") if n in names]
            NONNEGATIVE[:] = [names.index(n) for n in args.nonnegative.split(",") if n in names]
            if args.fit_only and not FROZEN:
                with open(args.start, encoding="utf-8") as f:
                    start = json.load(f)
                FROZEN.update(weights=list(start["weights"]), bias=float(start["bias"]),
                              free=[names.index(n) for n in args.fit_only.split(",") if n in names])
            pooled.append((s, X, y, [f"{s}:{rnd}:{k}" for k in keys], [s + ":" + v for v in g]))
        X, y, keys, w, groups = stack(pooled, args.rewrites_weight, args.templates_weight, args.named_weight)
        weights, bias = fit(X, y, keys, w, args.C)
        model_path = os.path.join(args.work, f"model-{rnd}.json")
        write_model(model_path, weights, bias, args.threshold)

    X, y, keys, w, groups = stack(pooled, args.rewrites_weight, args.templates_weight, args.named_weight)
    print(f"\n{len(y)} pairs, {len(w)} decisions ({int(y.sum())} joins) from {args.rounds} round(s)\n",
          file=sys.stderr)

    # Cross-validation, folds by gold story.
    stories = sorted(set(groups))
    fold_of = {}
    story_idx = np.arange(len(stories))
    for k, (_, test) in enumerate(GroupKFold(n_splits=args.folds).split(story_idx, groups=story_idx)):
        for t in test:
            fold_of[stories[t]] = k
    row_fold = np.array([fold_of[g] for g in groups])
    keys = np.array(keys)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    item_fold = row_fold[starts]
    cols = [f"{s}{' (baseline)' if b else ''}" for s in ALL for b in ([0, 1] if args.baseline_bin else [0])]
    print("fold  decisions  choice-acc | B3 P/R/F1 on the fold's stories: " + ", ".join(cols))
    rows = []
    for k in range(args.folds):
        train = row_fold != k
        wts, b = fit(X[train], y[train], list(keys[train]), w[item_fold != k], args.C)
        test_rows = np.flatnonzero(row_fold == k)
        z = X[test_rows] @ wts + b
        correct = total = 0
        for key_rows in np.split(np.arange(len(test_rows)), np.flatnonzero(keys[test_rows][1:] != keys[test_rows][:-1]) + 1):
            zz = z[key_rows]
            pick = key_rows[np.argmax(zz)] if zz.max() > 0 else None
            right = [r for r in key_rows if y[test_rows[r]] == 1]
            correct += (pick is None and not right) or (pick is not None and y[test_rows[pick]] == 1)
            total += 1
        fold_model = os.path.join(args.work, f"fold-{k}.json")
        write_model(fold_model, wts, b, args.threshold)
        e2e = []
        for s in ALL:
            keep = {i for i, st in gold[s].items() if fold_of.get(s + ":" + st) == k}
            sub = os.path.join(args.work, f"fold-{k}-{s}.jsonl")
            with open(sub, "w", encoding="utf-8") as f:
                for it in items[s]:
                    if it["id"] in keep:
                        f.write(json.dumps(it) + "\n")
            pred = run_cluster(args.bin, sub, fold_model)
            e2e.append(b3({p["id"]: p["story"] for p in pred}, {i: gold[s][i] for i in keep}))
            if args.baseline_bin:
                pred = run_cluster(args.baseline_bin, sub)
                e2e.append(b3({p["id"]: p["story"] for p in pred}, {i: gold[s][i] for i in keep}))
        rows.append((k, total, correct / max(total, 1), e2e))
        print(f"{k:4d} {total:10d}  {correct / max(total, 1):.3f}      | "
              + "  ".join(f"{P:.3f}/{R:.3f}/{F:.3f}" for P, R, F in e2e), flush=True)
    mean = [np.mean([r[3][i][2] for r in rows]) for i in range(len(cols))]
    print("mean B3-F1 on held-out stories: " + ", ".join(f"{s} {m:.3f}" for s, m in zip(cols, mean)))

    weights, bias = fit(X, y, list(keys), w, args.C)
    write_model(args.out, weights, bias, args.threshold)
    print(f"\nwrote {args.out}; for StoryMatchModel.fitted:")
    print("        weights: [" + ", ".join(f"{v:.4f}" for v in weights) + "],")
    print(f"        bias: {bias:.4f}, threshold: {args.threshold}")
    for n, v in zip(names, weights):
        print(f"  {n:22s} {v:+.3f}", file=sys.stderr)


def stack(pooled, rewrites_weight=0.5, templates_weight=0.0, named_weight=0.0):
    """Pairs of all rounds, and one weight per decision: each dev set weighs the same in total,
    the derived stream `rewrites_weight` of that, the generated templated one `templates_weight`,
    the generated named-event one `named_weight`."""
    X = np.vstack([p[1] for p in pooled])
    y = np.concatenate([p[2] for p in pooled])
    keys = [k for p in pooled for k in p[3]]
    groups = [g for p in pooled for g in p[4]]
    decisions = Counter()
    for s, _, _, k, _ in pooled:
        decisions[s] += len(set(k))
    total = sum(decisions.values())
    w = []
    for s, _, _, k, _ in pooled:
        share = (rewrites_weight if s == HALVES else templates_weight if s == TEMPLATED
                 else named_weight if s == NAMED else 1.0)
        w += [share * total / (len(decisions) * decisions[s])] * len(set(k))
    return X, y, keys, np.array(w), groups


if __name__ == "__main__":
    main()
