"""Load and soak: a busy news day's mixed traffic for ten minutes, nothing lost.

    python bench/soak.py [--data masthead-soak-data] [--articles 10000]
        [--duration 600] [--connections 200] [--port 8400]

DATABASE_URL (PostgreSQL) and REDIS_URL (Redis cache) pick the production
services, as they do for `masthead serve`. The first run builds an archive in
--data (migrate, the demo newsroom, `masthead generate-corpus` up to
--articles stories, the search index). Then it starts a real
`masthead serve` (--workers, default 2, with its scheduled-publishing worker)
and sends, over --connections keep-alive connections for --duration seconds:

* 90 % cached reads: the front page, the sections, /latest/ and the 200 newest
  stories, all rendered once before the clock starts;
* 5 % uncached pages: stories from deep in the archive, tag pages and deep
  section pages (?page=N), each with a query string never seen before, so
  that Django renders every one;
* 3 % searches for one or two words from the archive's headlines;
* 2 % comment posts, each a valid form (the signed token read from the
  article page, as a browser has it) carrying a unique marker.

wrk (with a Lua script) sends the first three over 95 % of the connections;
this script posts the comments over the other 5 % (a post waits longer than a
read), keeping them at 2 % of what wrk has sent so far (wrk's threads write
their counts to a file) and noting the answer to each. The rate limits on
comments and search are lifted for the run (every client here is 127.0.0.1):
a post answered 429 would be counted apart, not as lost.

At the end it reports requests, requests/s, 5xx, socket errors and timeouts,
comments acknowledged (a redirect back to the article) against the markers
found in the database (every acknowledged one must be there, once), the CPU
time the clients used beside the server's, and each granian worker process's
peak and current memory (VmHWM / VmRSS) at the start and at the end. Exits 1 on
a 5xx or a lost comment. Not a unit test: the rates depend on the machine.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

PAGE_SIZE = 20  # MASTHEAD_PAGE_SIZE: stories on a section page
HOT_STORIES = 200  # the stories on the front page and in the sections today
RARE_STORIES = 3_000  # drawn from the rest of the archive for uncached reads
COMMENT_TARGETS = 50  # stories whose comment forms the posters use
MIX = {"cached": 90, "uncached": 5, "search": 3, "comment": 2}  # per cent
WRK_THREADS = 2
WRK_TIMEOUT = "30s"  # a reader waits this long before giving up on a page
SAMPLE_SECONDS = 60  # how often worker memory is read during the run
TOKEN = re.compile(r'name="token" value="([^"]+)"')
ACTION = re.compile(r'action="/comments/post/(\d+)/"')
MARKER = re.compile(r"\[(soak-[0-9a-f]+-\d+)\]")
LIMIT = 32_767  # the largest value the per-hour comment limit fields hold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="masthead-soak-data")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=600, help="seconds")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8400)
    args = parser.parse_args()

    os.environ["MASTHEAD_DATA"] = str(Path(args.data).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")
    # Every client is 127.0.0.1: per-address limits would refuse the load.
    os.environ["MASTHEAD_RATE_LIMIT_COMMENTS"] = "off"
    os.environ["MASTHEAD_RATE_LIMIT_SEARCH"] = "off"
    build_archive(args.articles)
    import django

    django.setup()
    from django.db import connection

    paths = prepare()
    vendor = connection.vendor
    cache = "Redis" if os.environ.get("REDIS_URL") else "diskcache"
    connection.close()  # the server's connections only, while it runs

    run = uuid.uuid4().hex[:8]
    # The wrk script, its counts and the server's log, kept with the archive.
    scratch = Path(args.data).resolve() / "soak-runs" / run
    scratch.mkdir(parents=True)
    log = scratch / "server.log"
    server = start_server(args.port, args.workers, log)
    try:
        base = f"http://127.0.0.1:{args.port}"
        warm(args.port, paths)
        targets = comment_targets(args.port, paths["comment"])
        workers = worker_pids(server.pid)
        memory_start = {pid: memory(pid) for pid in workers}
        server_cpu_start = sum(cpu_seconds(pid) for pid in workers)
        # A post waits longer than a cached read, so posting needs more than
        # its share of connections to keep its share of requests; paced, the
        # spare ones wait.
        poster_connections = max(2, args.connections * 5 // 100)
        script = write_script(scratch, paths)
        print(
            f"{vendor} + {cache}: {len(workers)} granian workers {workers}; "
            f"{args.connections} connections ({poster_connections} posting) "
            f"for {args.duration} s; load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        started = time.monotonic()
        client_cpu_start = time.process_time()
        wrk = subprocess.Popen(
            [
                "wrk",
                f"-t{WRK_THREADS}",
                f"-c{args.connections - poster_connections}",
                f"-d{args.duration}s",
                f"--timeout={WRK_TIMEOUT}",
                "-s",
                str(script),
                base + "/",
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "SOAK_DIR": str(scratch)},
        )
        posting = Posting(args.port, targets, run, scratch)
        posters = [
            threading.Thread(target=posting.post_until_stopped, daemon=True)
            for _ in range(poster_connections)
        ]
        for thread in posters:
            thread.start()
        timeline = sample_memory(wrk, workers, started)
        wrk_output = wrk.communicate()[0]
        posting.stop.set()
        for thread in posters:
            thread.join()
        elapsed = time.monotonic() - started
        client_cpu = time.process_time() - client_cpu_start + children_cpu()
        server_cpu = sum(cpu_seconds(pid) for pid in workers) - server_cpu_start
        memory_end = {pid: memory(pid) for pid in workers}
    finally:
        stop_server(server)

    stored = stored_markers(run)
    report(
        args,
        vendor,
        cache,
        elapsed,
        parse_wrk(wrk_output, scratch),
        posting,
        stored,
        (memory_start, memory_end, timeline),
        (client_cpu, server_cpu),
        log,
    )


# --- the archive ---------------------------------------------------------------


def build_archive(articles: int) -> None:
    def masthead(*argv: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "masthead", *argv],
            check=True,
            text=True,
            stdout=subprocess.PIPE,
        ).stdout

    def count() -> int:
        return int(masthead("manage", "shell", "-c", COUNT).split()[-1])

    masthead("manage", "migrate", "-v0")
    if count() == 0:
        masthead("manage", "load_demo", "-v0")
    missing = articles - count()
    if missing > 0:
        masthead("generate-corpus", "--articles", str(missing))
        masthead("manage", "update_index", "-v0")


COUNT = (
    "from masthead.articles.models import ArticlePage;"
    "print(ArticlePage.objects.count())"
)


def prepare() -> dict[str, list[str]]:
    """Comments open everywhere with the per-hour limits lifted; the paths of
    each kind of request."""
    from taggit.models import Tag
    from wagtail.models import Site

    from masthead.articles.models import ArticlePage, SectionPage
    from masthead.comments.models import ClosedThread, CommentSettings

    policy = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    policy.per_ip_per_hour = policy.per_email_per_hour = LIMIT
    policy.close_after_days = 0
    policy.save()
    ClosedThread.objects.all().delete()

    stories = ArticlePage.objects.live().order_by("-first_published_at")
    hot = [story.url for story in stories[:HOT_STORIES]]
    rng = random.Random(1)  # the same paths every run
    archive_ids = list(stories[HOT_STORIES:].values_list("pk", flat=True))
    rare_ids = rng.sample(archive_ids, min(RARE_STORIES, len(archive_ids)))
    rare = [story.url for story in ArticlePage.objects.filter(pk__in=rare_ids)]
    sections = list(SectionPage.objects.live())
    deep = []
    for section in sections:
        pages = ArticlePage.objects.live().in_section(section).count() // PAGE_SIZE
        deep += [f"{section.url}?page={n}" for n in range(2, pages + 1)]
    tags = [f"/tags/{slug}/" for slug in Tag.objects.values_list("slug", flat=True)]
    words = sorted(
        {
            word.lower()
            for title in stories[:2000].values_list("title", flat=True)
            for word in re.findall(r"[A-Za-z]{4,}", title)
        }
    )
    return {
        "cached": ["/", "/latest/", *(s.url for s in sections), *hot],
        "uncached": rare + deep + tags,
        "words": words,
        "comment": hot[:COMMENT_TARGETS],
    }


# --- the server --------------------------------------------------------------


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "masthead",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its worker processes stop with it
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"masthead serve exited: see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/robots.txt")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"masthead serve did not answer on port {port} within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def worker_pids(server_pid: int) -> list[int]:
    """granian's worker processes: the serve process's children that are not
    the scheduled-publishing worker or multiprocessing's resource tracker."""
    pids = []
    for pid in children(server_pid):
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        if b"masthead worker" not in command and b"resource_tracker" not in command:
            pids.append(pid)
    return sorted(pids)


