#!/usr/bin/env python3
"""`make soak`: `feedwatch run` for an hour over loopback feeds with a constant inflow of news.

A threaded HTTP server on several loopback addresses serves FEEDS RSS feeds (ETag/Last-Modified,
so an unchanged feed is a 304) and the article page of every item. A generator adds RATE new
items a minute, spread over the feeds: most report an event other outlets also cover (same
people, places and figures, other words), some are one-outlet stories, and half the feeds are
summary-only, so their pages are fetched and extracted. Each feed document holds its newest 40
items, as real feeds do. The daemon polls every minute (`poll_interval = "1m"`). Every event has
names of its own (made from syllables), as the events of a real news day do.

Every SAMPLE seconds the script records the daemon's CPU seconds, RSS, open descriptors, the
database and WAL sizes and the number of items published so far, and at the end prints the
samples and a summary: CPU per new item and RSS over the first and the second half, and the
slope of each over the second half (flat = within noise). All the numbers go to a JSON file too.

The clusterer's memory follows its window until the window is full (`story_window_items` items;
its open stories are bounded by the same number, and fill later), so the daemon's
`feedwatch_story_window_items` and `feedwatch_story_window_stories` are read from its `/metrics`
at each sample, and the summary gives the minute both reached the bound and the RSS slope from
then on: the steady state, once the clusterer can grow no further. What still grows after it is
the day's digest (each story of the day is kept as a header until midnight).
"""
import argparse, email.utils, hashlib, http.server, json, os, random, re, signal, socketserver, subprocess
import sys, tempfile, threading, time, urllib.request

