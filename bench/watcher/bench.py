#!/usr/bin/env python3
"""One `feedwatch once` cycle over N feeds served from loopback, then the daemon's idle cost.

Feeds are the files of the feed-parsing bench corpus, served round-robin by a threaded HTTP
server on 50 loopback addresses (127.0.0.1-50, so per-host politeness applies as with real
hosts), with ETag/Last-Modified so the second cycle is all 304s. Reports wall time, CPU time
(user+sys) and peak RSS of each cycle, and RSS/CPU of `feedwatch run` while idle between polls.
"""
import argparse, hashlib, http.server, os, re, resource, socketserver, subprocess, sys, tempfile, threading, time

def serve(files, hosts, port):
    bodies = [open(f, "rb").read() for f in files]
    etags = ['"%s"' % hashlib.md5(b).hexdigest()[:16] for b in bodies]

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *a): pass
        def do_GET(self):
            m = re.match(r"^/feed/(\d+)$", self.path)
            if not m:
                self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
            i = int(m.group(1)) % len(bodies)
            if self.headers.get("If-None-Match") == etags[i]:
                self.send_response(304); self.send_header("ETag", etags[i]); self.send_header("Content-Length", "0"); self.end_headers(); return
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("ETag", etags[i])
            self.send_header("Content-Length", str(len(bodies[i])))
            self.end_headers()
            self.wfile.write(bodies[i])

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        request_queue_size = 256
    servers = []
    for h in hosts:
        s = Server((h, port), Handler)
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servers.append(s)
    return servers

def run_timed(cmd, log=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "--"] + cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    wall = time.time() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = p.stderr.strip().splitlines()
    if log:
        with open(log, "w") as f: f.write(p.stderr)
    rss_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    summary = [l for l in lines if "feeds polled" in l]
    return wall, cpu, rss_kb / 1024, (summary[-1] if summary else ""), p.returncode

def proc_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    ticks = int(parts[11]) + int(parts[12])
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"): rss = int(line.split()[1]) / 1024
    return ticks / os.sysconf("SC_CLK_TCK"), rss

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feedwatch", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--idle-seconds", type=int, default=60)
    ap.add_argument("--port", type=int, default=18931)
    ap.add_argument("--log", help="write the cold cycle's log (level debug) to this file, to see where its time goes")
    ap.add_argument("--idle-only", action="store_true", help="skip the two `once` cycles; the daemon does the first cycle itself")
    a = ap.parse_args()
    files = sorted(os.path.join(a.corpus, f) for f in os.listdir(a.corpus) if not f.startswith("gen__"))
    hosts = ["127.0.0.%d" % (i + 1) for i in range(a.hosts)]
    serve(files, hosts, a.port)
    work = tempfile.mkdtemp(prefix="feedwatch-bench-")
    conf = os.path.join(work, "feedwatch.toml")
    with open(conf, "w") as f:
        f.write('state_dir = "state"\ndigest_dir = "digests"\ntimezone = "UTC"\nfull_text = false\n')
        f.write('max_concurrent_fetches = 16\nper_host_concurrency = 2\nper_host_spacing = "0s"\nlog_level = "%s"\n' % ("debug" if a.log else "warning"))
        for i in range(a.feeds):
            f.write('[[feed]]\nurl = "http://%s:%d/feed/%d"\n' % (hosts[i % len(hosts)], a.port, i))
    total_bytes = sum(os.path.getsize(files[i % len(files)]) for i in range(a.feeds))
    print(f"{a.feeds} feeds ({total_bytes / 1e6:.1f} MB) from {len(files)} corpus files on {len(hosts)} loopback hosts")
    if a.idle_only:
        cold = warm = (0, 0, 0, "", 0)
    else:
        cold = run_timed([a.feedwatch, "once", "--config", conf, "--all"], log=a.log)
    if not a.idle_only:
      print(f"once, cold (all 200):  wall {cold[0]:6.1f} s  cpu {cold[1]:6.1f} s  peak RSS {cold[2]:6.1f} MiB  | {cold[3]}")
      warm = run_timed([a.feedwatch, "once", "--config", conf, "--all"])
      print(f"once, warm (all 304):  wall {warm[0]:6.1f} s  cpu {warm[1]:6.1f} s  peak RSS {warm[2]:6.1f} MiB  | {warm[3]}")
    # The daemon: start it, wait until its first cycle is over (its CPU time stops growing), then
    # watch it idle between polls.
    p = subprocess.Popen([a.feedwatch, "run", "--config", conf], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    last, stable, deadline = -1.0, 0, time.time() + 900
    while time.time() < deadline and stable < 3:
        time.sleep(5)
        cpu, _ = proc_stat(p.pid)
        stable = stable + 1 if cpu - last < 0.05 else 0
        last = cpu
    cpu0, rss0 = proc_stat(p.pid)
    time.sleep(a.idle_seconds)
    cpu1, rss1 = proc_stat(p.pid)
    p.terminate(); p.wait(timeout=30)
    print(f"run, idle {a.idle_seconds} s between polls: RSS {rss1:.1f} MiB, CPU {cpu1 - cpu0:.2f} s ({100 * (cpu1 - cpu0) / a.idle_seconds:.2f} % of one core)")
    print(f"SUMMARY feeds={a.feeds} cold_wall={cold[0]:.1f}s cold_cpu={cold[1]:.1f}s cold_rss={cold[2]:.0f}MiB warm_wall={warm[0]:.1f}s idle_rss={rss1:.0f}MiB idle_cpu={100 * (cpu1 - cpu0) / a.idle_seconds:.2f}%")

if __name__ == "__main__":
    main()
