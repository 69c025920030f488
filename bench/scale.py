"""Page latency on a big archive against a small one, measured side by side.

    masthead generate-corpus --articles 10000     # in one data folder/database
    masthead generate-corpus --articles 1000000   # in another (20 min on PostgreSQL)
    python bench/scale.py \\
        --small /tmp/mh-10k=postgres://postgres@127.0.0.1/mh_scale_10k \\
        --large /tmp/mh-million=postgres://postgres@127.0.0.1/mh_million

Each archive is DATA_FOLDER=DATABASE_URL (leave out "=…" for SQLite in the
folder). Both get a `masthead serve` of their own on loopback (one worker
process each, no scheduler), and one client asks them in turn, request by
request, so whatever else the machine is doing slows both alike:

* article, miss: a different story every time, so every request is rendered
  (the story, its section, bylines, tags, related stories, most read);
* front page and section front, miss: a query string of its own each time,
  which the page cache keys on, so Django renders the page;
* article and front page, hit: the same address again, from the page cache.

Every "miss" is checked to be one (X-Cache: MISS) and every "hit" a HIT.
Prints medians and p95 in milliseconds and the large ÷ small ratio;
docs/performance.md keeps the results. Not a unit test: ratios measured in
the same run are what to compare.
"""

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

KINDS = (
    "article, miss",
    "front page, miss",
    "section, miss",
    "article, hit",
    "front page, hit",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", required=True, type=archive, metavar="DATA[=URL]")
    parser.add_argument("--large", required=True, type=archive, metavar="DATA[=URL]")
    parser.add_argument("--requests", type=int, default=200, help="per page kind")
    args = parser.parse_args()

    with ExitStack() as stack:
        sites = {}
        for name, (data, url) in (("small", args.small), ("large", args.large)):
            base = stack.enter_context(serving(data, url))
            stories = story_paths(data, url, args.requests)
            sites[name] = Site(name, base, stories, article_count(data, url))
        timings = {name: {kind: [] for kind in KINDS} for name in sites}
        for site in sites.values():
            site.warm_up()
        for n in range(args.requests):
            for site in sites.values():  # one request each, in turn
                for kind in KINDS:
                    timings[site.name][kind].append(site.timed(kind, n))
    print_table(sites, timings)


def archive(raw: str) -> tuple[Path, str]:
    data, _, url = raw.partition("=")
    if not Path(data).is_dir():
        raise argparse.ArgumentTypeError(f"{data} is not a data folder")
    return Path(data), url


class Site:
    def __init__(self, name: str, base: str, stories: list[str], articles: int):
        self.name, self.base, self.stories, self.articles = (
            name,
            base,
            stories,
            articles,
        )
        self.section = "/" + stories[0].strip("/").split("/")[0] + "/"

    def warm_up(self) -> None:
        for path in (*self.stories[-20:], "/", self.section):
            fetch(self.base + path)

    def timed(self, kind: str, n: int) -> float:
        path, expect = {
            "article, miss": (self.stories[n], "MISS"),
            "front page, miss": (f"/?scale={n}", "MISS"),
            "section, miss": (f"{self.section}?scale={n}", "MISS"),
            "article, hit": (self.stories[0], "HIT"),
            "front page, hit": ("/", "HIT"),
        }[kind]
        started = time.perf_counter()
        state = fetch(self.base + path)
        elapsed = (time.perf_counter() - started) * 1000
        if state != expect and n > 0:
            raise SystemExit(f"bench: {self.name} {path} was a {state}, not a {expect}")
        return elapsed


def fetch(url: str) -> str:
    headers = {"Accept-Encoding": "gzip"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        response.read()
        return response.headers.get("X-Cache", "")


def environment(data: Path, url: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(MASTHEAD_DATA=str(data), MASTHEAD_RATE_LIMIT_SEARCH="off")
    if url:
        env["DATABASE_URL"] = url
    return env


def shell(data: Path, url: str, code: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "masthead", "manage", "shell", "-c", code],
        env=environment(data, url),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def article_count(data: Path, url: str) -> int:
    code = (
        "from masthead.articles.models import ArticlePage as A;print(A.objects.count())"
    )
    return int(shell(data, url, code).split()[-1])


def story_paths(data: Path, url: str, count: int) -> list[str]:
    """`count` + 20 live stories picked at random across the whole archive."""
    code = f"""
import random
from masthead.articles.models import ArticlePage as A
top = A.objects.order_by("-pk").values_list("pk", flat=True).first()
picked = random.Random(7).sample(range(1, top + 1), min(top, {count * 3 + 60}))
pages = A.objects.live().filter(pk__in=picked)[: {count + 20}]
print("\\n".join(p.url for p in pages))
"""
    paths = [line for line in shell(data, url, code).split() if line.startswith("/")]
    random.Random(7).shuffle(paths)
    if len(paths) < count + 20:
        raise SystemExit(f"bench: {data} has too few live stories")
    return paths


@contextmanager
def serving(data: Path, url: str):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = [
        sys.executable,
        "-m",
        "masthead",
        "serve",
        "--port",
        str(port),
        "--no-worker",
        "--workers",
        "1",
    ]
    process = subprocess.Popen(argv, env=environment(data, url), start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                fetch(base + "/robots.txt")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"bench: masthead serve on {data} did not start")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def print_table(sites: dict[str, Site], timings) -> None:
    small, large = sites["small"], sites["large"]
    print(
        f"| page | {small.articles:,} stories: p50 / p95 ms "
        f"| {large.articles:,} stories: p50 / p95 ms | ratio of p50 | ratio of p95 |"
    )
    print("|---|---|---|---|---|")
    for kind in KINDS:
        a, b = timings["small"][kind], timings["large"][kind]
        print(
            f"| {kind} | {statistics.median(a):.1f} / {p95(a):.1f} "
            f"| {statistics.median(b):.1f} / {p95(b):.1f} "
            f"| {statistics.median(b) / statistics.median(a):.2f}x "
            f"| {p95(b) / p95(a):.2f}x |"
        )


if __name__ == "__main__":
    main()
