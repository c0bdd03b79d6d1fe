#!/usr/bin/env python3
"""Writes a synthetic feed stream for the scale benchmark of `feedwatch cluster`.

  python3 synthetic_stream.py --items 1000000 --days 60 > stream.jsonl

Deterministic (seeded). Each day has fresh events; an event has its own few "names" and topic
words drawn from a Zipf-like vocabulary, and is covered by 1-40 items from 400 outlets over
a few hours: own write-ups (different headlines and bodies sharing the event's words), wire
copies with datelines and footers, summaries, and re-polls with tracking parameters. Some
events continue on the next day. The text is word salad, not news; it exercises the same code
paths (tokenizing, fingerprints, LSH, centroids, expiry) at realistic sizes.
"""
import argparse, json, random, sys, datetime

SYLL = ["ka", "lo", "mi", "ne", "ra", "to", "su", "vi", "de", "ba", "po", "ge", "zu", "fa", "ri", "mo",
        "tel", "var", "ost", "and", "el", "in", "or", "um", "ex", "ber", "lin", "gar", "dor", "han"]


def word(rng, n):
    return "".join(rng.choice(SYLL) for _ in range(n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--days", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    vocab = sorted({word(rng, rng.randint(2, 4)) for _ in range(60000)})
    rng.shuffle(vocab)
    import itertools
    cum = list(itertools.accumulate(1.0 / (i + 10) for i in range(len(vocab))))
    outlets = ["%s %s" % (word(rng, 2).title(), rng.choice(["Times", "Post", "News", "Herald", "Daily", "Wire", "Online"]))
               for _ in range(400)]
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc).timestamp()
    span = a.days * 86400.0
    out = sys.stdout
    per_event = 8.0  # mean items per event
    # Events are generated in time order; items are buffered and emitted in published order.
    pending = []  # (time, line)
    import heapq
    emitted = 0
    item_no = 0
    names_pool = [word(rng, 3).title() for _ in range(20000)]

    def common(k):
        return rng.choices(vocab, cum_weights=cum, k=k)

    prev_event = None
    while item_no < a.items:
        t0 = start + span * item_no / a.items
        if prev_event and rng.random() < 0.05:
            names, topic = prev_event  # a development of an earlier event
        else:
            names = rng.sample(names_pool, 3)
            topic = [vocab[rng.randrange(2000, len(vocab))] for _ in range(6)]
        prev_event = (names, topic)
        size = min(40, max(1, int(rng.expovariate(1 / per_event))), a.items - item_no)
        lead = names + topic + common(20)
        rng.shuffle(lead)
        original = " ".join(lead) + ". " + " ".join(common(60) + topic[:3]) + "."
        for k in range(size):
            item_no += 1
            t = t0 + rng.expovariate(1 / 7200.0)
            src = rng.choice(outlets)
            kind = rng.random()
            title_words = rng.sample(names[:2] + topic, 4) + common(3)
            rng.shuffle(title_words)
            title = " ".join(title_words).capitalize()
            url = "https://%s.example/news/%d" % (src.lower().replace(" ", ""), item_no)
            if kind < 0.3 and k > 0:   # wire copy
                text = "CITY, Jan 1 (Wire) - " + original + "\n\nAdvertisement\n\nShare this article"
            elif kind < 0.45 and k > 0:  # summary
                text = original[:200] + " ..."
            elif kind < 0.55 and k > 0:  # re-poll
                url += "?utm_source=rss&utm_medium=feed"
                text = original
            else:  # own write-up
                body = names + topic + common(70)
                rng.shuffle(body)
                text = " ".join(body) + "."
            line = json.dumps({"id": "s%d" % item_no, "source": src, "title": title, "text": text,
                               "published": datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                               "url": url})
            heapq.heappush(pending, (t, item_no, line))
        while pending and pending[0][0] < t0 - 86400:
            out.write(heapq.heappop(pending)[2] + "\n")
            emitted += 1
    while pending:
        out.write(heapq.heappop(pending)[2] + "\n")


if __name__ == "__main__":
    main()
