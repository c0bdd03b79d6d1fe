#!/usr/bin/env python3
"""`make bench-scaleout`: 1, 2 and 3 `feedwatch run` workers on one PostgreSQL database.

A threaded HTTP server on H loopback addresses (127.0.0.2 …) serves a generated newsroom: F RSS
feeds, each with two items whose links are article pages on the feed's own host. Every item
reports an event; an event is covered by one to six outlets, which share its wire text (the page's
paragraphs) under their own headlines, and every event has words of its own (invented names,
places and nouns no other event uses), so the right clustering is unambiguous. Every response
waits LATENCY ms, as a real server would.

For each worker count k: a fresh database (CREATE DATABASE), k `feedwatch run` processes with their
own state and digest directories, and the wall time until every entry is analysed and has a
story. Per worker: CPU seconds (utime+stime from /proc, read just before the stop), peak RSS
(VmHWM), the feeds it polled (its `feed polled` log lines, and the feed requests the server saw
with its User-Agent: each worker has its own `user_agent_contact`) and the article pages it
fetched (server-side, by User-Agent). The PostgreSQL server's CPU and this script's own (the
loopback server) are measured too, since they share the machine's cores with the workers.

Politeness is switched out of the way (per_host_spacing = "0s", per_host_concurrency = 4), so
what is measured is the pipeline, not the spacing rules.

After the k = 3 run, the worker whose log says `clusterer role taken` is killed (SIGKILL) and the
time until another worker's log says it is measured (logs polled every 100 ms). Workers are
otherwise stopped with SIGTERM. Prints a table and a SCALEOUT summary line; writes JSON.
"""
import argparse, email.utils, hashlib, http.server, json, os, random, re, resource, shutil, signal, socketserver
import subprocess, sys, tempfile, threading, time
from urllib.parse import urlsplit, urlunsplit

# ---------------------------------------------------------------------------------------------
# The newsroom

CONS = "bdfgklmnprstvz"
VOWELS = "aeiou"


