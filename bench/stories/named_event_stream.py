#!/usr/bin/env python3
"""Writes a labelled stream of named events told from different angles, and of other events that
mention them in passing.

  python3 named_event_stream.py --out /tmp/named          # writes items.jsonl and labels.jsonl
  python3 ../shared/conformance/stories/score.py --cmd ".build/release/feedwatch cluster" \\
      --data /tmp/named/items.jsonl --labels /tmp/named/labels.jsonl

A storm, a wildfire or a hurricane that gets a name is the subject of every headline about it, while
each local outlet tells its own part: roofs off and a harbour closed in one town, roads shut and
buses cut back in another, power cuts across the district. Such reports share the name and
little else (their bodies overlap by a few weather words), and they come over a night and the
next morning. Neither dev set has such coverage (dev is headlines only; neardup's stories are
wire rewrites of one text), so nothing teaches the model that a rare name both headlines carry
is what an editor groups on. The hard negatives are what the same night brings besides: other
events whose reports mention the named one in their text only ("ground softened by Storm
Vairhum gave way under the track"), each covered by one to three outlets, and several named
events at once, whose reports share every weather word and differ in the name. Deterministic (seeded), stdlib
only; the places, names and people are coined.
"""
import argparse
import datetime
import random

from template_stream import write_stream

SYLL = ["vai", "rhum", "dai", "sou", "li", "sias", "ciath", "brer", "ruth", "vor", "naim", "tril", "paim",
        "vei", "hark", "ost", "mer", "gal", "tor", "den", "quil", "bran", "sel", "kor", "ath", "mun", "dris"]
PLACE_SUFFIX = ["stead", "by", "ton", "ham", "wick", "ford", "mouth", ""]
OUTLETS = ["Valley Herald", "Coastal Post", "Metro Daily", "Northern Times", "County Chronicle", "Evening Standard",
           "Regional Wire", "Capital News", "Harbour Gazette", "City Echo", "Riverside Courier", "Westside Bulletin"]


def coined(rng, syllables):
    return "".join(rng.choice(SYLL) for _ in range(syllables)).title()


def place(rng):
    return coined(rng, rng.randint(2, 3)) + rng.choice(PLACE_SUFFIX)


def person(rng):
    return coined(rng, 1) + " " + coined(rng, 2)


# Kinds of named event: how the name is written, and the angles local outlets take. Each angle:
# headline variants and sentences ({name}: the event's name as written; {town}: the outlet's
# place; {n}, {m}: figures of the angle's own; {person}: someone quoted).
KINDS = [
    dict(name="Storm {x}",
         angles=[
             (["{short} tears through {town}: roofs off, harbour closed", "{town} harbour closed as {short} tears through"],
              ["{name} reached {town} late in the evening, with gusts of {n}mph lifting roofs off sheds and beach huts.",
               "The harbour master closed the port to small boats after {m} moorings broke, said {person}.",
               "Coastguards asked people to keep away from the sea front until the tide turned."]),
             (["{name}: roads shut and buses cut back in {town}", "{name} disrupts travel in {town}: the latest"],
              ["{m} roads around {town} were shut on the morning after {name}, most of them blocked by fallen branches.",
               "Bus services ran an hourly timetable until lunchtime, {person} of the transport authority said.",
               "Commuters were told to allow an extra {n} minutes."]),
             (["{m} homes still without electricity after {name}", "Power engineers work through the night after {name}"],
              ["Engineers had reconnected most of the {m} homes cut off by {name} by dawn, the network operator said.",
               "{person}, who leads the repair crews, said gusts of {n}mph had snapped poles across the district.",
               "Those still without power were offered hot meals at the {town} leisure centre."]),
             (["{town} counts the cost after {name}", "Clean-up begins in {town} after {name}"],
              ["Residents of {town} spent the morning clearing debris left by {name}.",
               "The council said {m} properties had been damaged and {n} roads remained blocked.",
               "{person}, the council leader, said the repairs would take weeks."]),
         ]),
    dict(name="{x} Fire",
         angles=[
             (["{short} Fire doubles in size overnight", "Crews battle {name} as it doubles in size"],
              ["The {name} spread across {m} hectares overnight, fanned by strong winds near {town}.",
               "More than {n} crews are fighting the blaze, said fire chief {person}.",
               "Smoke could be seen from the coast."]),
             (["{name}: {town} residents told to leave", "Evacuation ordered in {town} as {name} nears"],
              ["Residents of {town} were told to leave their homes as the {name} approached.",
               "About {m} people spent the night at an evacuation centre, {person} said.",
               "Roads out of {town} were jammed for hours."]),
             (["{name}: schools shut and air quality warning issued", "Smoke from {name} closes {town} schools"],
              ["{m} schools in {town} were closed because of smoke from the {name}.",
               "Health officials warned people with asthma to stay indoors, said {person}.",
               "Air quality is expected to improve once the wind turns, forecasters said."]),
         ]),
    dict(name="Hurricane {x}",
         angles=[
             (["{name} makes landfall near {town}", "{short} makes landfall with winds of {n}mph"],
              ["{name} made landfall near {town} with sustained winds of {n}mph.",
               "Forecasters said it would weaken as it moved inland, {person} said.",
               "Storm surge warnings remain in force along the coast."]),
             (["{name}: {m} flights cancelled at {town} airport", "Flights grounded at {town} as {name} approaches"],
              ["{m} flights were cancelled at {town} airport as {name} approached.",
               "Passengers were told not to travel to the airport, said {person}, a spokesperson.",
               "Airlines said services would resume once the winds drop below {n}mph."]),
             (["Power cut to {m} homes as {name} sweeps inland", "{name} leaves {m} without power in {town}"],
              ["About {m} homes in and around {town} lost power as {name} swept inland.",
               "Engineers will not be sent out until the wind drops, {person} said.",
               "Shelters in {town} took in {n} families overnight."]),
         ]),
]

