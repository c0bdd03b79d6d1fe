#!/usr/bin/env python3
"""Builds Sources/TextAnalysis/Resources/word_clusters.txt: English Brown word classes for the
entity tagger's features (EntityFeatures, WordClusters.swift).

Re-run (deterministic: the same wheel gives the same file, byte for byte):
    pip download --no-deps spacy-lookups-data==1.0.5 -d /tmp/pipdl
    python3 bench/analysis/build_word_clusters.py /tmp/pipdl/spacy_lookups_data-1.0.5-py2.py3-none-any.whl

Source: the PyPI package spacy-lookups-data 1.0.5 (licence MIT, Copyright (c) 2019 ExplosionAI
GmbH), file spacy_lookups_data/data/en_lexeme_cluster.json.gz (word -> Brown cluster; 0 for
none). Only the wheel's data is read; nothing else is downloaded. (The wheel's word
log-probabilities, en_lexeme_prob.json.gz, were tried as a rarity feature too and did not help
under cross-validation, so they are not shipped.)

The cluster number is the word's path in the Brown cluster tree stored reversed, low bit first:
the low k bits are the path's first k steps (checked: the classes that share low bits are
coherent - prepositions, determiners, place names - while those that share high bits are not).
So `value & ((1 << k) - 1)` is the word's class at depth k.

Output: one line per word, `word<TAB>cluster`, sorted by UTF-8 bytes, after a `#` header
(header lines hold no tab). Only words that have a cluster (about 190,000) are candidates,
and a word is left out when the tagger's fallback lookup finds the same cluster anyway: a word
that is not lower case is looked up as written, then in lower case, then capitalised ("NASA",
"nasa", "Nasa"); so "EDIT", whose lower-case "edit" has the same cluster, is not stored.
"""
import gzip
import io
import json
import os
import sys
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'Sources', 'TextAnalysis', 'Resources',
                   'word_clusters.txt')


def load(wheel, name):
    with zipfile.ZipFile(wheel) as z:
        with z.open('spacy_lookups_data/data/' + name) as f:
            return json.load(io.TextIOWrapper(gzip.GzipFile(fileobj=f), encoding='utf-8'))


def capitalised(lower):
    return lower[:1].upper() + lower[1:]


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: build_word_clusters.py spacy_lookups_data-1.0.5-py2.py3-none-any.whl')
    wheel = sys.argv[1]
    clusters = {w: c for w, c in load(wheel, 'en_lexeme_cluster.json.gz').items()
                if isinstance(c, int) and 0 < c < (1 << 24) and w and '\t' not in w and '\n' not in w
                and not w.isspace()}

    def fallback(word):
        # What the tagger finds for `word` when it is not stored (WordClusters.lookup).
        lower = word.lower()
        if lower != word and lower in clusters:
            return clusters[lower]
        form = capitalised(lower)
        if form != word and form in clusters:
            return clusters[form]
        return None

    kept = []
    for word, cluster in clusters.items():
        if word != word.lower() and fallback(word) == cluster:
            continue
        kept.append((word.encode('utf-8'), cluster))
    kept.sort()
    with open(OUT, 'wb') as out:
        out.write(b'# Brown word classes for the entity tagger, made by bench/analysis/build_word_clusters.py\n')
        out.write(b'# from spacy-lookups-data 1.0.5 (MIT). Columns: word, cluster path (first step in the low bit).\n')
        for word, cluster in kept:
            out.write(word + b'\t' + str(cluster).encode() + b'\n')
    print('%d of %d clustered words written to %s (%d bytes)' % (len(kept), len(clusters), OUT, os.path.getsize(OUT)))


if __name__ == '__main__':
    main()