# Names are made per event from syllables, so that, as in a real news day with thousands of
# different people, places and companies, two events seldom share one. (An earlier version drew
# every event's names from 20 given names, 20 surnames, 12 places and 10 organisations: by the
# afternoon each organisation had dozens of job-cut and profit events that differed in a number and
# a surname only, and the clusterer rightly could not tell them apart, so the day collapsed into a
# few stories of 700-900 sources each, which no real day has.)
ONSETS = ["b", "br", "c", "d", "dr", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "st", "t", "tr", "v", "w", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"]
CODAS = ["", "", "n", "r", "l", "s", "th", "nd", "rk", "m"]
PLACE_FORMS = ["{} Bay", "Port {}", "{}ford", "{}by", "{}wick", "{} Falls", "{}mouth", "{}stead", "North {}", "{}ton"]
ORG_FORMS = ["{} Energy", "{} Bank", "{} Air", "{} Pharmaceuticals", "{} Logistics", "{} University",
             "the {} Port Authority", "{} Telecom", "{} Motors", "the {} Water Board", "{} Foods", "{} Insurance"]


def coin(r, syllables):
    word = "".join(r.choice(ONSETS) + r.choice(VOWELS) + r.choice(CODAS) for _ in range(syllables))
    return word[:1].upper() + word[1:]


KINDS = [
    ("{org} announces {n} job cuts in {place}", "{org} said it would cut {n} jobs at its {place} site by the end of the year.",
     "The decision affects about {p}% of the workforce, according to {person}, who leads the local branch."),
    ("Flooding closes roads around {place}", "Heavy rain left {n} homes without power around {place} on {day}.",
     "\"We have crews out across the district,\" said {person} of {org}."),
    ("{person} named to lead {org}", "{org} has appointed {person} as its new chief executive, effective in {n} days.",
     "{person} previously ran operations in {place} and takes over a budget of €{m}m."),
    ("Strike halts services at {place}", "About {n} workers walked out at {place} on {day} over pay, halting services.",
     "The union is asking for a rise of {p}%; {org} has offered less, said {person}."),
    ("{org} reports {p}% rise in quarterly profit", "{org} said quarterly profit rose {p}% to €{m}m, helped by demand in {place}.",
     "Chief financial officer {person} said the outlook for next year was \"cautiously positive\"."),
    ("Fire damages warehouse in {place}", "A fire destroyed a warehouse in {place} overnight; {n} firefighters attended.",
     "Nobody was hurt, said {person}, a spokesperson for {org}."),
]
# Each event also gets details of its own (who, what, where, in words drawn from wide lists), which
# the outlets covering it retell in part, as reports of one event share facts and reports of two
# events share only the news register. One line of shared filler is left, as real copy has some.
FILLER = ["Officials said more details would follow later in the day.",
          "A further update is due at a briefing on Thursday morning."]
SUBJECTS = ["inspectors", "residents", "engineers", "shareholders", "nurses", "drivers", "teachers", "farmers",
            "lawyers", "auditors", "volunteers", "councillors", "pilots", "students", "fishermen", "contractors"]
VERBS = ["questioned", "welcomed", "criticised", "reviewed", "delayed", "approved", "rejected", "examined",
         "challenged", "supported", "postponed", "disputed", "praised", "investigated", "audited", "opposed"]
OBJECTS = ["the tender", "the timetable", "the safety report", "the pension scheme", "the new depot",
           "the ferry contract", "the harbour plan", "the rent freeze", "the bypass", "the water tariff",
           "the merger terms", "the hospital wing", "the bus routes", "the flood barrier", "the school budget",
           "the licence renewal", "the wind farm", "the cargo terminal", "the rail link", "the grain silos"]
CAUSES = ["a burst main", "a software fault", "a dispute over overtime", "an ageing fleet", "a legal challenge",
          "a shortage of parts", "a late audit", "an unexpected surge in demand", "a contract error",
          "a landslip", "a cyber attack", "a failed inspection", "a supplier collapse", "a pay freeze"]


def details(r, event):
    """Three sentences only this event's reports tell."""
    who = f"{coin(r, 2)} {coin(r, 2)}"
    return [f"{r.choice(SUBJECTS).capitalize()} in {event['place']} {r.choice(VERBS)} {r.choice(OBJECTS)} after "
            f"{r.choice(CAUSES)}, {who} said.",
            f"The {coin(r, 2)} site had {r.randrange(3, 900)} {r.choice(SUBJECTS)} and {r.randrange(2, 60)} "
            f"{r.choice(['vehicles', 'vessels', 'wards', 'lines', 'plants', 'depots'])} on {r.choice(DAYS)}.",
            f"{event['org'][:1].upper()}{event['org'][1:]} {r.choice(VERBS)} {r.choice(OBJECTS)} in "
            f"{r.randrange(1998, 2024)} and again last {r.choice(['spring', 'summer', 'autumn', 'winter'])}."]


DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class Newsroom:
    """The generated news: events, and the items the outlets publish about them."""

    def __init__(self, feeds, seed):
        self.rng = random.Random(seed)
        self.feeds = feeds
        self.items = [[] for _ in range(feeds)]   # newest last
        self.pages = {}
        self.events = []
        self.published = 0
        self.lock = threading.Lock()
        self.versions = [0] * feeds

    def new_event(self):
        r = self.rng
        person = f"{coin(r, r.randrange(1, 3))} {coin(r, r.randrange(2, 4))}"
        place = r.choice(PLACE_FORMS).format(coin(r, 2))
        org = r.choice(ORG_FORMS).format(coin(r, r.randrange(2, 4)))
        e = dict(kind=r.choice(KINDS), org=org, place=place, person=person,
                 n=r.randrange(12, 4800), p=r.randrange(2, 40), m=r.randrange(3, 900), day=r.choice(DAYS),
                 id=len(self.events))
        e["details"] = details(r, e)
        self.events.append(e)
        return e

    def publish_one(self, now):
        r = self.rng
        if not self.events or r.random() < 0.3:
            event = self.new_event()
        else:
            event = r.choice(self.events[-40:])
        feed = r.randrange(self.feeds)
        headline_t, lead_t, body_t = event["kind"]
        fmt = {k: v for k, v in event.items() if k not in ("kind", "details")}
        headline = headline_t.format(**fmt)
        if r.random() < 0.5:
            headline = f"{headline}, {r.choice(['officials say', 'reports say', 'sources confirm', 'latest'])}"
        sentences = [lead_t.format(**fmt), body_t.format(**fmt)] + r.sample(event["details"], 2) + [r.choice(FILLER)]
        r.shuffle(sentences[2:])
        with self.lock:
            self.published += 1
            serial = self.published
            item = dict(serial=serial, title=headline, text=sentences, time=now, event=event["id"])
            self.items[feed].append(item)
            del self.items[feed][:-40]
            self.pages[serial] = item
            # Pages of items that left every feed are no longer needed.
            if len(self.pages) > self.feeds * 45:
                for k in sorted(self.pages)[: len(self.pages) - self.feeds * 45]:
                    del self.pages[k]
            self.versions[feed] += 1

    def feed_document(self, feed, base):
        with self.lock:
            items = list(self.items[feed])
            version = self.versions[feed]
        summary_only = feed % 2 == 1
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
                 f"<channel><title>Soak Outlet {feed}</title><link>{base}/</link><description>generated</description>"]
        for it in reversed(items):
            link = f"{base}/article/{it['serial']}"
            date = email.utils.formatdate(it["time"], usegmt=True)
            paras = "".join(f"<p>{s}</p>" for s in it["text"])
            parts.append(f"<item><title>{it['title']}</title><link>{link}</link><guid>{link}</guid><pubDate>{date}</pubDate>")
            if summary_only:
                parts.append(f"<description>{esc(it['text'][0])}</description>")
            else:
                parts.append(f"<description>{esc(it['text'][0])}</description><content:encoded><![CDATA[{paras}]]></content:encoded>")
            parts.append("</item>")
        parts.append("</channel></rss>")
        return "".join(parts).encode(), version

    def page(self, serial):
        with self.lock:
            it = self.pages.get(serial)
        if it is None:
            return None
        paras = "".join(f"<p>{s}</p>" for s in it["text"])
        return (f"<!doctype html><html><head><title>{it['title']}</title></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{it['title']}</h1>{paras}</article>"
                f"<aside>Read more: other stories</aside><footer>Soak Outlet</footer></body></html>").encode()


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def serve(newsroom, hosts, port, requests):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def reply(self, code, body=b"", headers=()):
            self.send_response(code)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self):
            requests[0] += 1
            host = self.headers.get("Host", "127.0.0.1")
            m = re.match(r"^/feed/(\d+)$", self.path)
            if m:
                feed = int(m.group(1)) % newsroom.feeds
                body, version = newsroom.feed_document(feed, f"http://{host}")
                etag = '"%d-%s"' % (version, hashlib.md5(body).hexdigest()[:12])
                if self.headers.get("If-None-Match") == etag:
                    return self.reply(304, headers=[("ETag", etag)])
                return self.reply(200, body, [("Content-Type", "application/rss+xml"), ("ETag", etag)])
            m = re.match(r"^/article/(\d+)$", self.path)
            if m:
                page = newsroom.page(int(m.group(1)))
                if page is None:
                    return self.reply(404)
                return self.reply(200, page, [("Content-Type", "text/html; charset=utf-8")])
            return self.reply(404)

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        request_queue_size = 256

    for h in hosts:
        s = Server((h, port), Handler)
        threading.Thread(target=s.serve_forever, daemon=True).start()