class Vocabulary:
    """Invented words, none used twice: each event's words are its own."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def word(self, syllables):
        while True:
            w = "".join(self.rng.choice(CONS) + self.rng.choice(VOWELS) for _ in range(syllables))
            if self.rng.random() < 0.5:
                w += self.rng.choice("nrslt")
            if w not in self.used:
                self.used.add(w)
                return w

    def name(self, syllables=3):
        return self.word(syllables).capitalize()


# Only function words and numbers are shared; every content word comes from the event.
PARAGRAPHS = [
    "{P1} {P2} of the {O1} {O2} said on {D} that {n} {N1} in {L1} would be {V1} by the end of the {N2}.",
    "The {N3} {V2} after {n2} {N4} were {V3} near {L2}, according to {P3} {P4}, who {V4} the {N5} {N6}.",
    "\u201cWe {V5} the {N7} and we will {V6} every {N8},\u201d {P1} {P2} told {m} {N9} at the {O1} {N10} in {L1}.",
    "Officials of the {O3} {O4} {V7} the {N11} of {p} per cent and said the {N12} in {L2} was {V8}.",
    "{P3} {P4} added that a further {N13} on the {N14} {N15} is {V9} for {D2}, when the {O3} {O4} meets in {L1}.",
]
HEADLINES = ["{P2}: {n} {N1} in {L1} to be {V1}", "{O1} {O2} {V1} {n} {N1} in {L1}",
             "{L1} {N1} {V1}, says {P1} {P2}", "{n} {N1} {V1} in {L1} after {N3} {V2}"]
SUFFIXES = ["", "", " \u2014 live", " (update)", ": what we know", ", officials say"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class Newsroom:
    """F feeds on H hosts, two items each; items grouped into events covered by 1 to 6 outlets."""

    def __init__(self, feeds, hosts, port, seed=7):
        rng = random.Random(seed)
        vocab = Vocabulary(rng)
        self.feeds, self.hosts, self.port = feeds, hosts, port
        slots = [(f, j) for f in range(feeds) for j in range(2)]
        rng.shuffle(slots)
        self.events = []
        self.item_event = {}
        i = 0
        while i < len(slots):
            size = rng.choice([1, 2, 3, 3, 4, 4, 5, 6])
            group = []
            while i < len(slots) and len(group) < size:
                group.append(slots[i]); i += 1
            ev = self.new_event(rng, vocab, len(self.events))
            self.events.append(ev)
            for s in group:
                self.item_event[s] = ev
        self.base_time = time.time() - 3 * 3600
        self.times = {s: self.base_time + rng.uniform(0, 3 * 3600) for s in slots}
        self.headlines = {s: self.item_event[s]["headline"] + rng.choice(SUFFIXES) for s in slots}
        self.docs = {f: self._feed_document(f) for f in range(feeds)}
        self.etags = {f: '"%s"' % hashlib.md5(d).hexdigest()[:16] for f, d in self.docs.items()}

    @staticmethod
    def new_event(rng, vocab, eid):
        v = {f"P{k}": vocab.name(rng.choice([2, 3])) for k in range(1, 5)}
        v.update({f"O{k}": vocab.name(3) for k in range(1, 5)})
        v.update({f"L{k}": vocab.name(rng.choice([2, 3])) for k in range(1, 3)})
        v.update({f"N{k}": vocab.word(rng.choice([2, 3])) for k in range(1, 16)})
        v.update({f"V{k}": vocab.word(3) + "ed" for k in range(1, 10)})
        v.update(n=rng.randrange(12, 4800), n2=rng.randrange(3, 90), m=rng.randrange(20, 300), p=rng.randrange(2, 40),
                 D=rng.choice(DAYS), D2=rng.choice(DAYS))
        paras = [t.format(**v) for t in PARAGRAPHS]
        return dict(id=eid, headline=rng.choice(HEADLINES).format(**v), paras=paras)

    def host_of(self, feed):
        return self.hosts[feed % len(self.hosts)]

    def article_url(self, feed, j):
        return f"http://{self.host_of(feed)}:{self.port}/article/{feed}/{j}"

    def _feed_document(self, feed):
        base = f"http://{self.host_of(feed)}:{self.port}"
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">',
                 f"<channel><title>Outlet {feed}</title><link>{base}/</link><description>Outlet {feed} news</description>"]
        for j in (1, 0):
            ev = self.item_event[(feed, j)]
            link = self.article_url(feed, j)
            date = email.utils.formatdate(self.times[(feed, j)], usegmt=True)
            parts.append(f"<item><title>{esc(self.headlines[(feed, j)])}</title><link>{link}</link><guid>{link}</guid>"
                         f"<pubDate>{date}</pubDate><description>{esc(ev['paras'][0])}</description></item>")
        parts.append("</channel></rss>")
        return "".join(parts).encode()

    def page(self, feed, j):
        if not (0 <= feed < self.feeds and j in (0, 1)):
            return None
        ev = self.item_event[(feed, j)]
        title = esc(self.headlines[(feed, j)])
        paras = "\n".join(f"<p>{esc(p)}</p>" for p in ev["paras"])
        date = email.utils.formatdate(self.times[(feed, j)], usegmt=True)
        return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | Outlet {feed}</title>"
                f"<meta name=\"description\" content=\"{esc(ev['paras'][0])}\">"
                f"<link rel=\"canonical\" href=\"{self.article_url(feed, j)}\"></head><body>"
                f"<header><a href=\"/\">Outlet {feed}</a><nav><a href=\"/news\">News</a> <a href=\"/sport\">Sport</a> "
                f"<a href=\"/weather\">Weather</a></nav></header>"
                f"<main><article><h1>{title}</h1><p class=\"byline\">By the newsdesk · {date}</p>\n{paras}\n</article>"
                f"<aside><h2>Most read</h2><ul><li><a href=\"/a\">Other stories</a></li><li><a href=\"/b\">More news</a></li></ul></aside></main>"
                f"<footer>© Outlet {feed} · <a href=\"/privacy\">Privacy</a></footer></body></html>").encode()


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# ---------------------------------------------------------------------------------------------
# The loopback server

class Counters:
    """Requests per worker (from the User-Agent's contact) and kind."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by = {}

    def count(self, who, kind):
        with self.lock:
            key = (who, kind)
            self.by[key] = self.by.get(key, 0) + 1

    def get(self, who, kind):
        with self.lock:
            return self.by.get((who, kind), 0)


def serve(newsroom, latency, counters):
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
            m = re.search(r"bench-(f\d+k\d+-w\d+)", self.headers.get("User-Agent", ""))
            who = m.group(1) if m else "?"
            time.sleep(latency)
            m = re.match(r"^/feed/(\d+)$", self.path)
            if m and int(m.group(1)) < newsroom.feeds:
                f = int(m.group(1))
                counters.count(who, "feed")
                if self.headers.get("If-None-Match") == newsroom.etags[f]:
                    return self.reply(304, headers=[("ETag", newsroom.etags[f])])
                return self.reply(200, newsroom.docs[f], [("Content-Type", "application/rss+xml"), ("ETag", newsroom.etags[f])])
            m = re.match(r"^/article/(\d+)/(\d+)$", self.path)
            if m:
                body = newsroom.page(int(m.group(1)), int(m.group(2)))
                if body is not None:
                    counters.count(who, "page")
                    return self.reply(200, body, [("Content-Type", "text/html; charset=utf-8")])
            counters.count(who, "other")
            return self.reply(404)

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        request_queue_size = 512

    servers = []
    for h in newsroom.hosts:
        s = Server((h, newsroom.port), Handler)
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servers.append(s)
    return servers


# ---------------------------------------------------------------------------------------------
# PostgreSQL and processes

def with_db(url, db):
    u = urlsplit(url)
    query = u.query or "sslmode=disable"
    return urlunsplit((u.scheme, u.netloc, "/" + db, query, ""))


def psql(url, sql):
    u = urlsplit(url)
    libpq = urlunsplit((u.scheme, u.netloc, u.path, "", ""))
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", libpq, "-c", sql],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


CLK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid, children=False):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    t = int(parts[11]) + int(parts[12])
    if children:
        t += int(parts[13]) + int(parts[14])
    return t / CLK


