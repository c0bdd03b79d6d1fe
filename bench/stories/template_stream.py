#!/usr/bin/env python3
"""Writes a labelled stream of templated reports: one headline template, many places or companies.

  python3 template_stream.py --out /tmp/tmpl            # writes items.jsonl and labels.jsonl
  python3 ../shared/conformance/stories/score.py --cmd ".build/release/feedwatch cluster" \\
      --data /tmp/tmpl/items.jsonl --labels /tmp/tmpl/labels.jsonl

Weather bulletins, strike notices and earnings briefs follow a few templates and differ in the
name they are about: "Strike halts services at Daisou Bay" and "Strike halts services at
Vairhumstead" are two events, whatever else they share. Each event here is one template filled
with a coined place or company, covered by 2-6 outlets within the hour (own rewrites in other
words under other headline variants, and wire copies), with bodies of the template's sentences, sentences
of the event's own (its name, a spokesperson, a few figures), a year and some outlets'
boilerplate. Figures are small and drawn from a short range, so unrelated events share some
by chance ("18 depots"), as do the generic second words of names ("Bay", "Energy"). Some
outlets publish headlines only. Deterministic (seeded), stdlib only.
"""
import argparse
import datetime
import json
import os
import random

SYLL = ["vai", "rhum", "dai", "sou", "li", "sias", "ciath", "brer", "ruth", "vor", "naim", "tril", "paim",
        "vei", "hark", "ost", "mer", "gal", "tor", "den", "quil", "bran", "sel", "kor", "ath", "mun", "dris"]