def proc_sample(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    cpu = (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
    rss = 0.0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return cpu, rss, fds


def story_window(address):
    """The daemon's clusterer window in memory: (items, open stories), None where /metrics does
    not answer or has no value yet."""
    found = {}
    try:
        with urllib.request.urlopen(f"http://{address}/metrics", timeout=5) as r:
            for line in r.read().decode("utf-8", "replace").splitlines():
                name, _, value = line.partition(" ")
                if name in ("feedwatch_story_window_items", "feedwatch_story_window_stories"):
                    found[name] = int(float(value))
    except (OSError, ValueError):
        pass
    return found.get("feedwatch_story_window_items"), found.get("feedwatch_story_window_stories")


def size(path):
    try:
        return os.path.getsize(path) / 1e6
    except OSError:
        return 0.0


def slope(xs, ys):
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0


def unit_environment(path):
    """The variables a systemd unit's `Environment=` lines set (unquoted `KEY=value` words)."""
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("Environment="):
                for word in line[len("Environment="):].split():
                    key, _, value = word.strip('"').partition("=")
                    if key:
                        env[key] = value
    return env


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feedwatch", required=True)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--feeds", type=int, default=100)
    ap.add_argument("--hosts", type=int, default=10)
    ap.add_argument("--rate", type=float, default=150, help="new items per minute")
    ap.add_argument("--sample", type=float, default=30, help="seconds between samples")
    ap.add_argument("--port", type=int, default=18971)
    ap.add_argument("--json", default="", help="write the samples and the summary here")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--story-window-items", type=int, default=0,
                    help="the daemon's story_window_items (0: its default); a small bound fills the clusterer's window "
                         "within the run, to see the daemon once the window is full")
    ap.add_argument("--timezone", default="UTC",
                    help="the digest's zone (IANA); one whose midnight falls within the run shows the daemon "
                         "let a finished day go")
    ap.add_argument("--unit", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "systemd",
                                                   "feedwatch.service"),
                    help="run the daemon with this systemd unit's Environment= lines, as it runs when installed "
                         "(\"\" for none)")
    a = ap.parse_args()
    unit_env = unit_environment(a.unit) if a.unit else {}

    newsroom = Newsroom(a.feeds, a.seed)
    hosts = ["127.0.0.%d" % (i + 1) for i in range(a.hosts)]
    requests = [0]
    serve(newsroom, hosts, a.port, requests)
    # A morning's worth of news before the daemon starts, so its first cycle is not empty.
    start_clock = time.time()
    for _ in range(int(a.rate * 5)):
        newsroom.publish_one(start_clock - 300 * random.random())

    # Its own metrics port, so that soaks on other ports can run side by side.
    metrics = "127.0.0.1:%d" % (a.port + 1)
    work = tempfile.mkdtemp(prefix="feedwatch-soak-")
    conf = os.path.join(work, "feedwatch.toml")
    with open(conf, "w") as f:
        f.write('state_dir = "state"\ndigest_dir = "digests"\ntimezone = "%s"\n' % a.timezone)
        f.write('poll_interval = "1m"\nmin_interval = "1m"\nfull_text = "auto"\nallow_private_networks = true\n')
        f.write('max_concurrent_fetches = 16\nper_host_concurrency = 2\nper_host_spacing = "0s"\nlog_level = "warning"\n')
        f.write('retention_days = 2\n')
        f.write('metrics_listen = "%s"\n' % metrics)
        if a.story_window_items:
            f.write('story_window_items = %d\n' % a.story_window_items)
        for i in range(a.feeds):
            f.write('[[feed]]\nurl = "http://%s:%d/feed/%d"\nname = "Soak Outlet %d"\n' % (hosts[i % len(hosts)], a.port, i, i))
    db = os.path.join(work, "state", "feedwatch.sqlite")
    log = open(os.path.join(work, "daemon.log"), "w")
    proc = subprocess.Popen([a.feedwatch, "run", "--config", conf], stdout=log, stderr=log, env={**os.environ, **unit_env})
    print(f"soak: {a.feeds} feeds on {a.hosts} loopback hosts, {a.rate:.0f} new items/min, {a.minutes:.0f} min, "
          f"sample every {a.sample:.0f} s; work dir {work}; environment from the unit: "
          f"{' '.join(f'{k}={v}' for k, v in sorted(unit_env.items())) or 'none'}", flush=True)

    stop = threading.Event()

    def inflow():
        interval = 60.0 / a.rate
        next_at = time.time()
        while not stop.is_set():
            newsroom.publish_one(time.time())
            next_at += interval
            stop.wait(max(0.0, next_at - time.time()))

    threading.Thread(target=inflow, daemon=True).start()

    samples = []
    t0 = time.time()
    end = t0 + a.minutes * 60
    print(f"{'min':>6} {'items':>7} {'cpu s':>8} {'ms/item':>8} {'RSS MB':>7} {'fds':>4} {'db MB':>6} {'wal MB':>6}", flush=True)
    prev = None
    try:
        while time.time() < end:
            time.sleep(max(0.0, min(a.sample, end - time.time())))
            if proc.poll() is not None:
                print(f"soak: the daemon exited with status {proc.returncode}; see {work}/daemon.log", flush=True)
                sys.exit(1)
            cpu, rss, fds = proc_sample(proc.pid)
            with newsroom.lock:
                items = newsroom.published
            window_items, window_stories = story_window(metrics)
            s = dict(t=time.time() - t0, items=items, cpu=cpu, rss=rss, fds=fds, db=size(db), wal=size(db + "-wal"),
                     requests=requests[0], window_items=window_items, window_stories=window_stories)
            if prev:
                new = s["items"] - prev["items"]
                s["ms_per_item"] = 1000 * (s["cpu"] - prev["cpu"]) / new if new > 0 else 0.0
            else:
                s["ms_per_item"] = 0.0
            samples.append(s)
            prev = s
            print(f"{s['t'] / 60:6.1f} {items:7d} {cpu:8.1f} {s['ms_per_item']:8.2f} {rss:7.1f} {fds:4d} {s['db']:6.1f} {s['wal']:6.1f}", flush=True)
    finally:
        stop.set()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()

    measured = samples[1:]
    half = len(measured) // 2
    first, second = measured[:half], measured[half:]

    def mean(xs):
        return sum(xs) / len(xs) if xs else 0.0

    def window_cpu_per_item(ss):
        if len(ss) < 2:
            return 0.0
        items = ss[-1]["items"] - ss[0]["items"]
        return 1000 * (ss[-1]["cpu"] - ss[0]["cpu"]) / items if items else 0.0

    # What the reader got: the stories of the last digest written, and how many sources the
    # largest has (a day of separate events should not collapse into a few giant stories).
    stories, largest = 0, 0
    digests = sorted(f for f in os.listdir(os.path.join(work, "digests")) if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.json", f)) \
        if os.path.isdir(os.path.join(work, "digests")) else []
    if digests:
        with open(os.path.join(work, "digests", digests[-1])) as f:
            day = json.load(f).get("stories", [])
        stories = len(day)
        largest = max((len(st.get("sources", [])) for st in day), default=0)

    mins = [s["t"] / 60 for s in second]
    # The clusterer holds as much as it ever will once its window items and its open stories are
    # both at the bound (at most story_window_items - 1 after each expiry, plus the items just added).
    bound = (a.story_window_items or 100_000) - 1
    full = [s for s in measured if min(s.get("window_items") or 0, s.get("window_stories") or 0) >= bound]
    full_minute = full[0]["t"] / 60 if full else -1.0
    full_span = full[-1]["t"] - full[0]["t"] if full else 0.0
    summary = dict(
        minutes=a.minutes, feeds=a.feeds, rate=a.rate, items=samples[-1]["items"] if samples else 0,
        cpu_ms_per_item_first_half=window_cpu_per_item(first), cpu_ms_per_item_second_half=window_cpu_per_item(second),
        rss_mb_first_half=mean([s["rss"] for s in first]), rss_mb_second_half=mean([s["rss"] for s in second]),
        rss_mb_max=max((s["rss"] for s in samples), default=0),
        rss_slope_mb_per_10min_second_half=10 * slope(mins, [s["rss"] for s in second]),
        cpu_per_item_slope_per_10min_second_half=10 * slope(mins, [s["ms_per_item"] for s in second]),
        window_items_last=(samples[-1].get("window_items") or 0) if samples else 0,
        window_stories_last=(samples[-1].get("window_stories") or 0) if samples else 0,
        window_full_minute=full_minute,
        rss_slope_mb_per_10min_window_full=10 * slope([s["t"] / 60 for s in full], [s["rss"] for s in full])
        if full_span >= 600 else -1.0,
        fds_max=max((s["fds"] for s in samples), default=0),
        fds_last=samples[-1]["fds"] if samples else 0,
        db_mb_last=samples[-1]["db"] if samples else 0, wal_mb_max=max((s["wal"] for s in samples), default=0),
        digest_stories=stories, largest_story_sources=largest,
    )
    print("SOAK " + " ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in summary.items()), flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(summary=summary, samples=samples), f, indent=1)


if __name__ == "__main__":
    main()