def proc_mem(pid):
    rss = hwm = 0.0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    return rss, hwm


def postgres_cpu(postmaster):
    """CPU seconds of the PostgreSQL server: the postmaster, its ended children, its live ones."""
    total = proc_cpu(postmaster, children=True)
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            if int(parts[1]) == postmaster:
                total += (int(parts[11]) + int(parts[12])) / CLK
        except (OSError, IndexError, ValueError):
            pass
    return total


def machine_busy():
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    idle = cpu[3] + cpu[4]
    return (sum(cpu) - idle) / CLK, sum(cpu) / CLK


def count_lines(path, needle):
    try:
        with open(path, errors="replace") as f:
            return sum(1 for line in f if needle in line)
    except OSError:
        return 0


STATUS_SQL = ("SELECT (SELECT count(*) FROM fetch_history), (SELECT count(*) FROM entry), "
              "(SELECT count(*) FROM article WHERE status IN ('done','failed')), "
              "(SELECT count(*) FROM entry WHERE analysis_json IS NOT NULL), "
              "(SELECT count(*) FROM entry WHERE story_id IS NOT NULL AND analysis_json IS NOT NULL), "
              "(SELECT count(DISTINCT story_id) FROM entry WHERE story_id IS NOT NULL)")


def write_config(path, a, db_url, newsroom, state, digests, contact):
    with open(path, "w") as f:
        f.write(f'database = "{db_url}"\nstate_dir = "{state}"\ndigest_dir = "{digests}"\ntimezone = "UTC"\n'
                f'poll_interval = "1h"\nper_host_spacing = "0s"\nper_host_concurrency = 4\nfull_text = true\n'
                f'allow_private_networks = true\nfetch_timeout = "10s"\nworker_lease = "15s"\nmetrics_listen = ""\n'
                f'formats = ["json"]\nuser_agent_contact = "{contact}"\nlog_level = "info"\n')
        if a.max_concurrent:
            f.write(f"max_concurrent_fetches = {a.max_concurrent}\n")
        for i in range(newsroom.feeds):
            f.write(f'\n[[feed]]\nurl = "http://{newsroom.host_of(i)}:{newsroom.port}/feed/{i}"\n')