# Other events the same night brings: their reports mention the named one in the text only.
SIDE_EVENTS = [
    (["Goods train leaves the rails outside {town}", "Line to {town2} blocked after goods train comes off tracks"],
     ["{m} wagons of a goods train left the rails outside {town} before dawn, blocking the line to {town2}.",
      "Nobody was hurt, the rail operator said.",
      "Engineers believe ground softened by {name} gave way under the track, said {person}.",
      "Replacement coaches will run between {town} and {town2} for at least {n} days."]),
    (["{town} derby postponed as pitch waterlogged", "Weekend derby at {town} called off"],
     ["The derby between {town} and {town2} was postponed after an inspection found the pitch waterlogged.",
      "The ground took heavy rain during {name}, the club said.",
      "{person}, the club's secretary, said a new date would be set within {n} days.",
      "About {m} tickets had been sold."]),
    (["{town} bridge closed for inspection after crack found", "Crack found in {town} bridge; road shut"],
     ["The main bridge in {town} was closed after engineers found a {n}cm crack in a support.",
      "Engineers were checking structures after {name} passed, said {person} of the highways agency.",
      "Drivers face a {m}-minute detour via {town2}.",
      "The bridge was last repaired in 2011."]),
    (["Boat capsizes off {town}; {n} rescued", "Lifeboat rescues {n} after boat capsizes off {town}"],
     ["{n} people were rescued after a fishing boat capsized off {town}.",
      "The boat had set out once the seas calmed after {name}, the coastguard said.",
      "\"They were very lucky,\" said {person}, the lifeboat's helm.",
      "The crew were taken to hospital in {town2} as a precaution."]),
]


def fill(s, ev):
    return s.format(**ev)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=80)
    ap.add_argument("--hours", type=float, default=96.0, help="span over which events start")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--side-share", type=float, default=0.7, help="share of named events with a side event")
    ap.add_argument("--out", required=True, help="directory for items.jsonl and labels.jsonl")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    start = datetime.datetime(2026, 10, 5, 18, 0, tzinfo=datetime.timezone.utc)
    used = set()
    rows = []

    def add(story, k, outlet, t, headline, text):
        rows.append(dict(id=f"{story}-{k}", source=outlet, title=headline, text=text,
                         published=t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                         url=f"https://{outlet.lower().replace(' ', '')}.example/{story}-{k}", story=story))

    for e in range(a.events):
        kind = KINDS[rng.randrange(len(KINDS))]
        while True:
            x = coined(rng, rng.randint(1, 2))
            if x not in used:
                used.add(x)
                break
        name = kind["name"].format(x=x)
        t0 = start + datetime.timedelta(hours=a.hours * e / a.events)
        angles = list(kind["angles"])
        rng.shuffle(angles)
        outlets = rng.sample(OUTLETS, min(len(angles), rng.randint(2, 4)))
        t = t0
        for k, outlet in enumerate(outlets):
            heads, sentences = angles[k]
            ev = dict(name=name, short=x if rng.random() < 0.5 else name, town=place(rng), person=person(rng),
                      n=rng.randint(3, 95), m=rng.choice([12, 46, 120, 450, 2300, 4500, 12000]))
            headline = fill(rng.choice(heads), ev)
            body = [fill(s, ev) for s in sentences]
            if rng.random() < 0.5:
                body = body[:1] + rng.sample(body[1:], len(body) - 1)
            add(f"n{e}", k, outlet, t, headline, "\n\n".join(body))
            # The night and the next morning: minutes to hours between reports.
            t = t + datetime.timedelta(minutes=rng.randint(20, 8 * 60))
        if rng.random() < a.side_share:
            heads, sentences = SIDE_EVENTS[rng.randrange(len(SIDE_EVENTS))]
            ev = dict(name=name, town=place(rng), town2=place(rng), person=person(rng),
                      n=rng.randint(2, 14), m=rng.choice([14, 22, 30, 40, 60]))
            ts = t0 + datetime.timedelta(minutes=rng.randint(60, 10 * 60))
            for k, outlet in enumerate(rng.sample(OUTLETS, rng.randint(1, 3))):
                body = [fill(s, ev) for s in sentences]
                if k:
                    body = body[1:] + body[:1]
                add(f"s{e}", k, outlet, ts, fill(heads[k % len(heads)], ev), "\n\n".join(body))
                ts = ts + datetime.timedelta(minutes=rng.randint(30, 5 * 60))
    write_stream(rows, a.out)


if __name__ == "__main__":
    main()