def memory(pid: int) -> dict[str, int]:
    """Peak (VmHWM) and current (VmRSS) resident memory, in MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = int(rest.split()[0]) // 1024
    return values


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime  # wrk, and the build commands before


def sample_memory(wrk, workers, started) -> list[tuple[int, dict[int, int]]]:
    timeline = []
    while True:
        try:
            wrk.wait(timeout=SAMPLE_SECONDS)
            return timeline
        except subprocess.TimeoutExpired:
            rss = {pid: memory(pid)["VmRSS"] for pid in workers}
            timeline.append((int(time.monotonic() - started), rss))
            print(f"  {timeline[-1][0]:4d} s  RSS MiB {rss}", flush=True)


# --- the clients -----------------------------------------------------------------


def warm(port: int, paths: dict[str, list[str]]) -> None:
    """Every cached-read page rendered once, so the run starts warm."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for path in paths["cached"]:
        conn.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status} while warming up")


def comment_targets(port: int, paths: list[str]) -> list[tuple[int, str]]:
    """(article id, token) from each story's comment form, as a browser has them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    targets = []
    for path in paths:
        conn.request("GET", path)
        page = conn.getresponse().read().decode()
        action, token = ACTION.search(page), TOKEN.search(page)
        if not action or not token:
            raise SystemExit(f"{path} shows no open comment form")
        targets.append((int(action.group(1)), token.group(1)))
    return targets


class Posting:
    """Comment posts kept at their share of what wrk has sent, each answer noted."""

    def __init__(self, port: int, targets, run: str, scratch: Path):
        self.port = port
        self.targets = targets
        self.run = run
        self.scratch = scratch
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.sent = 0
        self.wrk_sent = 0
        self.checked_at = 0.0
        self.acknowledged: list[str] = []
        self.outcomes: Counter[str] = Counter()

    def due(self) -> int | None:
        """The number of the next post, once wrk's traffic calls for one."""
        with self.lock:
            now = time.monotonic()
            if now - self.checked_at > 0.2:
                self.checked_at = now
                self.wrk_sent = sum(
                    int(f.read_text() or 0) for f in self.scratch.glob("progress-*")
                )
            share = MIX["comment"] / (100 - MIX["comment"])
            if self.sent >= self.wrk_sent * share:
                return None
            self.sent += 1
            return self.sent

    def post_until_stopped(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while not self.stop.is_set():
            n = self.due()
            if n is None:
                time.sleep(0.02)
                continue
            marker = f"soak-{self.run}-{n}"
            article_id, token = self.targets[n % len(self.targets)]
            body = urlencode(
                {
                    "name": f"Soak reader {n}",
                    "email": f"reader{n}@soak.example",
                    "website": "",
                    "text": f"A comment under load, number {n} [{marker}].",
                    "token": token,
                    "homepage": "",
                }
            )
            outcome = self.send(conn, article_id, body)
            if outcome == "error":
                conn.close()
            with self.lock:
                self.outcomes[outcome] += 1
                if outcome == "acknowledged":
                    self.acknowledged.append(marker)

    def send(self, conn, article_id: int, body: str) -> str:
        try:
            conn.request(
                "POST",
                f"/comments/post/{article_id}/",
                body,
                {
                    "Origin": f"http://127.0.0.1:{self.port}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            return "error"
        if response.status in (302, 303) and "comment=" in (
            response.getheader("Location") or ""
        ):
            return "acknowledged"
        return f"HTTP {response.status}"


def stored_markers(run: str) -> Counter[str]:
    from masthead.comments.models import Comment

    texts = Comment.objects.filter(text__contains=f"[soak-{run}-").values_list(
        "text", flat=True
    )
    return Counter(MARKER.search(text).group(1) for text in texts)


# --- wrk ---------------------------------------------------------------------

LUA = r"""
-- Generated by bench/soak.py: cached reads, uncached pages and searches in
-- their shares; each thread writes how many answers it has had, for the
-- comment posters to keep pace, and counts statuses for the report.
local cached = {CACHED}
local uncached = {UNCACHED}
local words = {WORDS}
local cached_share, uncached_share = {CACHED_SHARE}, {UNCACHED_SHARE}
local all_shares = cached_share + uncached_share + {SEARCH_SHARE}
local dir = os.getenv("SOAK_DIR")
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  math.randomseed(id * 7919 + os.time())
  answers, statuses, sequence = 0, {}, 0
  wrk.headers["Accept-Encoding"] = "br, gzip"
end

function request()
  local r = math.random() * all_shares
  local path
  if r < cached_share then
    path = cached[math.random(#cached)]
  elseif r < cached_share + uncached_share then
    sequence = sequence + 1
    path = uncached[math.random(#uncached)]
    local join = path:find("?", 1, true) and "&" or "?"
    path = path .. join .. "soak=" .. id .. "-" .. sequence .. "-" .. math.random(1e9)
  else
    local q = words[math.random(#words)]
    if math.random() < 0.5 then q = q .. "+" .. words[math.random(#words)] end
    path = "/search/?q=" .. q
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  answers = answers + 1
  statuses[status] = (statuses[status] or 0) + 1
  if answers % 100 == 0 then
    local f = io.open(dir .. "/progress-" .. id, "w")
    f:write(answers)
    f:close()
  end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      totals[tostring(status)] = (totals[tostring(status)] or 0) + n
    end
  end
  local f = io.open(dir .. "/statuses.json", "w")
  local parts = {}
  for status, n in pairs(totals) do
    table.insert(parts, string.format('"%s": %d', status, n))
  end
  f:write("{" .. table.concat(parts, ", ") .. "}")
  f:close()
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def lua_list(items: list[str]) -> str:
    """A Lua table of strings; percent-encoded, so JSON's quoting is Lua's."""
    return "{" + ",".join(json.dumps(quote(item, safe="/?=&")) for item in items) + "}"


def write_script(scratch: Path, paths: dict[str, list[str]]) -> Path:
    script = scratch / "soak.lua"
    text = (
        LUA.replace("{CACHED}", lua_list(paths["cached"]))
        .replace("{UNCACHED}", lua_list(paths["uncached"]))
        .replace("{WORDS}", lua_list(paths["words"]))
        .replace("{CACHED_SHARE}", str(MIX["cached"]))
        .replace("{UNCACHED_SHARE}", str(MIX["uncached"]))
        .replace("{SEARCH_SHARE}", str(MIX["search"]))
    )
    script.write_text(text)
    return script


def parse_wrk(output: str, scratch: Path) -> dict:
    def number(pattern: str) -> int:
        found = re.search(pattern, output)
        return int(found.group(1)) if found else 0

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    names = ("connect", "read", "write", "timeout")
    statuses = json.loads((scratch / "statuses.json").read_text())
    return {
        "requests": number(r"(\d+) requests in"),
        "errors": {n: int(v) for n, v in zip(names, errors.groups(), strict=True)}
        if errors
        else {},
        "statuses": {int(k): v for k, v in statuses.items()},
        "latency": re.search(r"latency p50.*", output).group(0),
        "output": output,
    }


# --- the report ----------------------------------------------------------------


def report(args, vendor, cache, elapsed, wrk, posting, stored, memory, cpu, log):
    memory_start, memory_end, timeline = memory
    client_cpu, server_cpu = cpu
    posts = sum(posting.outcomes.values())
    total = wrk["requests"] + posts
    statuses = Counter(wrk["statuses"])
    for outcome, n in posting.outcomes.items():
        if outcome.startswith("HTTP "):
            statuses[int(outcome.split()[1])] += n
    statuses[302] += posting.outcomes["acknowledged"]
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    acknowledged = Counter(posting.acknowledged)
    lost = [m for m in acknowledged if m not in stored]
    twice = [m for m, n in stored.items() if n > 1]
    unacknowledged = [m for m in stored if m not in acknowledged]
    print(f"\n{vendor} + {cache}, {args.workers} workers, {elapsed:.0f} s")
    print(f"| requests | {total:,} |")
    print(f"| requests/s | {total / elapsed:,.0f} |")
    print(f"| responses by status | {dict(sorted(statuses.items()))} |")
    print(f"| 5xx | {server_errors} |")
    print(f"| wrk socket errors | {wrk['errors']} |")
    print(f"| wrk latency | {wrk['latency']} |")
    print(
        f"| comment posts | {posts:,} ({100 * posts / max(total, 1):.2f} % of "
        f"requests): {dict(posting.outcomes)} |"
    )
    print(
        f"| comments stored | {sum(stored.values()):,} · lost {len(lost)} · "
        f"stored twice {len(twice)} · stored, answer not seen "
        f"{len(unacknowledged)} |"
    )
    for pid in memory_start:
        start, end = memory_start[pid], memory_end[pid]
        print(
            f"| worker {pid} MiB | start VmHWM {start['VmHWM']} VmRSS "
            f"{start['VmRSS']} · end VmHWM {end['VmHWM']} VmRSS {end['VmRSS']} |"
        )
    rss = " → ".join(
        "/".join(str(rss[pid]) for pid in memory_start) for _, rss in timeline
    )
    print(f"| VmRSS every {SAMPLE_SECONDS} s, MiB | {rss} |")
    print(
        f"| CPU seconds | server workers {server_cpu:.0f} · clients (wrk + "
        f"posters) {client_cpu:.0f} |"
    )
    print(f"| load average at the end | {os.getloadavg()[0]:.1f} |")
    errors = [line for line in log.read_text().splitlines() if "Error" in line]
    print(f"server log {log}: {len(errors)} error lines {errors[:3]}")
    if server_errors or lost:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