def run_k(a, k, newsroom, counters, base_url, postmaster, work, handover):
    tag = f"F{newsroom.feeds}_k{k}"
    db = f"fw_scaleout_{tag.lower()}_{os.getpid()}"
    rc, _, err = psql(base_url, f"DROP DATABASE IF EXISTS {db}")
    rc, _, err = psql(base_url, f"CREATE DATABASE {db}")
    if rc != 0:
        sys.exit(f"CREATE DATABASE failed: {err}")
    db_url = with_db(base_url, db)
    expected = 2 * newsroom.feeds
    workers = []
    for i in range(k):
        d = os.path.join(work, f"{tag}_w{i + 1}")
        os.makedirs(os.path.join(d, "state")); os.makedirs(os.path.join(d, "digests"))
        conf = os.path.join(d, "feedwatch.toml")
        contact = f"bench-f{newsroom.feeds}k{k}-w{i + 1}"   # unique per run: the server counts by it
        write_config(conf, a, db_url, newsroom, os.path.join(d, "state"), os.path.join(d, "digests"), contact)
        workers.append(dict(name=f"w{i + 1}", dir=d, conf=conf, contact=contact.removeprefix("bench-"),
                            log=os.path.join(d, "stderr.log")))
    pg0 = postgres_cpu(postmaster)
    self0 = resource.getrusage(resource.RUSAGE_SELF)
    busy0, all0 = machine_busy()
    t0 = time.time()
    for w in workers:
        w["err"] = open(w["log"], "w")
        w["proc"] = subprocess.Popen([a.feedwatch, "run", "--config", w["conf"]], stdout=subprocess.DEVNULL, stderr=w["err"])
    stages = {}
    last = None
    nudges, progress, since = [], None, time.time()
    deadline = t0 + a.timeout
    while time.time() < deadline:
        time.sleep(0.25)
        rc, out, _ = psql(db_url, STATUS_SQL)
        if rc != 0 or not out:
            continue
        vals = [int(x) for x in out.split("|")]
        last = vals
        t = time.time() - t0
        names = ["feeds_polled", "entries_stored", "pages_done", "analysed", "with_story"]
        goals = [newsroom.feeds, expected, expected, expected, expected]
        for nm, v, g in zip(names, vals, goals):
            if nm not in stages and v >= g:
                stages[nm] = round(t, 2)
        if vals[4] >= expected:
            break
        # Every page is in but entries wait for their story: the clusterer sleeps until its next
        # look (up to 5 min after a cycle that found nothing more to do). SIGHUP (a config reload)
        # wakes its scheduler; each nudge is recorded with the counts it found.
        if "pages_done" in stages and a.nudge_after > 0:
            if progress != vals[3:5]:
                progress, since = vals[3:5], time.time()
            elif time.time() - since >= a.nudge_after:
                holder = role_holder(workers)
                if holder is not None:
                    holder["proc"].send_signal(signal.SIGHUP)
                    nudges.append(dict(at_s=round(t, 2), worker=holder["name"], analysed=vals[3], with_story=vals[4],
                                       expected=expected, idle_s=round(time.time() - since, 1)))
                since = time.time()
        for w in workers:
            if w["proc"].poll() is not None:
                sys.exit(f"worker {w['name']} exited with {w['proc'].returncode}; see {w['log']}")
    wall = time.time() - t0
    done = last is not None and last[4] >= expected
    busy1, all1 = machine_busy()
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    for w in workers:
        w["cpu"] = proc_cpu(w["proc"].pid)
        w["rss"], w["peak_rss"] = proc_mem(w["proc"].pid)
        w["role_lines"] = count_lines(w["log"], "clusterer role taken")
    pg1 = postgres_cpu(postmaster)
    result = dict(feeds=newsroom.feeds, workers=k, expected_entries=expected, completed=done,
                  wall_s=round(wall, 2), entries_per_s=round(expected / wall, 1) if done else None,
                  stages_s=stages, clusterer_nudges=nudges, final_counts=dict(zip(["fetch_history", "entries", "pages_done", "analysed",
                                                          "with_story", "stories"], last or [])),
                  postgres_cpu_s=round(pg1 - pg0, 2),
                  loopback_server_cpu_s=round((self1.ru_utime - self0.ru_utime) + (self1.ru_stime - self0.ru_stime), 2),
                  machine_busy_cpu_s=round(busy1 - busy0, 2),
                  machine_capacity_cpu_s=round((all1 - all0), 2))
    # The role hand-over, on the k = 3 run only, before the ordinary stop.
    if handover and k >= 2:
        result["role_handover"] = []
        alive = list(workers)
        while len(alive) >= 2:
            h = measure_handover(alive)
            result["role_handover"].append(h)
            if h.get("taken_by") is None:
                break
            alive = [w for w in alive if w["name"] != h["killed"]]
    for w in workers:
        if w["proc"].poll() is None:
            w["proc"].send_signal(signal.SIGTERM)
    for w in workers:
        try:
            w["proc"].wait(timeout=30)
        except subprocess.TimeoutExpired:
            w["proc"].kill(); w["proc"].wait()
        w["err"].close()
    per = []
    for w in workers:
        per.append(dict(worker=w["name"], pid=w["proc"].pid, cpu_s=round(w["cpu"], 2), peak_rss_mib=round(w["peak_rss"], 1),
                        rss_at_end_mib=round(w["rss"], 1),
                        feed_polled_lines=count_lines(w["log"], "feed polled"),
                        feed_requests=counters.get(w["contact"], "feed"), page_requests=counters.get(w["contact"], "page"),
                        held_role=w["role_lines"] > 0,
                        errors=count_lines(w["log"], "error"), warnings=count_lines(w["log"], "warning"),
                        log=w["log"]))
    result["per_worker"] = per
    result["worker_cpu_s"] = round(sum(p["cpu_s"] for p in per), 2)
    ours = result["worker_cpu_s"] + (result["postgres_cpu_s"] or 0) + result["loopback_server_cpu_s"]
    result["bench_cpu_share_of_capacity"] = round(ours / result["machine_capacity_cpu_s"], 3) if result["machine_capacity_cpu_s"] else None
    result["machine_busy_share"] = round(result["machine_busy_cpu_s"] / result["machine_capacity_cpu_s"], 3) if result["machine_capacity_cpu_s"] else None
    psql(base_url, f"DROP DATABASE IF EXISTS {db}")
    return result


