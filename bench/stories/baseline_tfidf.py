#!/usr/bin/env python3
"""Reference point for `feedwatch cluster`: a plain TF-IDF online-centroid clusterer in pure Python.

  python3 baseline_tfidf.py INPUT.jsonl [--threshold 0.3] > predictions.jsonl

Each item (title + text, lower-cased words minus a few stopwords) becomes a TF-IDF vector (IDF
fitted on the whole file, as the conformance README describes the baseline); it joins the open
cluster with the highest cosine to the cluster centroid if that cosine passes the threshold,
else it opens a new cluster. Clusters older than three days are closed. Written for the speed
comparison in bench/stories/run_bench.sh, not for quality.
"""
import json, math, re, sys, collections

STOP = set("a an the of to in on for and or but is are was were be been at by with from as that this it its "
           "he she they we you i his her their our after over into up out about said says new".split())
WORD = re.compile(r"[a-z0-9]+")


def tokens(text):
    return [w for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 1]


def ts(s):
    if not s:
        return None
    import datetime
    return datetime.datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp()


def main():
    args = sys.argv[1:]
    threshold = 0.3
    if '--threshold' in args:
        i = args.index('--threshold'); threshold = float(args[i + 1]); del args[i:i + 2]
    items = [json.loads(l) for l in open(args[0], encoding='utf-8') if l.strip()]
    docs = [tokens((it.get('title') or '') + ' ' + (it.get('text') or '')) for it in items]
    df = collections.Counter()
    for d in docs:
        df.update(set(d))
    n = len(docs)
    idf = {t: math.log((n + 1) / (c + 1)) + 1 for t, c in df.items()}
    clusters = []  # [centroid dict, norm, last time, label]
    out = sys.stdout
    last = 0.0
    for it, d in zip(items, docs):
        t = ts(it.get('published')) or last
        last = t
        tf = collections.Counter(d)
        vec = {w: c * idf[w] for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        best, best_sim = None, threshold
        clusters = [c for c in clusters if t - c[2] <= 3 * 86400]
        for c in clusters:
            cen = c[0]
            dot = sum(v * cen.get(w, 0.0) for w, v in vec.items())
            sim = dot / (norm * c[1]) if c[1] else 0.0
            if sim >= best_sim:
                best, best_sim = c, sim
        if best is None:
            best = [collections.defaultdict(float), 0.0, t, it['id']]
            clusters.append(best)
        for w, v in vec.items():
            best[0][w] += v / norm
        best[1] = math.sqrt(sum(v * v for v in best[0].values()))
        best[2] = t
        out.write(json.dumps({'id': it['id'], 'story': best[3]}) + '\n')


if __name__ == '__main__':
    main()