PLACE_SUFFIX = ["stead", "by", "ton", "ham", "wick", "ford", "mouth", ""]
PLACE_WORDS = ["Bay", "North", "South", "Port", "Upper", "Lower", "East"]
COMPANY_WORDS = ["Energy", "Foods", "Bank", "Holdings", "Motors", "Telecom", "Mining", "Airlines"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def coined(rng, syllables):
    return "".join(rng.choice(SYLL) for _ in range(syllables)).title()


def place(rng):
    base = coined(rng, rng.randint(2, 3)) + rng.choice(PLACE_SUFFIX)
    r = rng.random()
    if r < 0.25:
        return base + " Bay"
    if r < 0.45:
        return rng.choice(["North", "South", "Upper", "Port", "East"]) + " " + base
    return base


def company(rng):
    return coined(rng, rng.randint(2, 3)) + " " + rng.choice(COMPANY_WORDS)


def person(rng):
    return coined(rng, 1).title() + " " + coined(rng, 2)


# Each template: headline variants, sentences every report of the template has (in other
# words per outlet), and sentences of the event's own. {n}, {m}: small figures; {y}: a year.
TEMPLATES = [
    dict(kind="place",
         headlines=["Strike halts services at {name}", "Strike halts services at {name}, officials say",
                    "Services at {name} halted as workers strike", "Workers walk out at {name}, services stop"],
         common=["Bus and rail services were halted on {day} as workers walked out over pay.",
                 "Union leaders said the strike would continue until talks resume.",
                 "Passengers were advised to check before travelling."],
         own=["At {name}, {n} depots were shut and about {m} workers joined the walkout, {person} of the union said.",
              "{person}, who speaks for the operator at {name}, said it was the first strike there since {y}.",
              "Commuters in {name} queued for replacement buses outside the {name} interchange."]),
    dict(kind="place",
         headlines=["Flooding closes roads around {name}", "Flooding closes roads around {name}, latest",
                    "Roads around {name} closed after flooding", "Floods shut roads near {name}"],
         common=["Heavy rain overnight left several roads under water, the highways agency said.",
                 "Drivers were urged not to attempt to cross flooded stretches.",
                 "More rain is forecast for the rest of the week."],
         own=["Around {name}, {n} roads were closed and {m} homes were evacuated, said {person}, the council's emergency officer.",
              "The river at {name} rose to its highest level since {y}, {person} said.",
              "Volunteers in {name} handed out sandbags at the {name} community hall."]),
    dict(kind="place",
         headlines=["Storm warning issued for {name}", "Weather service issues storm warning for {name}",
                    "{name} braces for storm as warning issued", "Storm warning in force for {name}"],
         common=["Forecasters warned of gusts strong enough to bring down trees and power lines.",
                 "Residents were told to secure loose objects and avoid travel.",
                 "The warning is in force until tomorrow evening."],
         own=["Gusts of up to {n} mph are expected at {name}, where {m} households lost power last winter, {person} said.",
              "{person}, the forecaster covering {name}, said the last storm this strong hit in {y}.",
              "Schools in {name} will stay closed, the {name} council said."]),
    dict(kind="company",
         headlines=["{name} reports {n}% rise in quarterly profit", "{name} quarterly profit up {n}%",
                    "{name} profit rises {n}% on strong demand", "{name} beats forecasts with {n}% profit rise"],
         common=["The company said demand stayed strong through the quarter.",
                 "Analysts had expected a smaller increase.",
                 "Shares rose in early trading after the results."],
         own=["{name} said net profit rose {n}% to {m} million, chief executive {person} told analysts.",
              "{person} said {name} would keep its dividend policy, unchanged since {y}.",
              "{name} also raised its outlook for the full year."]),
    dict(kind="company",
         headlines=["{name} to cut {n} jobs", "{name} announces {n} job cuts",
                    "{name} plans to shed {n} jobs in restructuring", "Job cuts at {name} as costs rise"],
         common=["The company blamed rising costs and weaker orders.",
                 "Unions said they would fight the cuts.",
                 "The restructuring is expected to take two years."],
         own=["{name} will cut {n} jobs and close {m} sites, {person}, its chief executive, said.",
              "{person} said {name} had not cut jobs on this scale since {y}.",
              "Staff at {name} were told of the plan at a meeting on Monday."]),
]

BOILERPLATE = {
    "Valley Herald": "Sign up for the Valley Herald newsletter to get the latest local news.",
    "Coastal Post": "Follow the Coastal Post for live updates throughout the day.",
    "Metro Daily": "Metro Daily is not responsible for the content of external sites.",
}
OUTLETS = ["Valley Herald", "Coastal Post", "Metro Daily", "Northern Times", "County Chronicle", "Evening Standard",
           "Regional Wire", "Capital News", "Market Watcher", "Business Daily", "Harbour Gazette", "City Echo"]


# An outlet's own wording: a rewrite swaps most of these, so that its shingles differ from the
# wire's and it reaches the story layer (a copy is caught as a near-duplicate before).
PARAPHRASE = {
    "said": "told reporters", "were": "had been", "was": "had been", "about": "around", "shut": "closed",
    "joined": "took part in", "who": ", who", "first": "only", "since": "in the years since", "queued": "lined up",
    "outside": "near", "roads": "routes", "closed": "shut", "evacuated": "cleared", "rose": "climbed",
    "highest": "top", "handed": "gave", "expected": "forecast", "households": "homes", "lost": "were left without",
    "last": "previous", "forecaster": "meteorologist", "strong": "severe", "will": "would", "stay": "remain",
    "net": "after-tax", "told": "informed", "keep": "maintain", "unchanged": "the same", "also": "further",
    "raised": "lifted", "outlook": "guidance", "cut": "eliminate", "close": "shut down", "sites": "plants",
    "had": "has", "scale": "size", "Staff": "Employees", "meeting": "briefing", "plan": "decision",
    "halted": "suspended", "walked": "went", "continue": "go on", "advised": "told", "check": "look",
    "Heavy": "Torrential", "several": "many", "urged": "asked", "attempt": "try", "forecast": "predicted",
    "warned": "cautioned", "bring": "knock", "secure": "tie down", "avoid": "postpone", "demand": "orders",
    "Analysts": "Market watchers", "smaller": "lower", "Shares": "Its stock", "blamed": "pointed to",
    "weaker": "falling", "fight": "oppose", "restructuring": "overhaul", "take": "last",
}


def fill(s, ev):
    return s.format(**ev)


def paraphrase(rng, sentence, share):
    words = sentence.split(" ")
    out = []
    for w in words:
        core = w.rstrip(",.")
        tail = w[len(core):]
        if core in PARAPHRASE and rng.random() < share:
            out.append(PARAPHRASE[core] + tail)
        else:
            out.append(w)
    return " ".join(out).replace(" ,", ",")


def report(rng, ev, tpl, variant, wire_text=None, rewrite=False):
    """One outlet's headline and body for the event."""
    headline = fill(tpl["headlines"][variant % len(tpl["headlines"])], ev)
    if wire_text is not None:
        return headline, wire_text
    common = [fill(s, ev) for s in tpl["common"]]
    own = [fill(s, ev) for s in tpl["own"]]
    rng.shuffle(common)
    # A rewrite keeps the lead fact, then mixes the rest.
    rest = own[1:] + common[: rng.randint(1, 3)]
    rng.shuffle(rest)
    paras = [own[0]] + rest
    if rewrite:
        paras = [paraphrase(rng, p, 0.8) for p in paras]
    return headline, "\n\n".join(paras)


def write_stream(rows, out):
    """Writes a generated stream as the conformance sets are: items.jsonl (in published order)
    and labels.jsonl (each item's gold story) in the directory `out`."""
    rows.sort(key=lambda r: (r["published"], r["id"]))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "items.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in ("id", "source", "title", "text", "published", "url")}) + "\n")
    with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({"id": r["id"], "story": r["story"]}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=400)
    ap.add_argument("--hours", type=float, default=10.0, help="span over which events start")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--headline-only", type=float, default=0.15, help="share of items without a body")
    ap.add_argument("--out", required=True, help="directory for items.jsonl and labels.jsonl")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    start = datetime.datetime(2026, 3, 2, 6, 0, tzinfo=datetime.timezone.utc)
    used = set()
    rows = []
    for e in range(a.events):
        tpl_index = rng.randrange(len(TEMPLATES))
        tpl = TEMPLATES[tpl_index]
        while True:
            name = place(rng) if tpl["kind"] == "place" else company(rng)
            if name not in used:
                used.add(name)
                break
        ev = dict(name=name, person=person(rng), n=rng.randint(3, 30), m=rng.choice([40, 60, 80, 120, 150, 200, 250, 300]),
                  y=rng.randint(2005, 2020), day=rng.choice(WEEKDAYS))
        t0 = start + datetime.timedelta(hours=a.hours * e / a.events)
        outlets = rng.sample(OUTLETS, rng.randint(2, 6))
        wire = None
        for k, outlet in enumerate(outlets):
            t = t0 + datetime.timedelta(minutes=0 if k == 0 else rng.randint(0, 50))
            if k > 0 and wire is not None and rng.random() < 0.3:
                headline, text = report(rng, ev, tpl, rng.randrange(4), wire_text=wire)
            else:
                headline, text = report(rng, ev, tpl, rng.randrange(4) if k else 0, rewrite=k > 0)
                if k == 0:
                    wire = text
            if outlet in BOILERPLATE and text:
                text += "\n\n" + BOILERPLATE[outlet]
            if rng.random() < a.headline_only:
                text = ""
            slug = name.lower().replace(" ", "-")
            rows.append(dict(id=f"t{e}-{k}", source=outlet, title=headline, text=text,
                             published=t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                             url=f"https://{outlet.lower().replace(' ', '')}.example/{tpl_index}/{slug}-{e}-{k}",
                             story=f"ev{e}"))
    write_stream(rows, a.out)


if __name__ == "__main__":
    main()