def role_holder(workers):
    """The worker whose log last says it took the clusterer role (None if none has)."""
    best, when = None, ""
    for w in workers:
        try:
            with open(w["log"], errors="replace") as f:
                for line in f:
                    if "clusterer role taken" in line and line[:20] >= when:
                        best, when = w, line[:20]
        except OSError:
            pass
    return best


def measure_handover(workers):
    victim = role_holder(workers)
    if victim is None:
        return dict(error="no worker logged `clusterer role taken` before the kill")
    others = [w for w in workers if w is not victim]
    before = {w["name"]: count_lines(w["log"], "clusterer role taken") for w in others}
    time.sleep(random.uniform(0, 5))   # not in step with the others' 5 s retries
    victim["proc"].send_signal(signal.SIGKILL)
    t0 = time.time()
    victim["proc"].wait()
    while time.time() - t0 < 60:
        for w in others:
            if count_lines(w["log"], "clusterer role taken") > before[w["name"]]:
                return dict(killed=victim["name"], taken_by=w["name"], seconds=round(time.time() - t0, 2))
        time.sleep(0.1)
    return dict(killed=victim["name"], taken_by=None, seconds=None, error="no worker took the role within 60 s")


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feedwatch", required=True)
    ap.add_argument("--postgres-url", default=os.environ.get("FEEDWATCH_TEST_POSTGRES_URL"),
                    help="a superuser (or CREATEDB) URL; default $FEEDWATCH_TEST_POSTGRES_URL")
    ap.add_argument("--feeds", type=int, nargs="+", default=[600])
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--latency-ms", type=float, default=20)
    ap.add_argument("--port", type=int, default=18941)
    ap.add_argument("--max-concurrent", type=int, default=0, help="max_concurrent_fetches (default: feedwatch's)")
    ap.add_argument("--nudge-after", type=float, default=0,
                    help="once every page is done, SIGHUP the clusterer when no entry got a story for this long "
                         "(0, the default: never; on a shared database the clusterer looks every 5 s by itself, "
                         "and a run that needs a nudge shows a stall)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run before giving up")
    ap.add_argument("--json", default=".build/bench-scaleout.json")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (configs, logs)")
    a = ap.parse_args()
    if not a.postgres_url:
        sys.exit("no --postgres-url and no FEEDWATCH_TEST_POSTGRES_URL (start one: scripts/test-postgres.sh start)")
    rc, out, err = psql(a.postgres_url, "SHOW data_directory")
    postmaster = None
    if rc == 0:
        try:
            with open(os.path.join(out, "postmaster.pid")) as f:
                postmaster = int(f.readline())
        except (OSError, ValueError):
            postmaster = None
    if postmaster is None:
        print("note: the PostgreSQL server's CPU is not measured (its data directory is not readable here)")
    cores = os.cpu_count() or 1
    hosts = [f"127.0.0.{i + 2}" for i in range(a.hosts)]
    work = tempfile.mkdtemp(prefix="feedwatch-scaleout-")
    counters = Counters()
    results = []
    print(f"cores: {cores}; loopback latency {a.latency_ms:.0f} ms; per_host_spacing 0s, per_host_concurrency 4 "
          f"(politeness is not the bottleneck); worker_lease 15s; work dir {work}")
    for feeds in a.feeds:
        newsroom = Newsroom(feeds, hosts, a.port)
        servers = serve(newsroom, a.latency_ms / 1000, counters)
        print(f"\nF={feeds} feeds on {a.hosts} hosts: {2 * feeds} items, {len(newsroom.events)} events "
              f"({sum(1 for e in newsroom.events if sum(1 for v in newsroom.item_event.values() if v is e) > 1)} covered by several outlets)")
        for k in a.workers:
            r = run_k(a, k, newsroom, counters, a.postgres_url, postmaster if postmaster else os.getpid(), work,
                      handover=(k == max(a.workers)))
            if postmaster is None:
                r["postgres_cpu_s"] = None
            r["events"] = len(newsroom.events)
            results.append(r)
            print_run(r)
        for s in servers:
            s.shutdown(); s.server_close()
        a.port += 1
    print_table(results, cores)
    os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(dict(cores=cores, latency_ms=a.latency_ms, hosts=a.hosts, per_host_spacing="0s",
                       per_host_concurrency=4, worker_lease="15s", runs=results), f, indent=2)
    print(f"JSON: {a.json}")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


def print_run(r):
    st = r["stages_s"]
    print(f"  k={r['workers']}: {'done' if r['completed'] else 'NOT DONE'} in {r['wall_s']:.1f} s "
          f"(feeds polled at {st.get('feeds_polled', '-')} s, pages done at {st.get('pages_done', '-')} s, "
          f"analysed at {st.get('analysed', '-')} s, all with a story at {st.get('with_story', '-')} s); "
          f"stories {r['final_counts'].get('stories', '?')} for {r['events']} events")
    for n in r["clusterer_nudges"]:
        print(f"     clusterer idle {n['idle_s']} s with {n['expected'] - n['with_story']} entries without a story "
              f"({n['expected'] - n['analysed']} not analysed): SIGHUP to {n['worker']} at {n['at_s']} s")
    for p in r["per_worker"]:
        print(f"     {p['worker']}: cpu {p['cpu_s']:6.1f} s  peak RSS {p['peak_rss_mib']:6.1f} MiB  feeds {p['feed_requests']:5d} "
              f"(log {p['feed_polled_lines']:5d})  pages {p['page_requests']:5d}  {'CLUSTERER' if p['held_role'] else 'fetcher  '}  "
              f"errors {p['errors']} warnings {p['warnings']}")
    for h in r.get("role_handover", []):
        print(f"     clusterer role hand-over after SIGKILL: {h}")


def print_table(results, cores):
    print(f"\n{'F':>5} {'k':>2} {'pages s':>7} {'wall s':>7} {'nudges':>6} {'entries/s':>9} {'speedup':>7} {'worker CPU s':>12} {'pg CPU s':>8} "
          f"{'server CPU s':>12} {'ours/busy/cap':>14} {'peak RSS MiB (each)':>22} {'feeds (each)':>16} {'pages (each)':>16}")
    base = {}
    for r in results:
        if r["workers"] == 1 and r["completed"]:
            base[r["feeds"]] = r["wall_s"]
        sp = base.get(r["feeds"], 0) / r["wall_s"] if r["completed"] and r["feeds"] in base else 0
        pg = "-" if r["postgres_cpu_s"] is None else f"{r['postgres_cpu_s']:.1f}"
        ours = r["worker_cpu_s"] + (r["postgres_cpu_s"] or 0) + r["loopback_server_cpu_s"]
        util = f"{ours:.0f}/{r['machine_busy_cpu_s']:.0f}/{r['machine_capacity_cpu_s']:.0f}"
        eps = f"{r['entries_per_s']:.1f}" if r["entries_per_s"] else "-"
        pages = r["stages_s"].get("pages_done")
        pages = f"{pages:.1f}" if pages is not None else "-"
        print(f"{r['feeds']:>5} {r['workers']:>2} {pages:>7} {r['wall_s']:>7.1f} {len(r['clusterer_nudges']):>6} {eps:>9} {sp:>7.2f} {r['worker_cpu_s']:>12.1f} {pg:>8} "
              f"{r['loopback_server_cpu_s']:>12.1f} {util:>14} "
              f"{'/'.join('%.0f' % p['peak_rss_mib'] for p in r['per_worker']):>22} "
              f"{'/'.join(str(p['feed_requests']) for p in r['per_worker']):>16} "
              f"{'/'.join(str(p['page_requests']) for p in r['per_worker']):>16}")
    parts = []
    for r in results:
        parts.append(f"F{r['feeds']}k{r['workers']}={r['wall_s']:.1f}s/{r['entries_per_s'] or 0:.0f}eps"
                     f"(pages@{r['stages_s'].get('pages_done', '-')}s)")
    ho = [h for r in results for h in r.get("role_handover", [])]
    hos = ",".join(str(h.get("seconds")) for h in ho)
    print(f"SCALEOUT cores={cores} " + " ".join(parts) + f" role_handover_s={hos}")
    print("(pages s: every feed polled and every page fetched and extracted; wall s: every entry analysed and with a "
          "story; nudges: SIGHUPs that woke an idle clusterer)")
    print(f"(ours/busy/cap = CPU seconds of the workers + PostgreSQL + this loopback server / CPU seconds the whole machine "
          f"was busy / {cores} cores x wall: busy near cap means the machine, not feedwatch, is the ceiling; busy above "
          f"ours is other processes on the machine)")


if __name__ == "__main__":
    main()
