"""Readers per second: Masthead's page cache against nginx serving the same bytes.

    apt-get install wrk nginx                       # Debian packages, once
    pip install -e ".[bench]"                       # gunicorn, for the comparison
    python bench/serving.py [--data masthead-bench-data] [--articles 100000]

Builds an archive in --data the first time (migrate, the demo newsroom, then
`masthead generate-corpus` up to --articles stories; DATABASE_URL picks
PostgreSQL), starts `masthead serve` on loopback as a newspaper would run it,
and measures with wrk (2 threads, keep-alive, gzip accepted):

* nginx serving the same article bytes as a pre-compressed static file
  (`gzip_static on`): the physical limit, measured in the same run;
* the cached article, front page, a section and a search, at 32 connections,
  and the article at 64;
* cache misses: every request a different article, so Django renders each one
  (one client after another, then 64 at once);
* the same cached article and misses under gunicorn, with as many workers;
* in one process, the render time and number of queries of each page type.

Prints a Markdown table; docs/performance.md keeps the results.
Not a unit test: the numbers depend on the machine, so ratios to nginx in the
same run are what to compare.
"""

import argparse
import gzip
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

WRK_THREADS = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="masthead-bench-data")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--misses", type=int, default=300)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"bench: {tool} is missing: apt-get install {tool}")

    os.environ["MASTHEAD_DATA"] = args.data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")
    build_archive(args.articles)
    cores = os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        port = free_port()
        with running(masthead_command(port), "masthead serve") as base:
            pages = find_pages(base)
            article_gz = fetch(base + pages["article"], gzip_ok=True)
            # Disjoint sets of articles, so that each run's requests are misses.
            misses = article_urls(base, args.misses + 6000)
            sequential_set = misses[: args.misses]
            granian_set = misses[args.misses : args.misses + 3000]
            gunicorn_set = misses[args.misses + 3000 :]
            with nginx(scratch, article_gz) as nginx_url:
                limit = wrk(nginx_url, args.duration, 32)
            rows.append(("nginx, static article (gzip_static)", limit, len(article_gz)))
            for name, path, connections in (
                ("article, cached", pages["article"], 32),
                ("article, cached", pages["article"], 64),
                ("front page, cached", "/", 32),
                ("section, cached", pages["section"], 32),
                ("search, cached", pages["search"], 32),
            ):
                result = wrk(base + path, args.duration, connections)
                rows.append((f"{name} (granian)", result, None))
            sequential = timed_misses(base, sequential_set)
            rows.append(("article, cache miss, one client (granian)", sequential, None))
            rows.append(
                (
                    "article, cache miss (granian)",
                    wrk_many(base, granian_set, args.duration, 64, scratch),
                    None,
                )
            )
        gunicorn_port = free_port()
        if (
            shutil.which("gunicorn")
            or Path(sys.executable).with_name("gunicorn").exists()
        ):
            with running(gunicorn_command(gunicorn_port, cores), "gunicorn") as base:
                rows.append(
                    (
                        "article, cached (gunicorn)",
                        wrk(base + pages["article"], args.duration, 32),
                        None,
                    )
                )
                rows.append(
                    (
                        "article, cache miss (gunicorn)",
                        wrk_many(base, gunicorn_set, args.duration, 64, scratch),
                        None,
                    )
                )
        else:
            print("bench: gunicorn not installed (pip install -e '.[bench]'): skipped")

    print_table(rows, limit["rps"], cores)
    print()
    print_render_times(pages)


# --- the archive -------------------------------------------------------------


def build_archive(articles: int) -> None:
    def masthead(*argv):
        subprocess.run([sys.executable, "-m", "masthead", *argv], check=True)

    masthead("manage", "migrate", "-v0")
    count = int(
        subprocess.run(
            [
                sys.executable,
                "-m",
                "masthead",
                "manage",
                "shell",
                "-c",
                "from masthead.articles.models import ArticlePage;"
                "print(ArticlePage.objects.count())",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
    )
    if count == 0:
        masthead("manage", "load_demo", "-v0")
        count = 200
    if count < articles:
        masthead("generate-corpus", "--articles", str(articles - count))


# --- servers -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def masthead_command(port: int) -> tuple[list[str], int]:
    return [
        sys.executable,
        "-m",
        "masthead",
        "serve",
        "--port",
        str(port),
        "--no-worker",
    ], port


def gunicorn_command(port: int, workers: int) -> tuple[list[str], int]:
    # As many processes as `masthead serve` runs, each with as many threads.
    return [
        str(Path(sys.executable).with_name("gunicorn")),
        "masthead.config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--log-level",
        "warning",
    ], port


class running:
    def __init__(self, command: tuple[list[str], int], name: str):
        self.argv, self.port = command
        self.name = name

    def __enter__(self) -> str:
        self.process = subprocess.Popen(self.argv, start_new_session=True)
        base = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                fetch(base + "/robots.txt")
                return base
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise SystemExit(f"bench: {self.name} did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


class nginx:
    """nginx serving one pre-compressed file, with settings for speed."""

    def __init__(self, scratch: Path, article_gz: bytes):
        self.root = scratch / "nginx"
        self.port = free_port()
        (self.root / "www").mkdir(parents=True)
        # nginx's workers run as nobody: they must be able to read the files.
        for folder in (scratch, self.root, self.root / "www"):
            folder.chmod(0o755)
        (self.root / "www" / "article.html").write_bytes(gzip.decompress(article_gz))
        (self.root / "www" / "article.html.gz").write_bytes(article_gz)
        temp = self.root / "temp"
        temp.mkdir()
        self.conf = self.root / "nginx.conf"
        self.conf.write_text(f"""
worker_processes {os.cpu_count() or 1};
daemon off;
pid {self.root}/nginx.pid;
error_log {self.root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{self.port};
        root {self.root}/www;
        gzip_static on;
        default_type "text/html; charset=utf-8";
    }}
}}
""")

    def __enter__(self) -> str:
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen([nginx_bin, "-c", str(self.conf)])
        url = f"http://127.0.0.1:{self.port}/article.html"
        for _ in range(100):
            try:
                fetch(url)
                return url
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise SystemExit(f"bench: nginx did not start: see {self.root}/error.log")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


# --- measuring ---------------------------------------------------------------


def fetch(url: str, gzip_ok: bool = False) -> bytes:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.read()


def find_pages(base: str) -> dict[str, str]:
    home = fetch(base + "/").decode()
    article = re.search(r'class="card-title"><a href="([^"]+)"', home).group(1)
    section = re.search(r'<a href="(/[a-z-]+/)"[^>]*>(?!Latest)', home).group(1)
    page = fetch(base + article).decode()
    headline = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    word = max(re.findall(r"[A-Za-z]{5,}", headline), key=len).lower()
    return {"article": article, "section": section, "search": f"/search/?q={word}"}


def article_urls(base: str, count: int) -> list[str]:
    xml = fetch(base + "/sitemap-articles.xml").decode()
    urls = re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", xml)
    random.Random(1).shuffle(urls)
    return urls[:count]


WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_PERCENTILE = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def parse_wrk(output: str) -> dict:
    rps = float(WRK_LINE.search(output).group(1))
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = {
        f"p{pct}": float(value) * scale[unit]
        for pct, value, unit in WRK_PERCENTILE.findall(output)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, **latency, "errors": int(errors.group(1)) if errors else 0}


def wrk(url: str, duration: int, connections: int, script: Path | None = None) -> dict:
    argv = [
        "wrk",
        "-t",
        str(WRK_THREADS),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--latency",
        "-H",
        "Accept-Encoding: gzip",
    ]
    if script is not None:
        argv += ["-s", str(script)]
    output = subprocess.run(
        [*argv, url], check=True, capture_output=True, text=True
    ).stdout
    result = parse_wrk(output)
    result["connections"] = connections
    return result


def wrk_many(
    base: str, paths: list[str], duration: int, connections: int, scratch: Path
) -> dict:
    """Every request a different article: each one a cache miss."""
    script = scratch / f"misses-{len(paths)}-{time.time_ns()}.lua"
    listed = ",".join(f'"{path}"' for path in paths)
    # Two threads take turns through the list from different places.
    script.write_text(
        f"paths = {{{listed}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        "  return wrk.format(nil, paths[((n * 7919) % #paths) + 1])\n"
        "end\n"
    )
    return wrk(base + "/", duration, connections, script)


def timed_misses(base: str, paths: list[str]) -> dict:
    times = []
    for path in paths:
        started = time.perf_counter()
        fetch(base + path, gzip_ok=True)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "rps": len(times) / (sum(times) / 1000),
        "p50": statistics.median(times),
        "p99": times[int(0.99 * (len(times) - 1))],
        "errors": 0,
        "connections": 1,
    }


def print_table(rows, limit_rps: float, cores: int) -> None:
    print(f"\n{cores} cores, wrk {WRK_THREADS} threads, keep-alive, gzip accepted\n")
    columns = ["what", "connections", "requests/s", "p50 ms", "p99 ms"]
    print("| " + " | ".join([*columns, "ratio to nginx", "errors"]) + " |")
    print("|---|---|---|---|---|---|---|")
    for name, result, size in rows:
        extra = f" ({size:,} bytes)" if size else ""
        print(
            f"| {name}{extra} | {result['connections']} | {result['rps']:,.0f} | "
            f"{result.get('p50', float('nan')):.2f} | "
            f"{result.get('p99', float('nan')):.2f} | "
            f"{result['rps'] / limit_rps:.2f} | {result['errors']} |"
        )


def print_render_times(pages: dict[str, str]) -> None:
    """Render time and queries per page type, in this process, no page cache."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from taggit.models import Tag

    from masthead.articles.models import ArticlePage, ArticleTag, AuthorPage

    client = Client(HTTP_HOST="127.0.0.1")
    ids = list(ArticlePage.objects.live().values_list("pk", flat=True)[:50_000])
    sample = [
        page.url
        for page in ArticlePage.objects.filter(pk__in=random.Random(2).sample(ids, 40))
    ]
    author = AuthorPage.objects.live().first()
    tag = Tag.objects.filter(pk__in=ArticleTag.objects.values("tag_id")[:1]).first()
    kinds = {
        "article": sample,
        "front page": ["/"] * 20,
        "section": [pages["section"]] * 20,
        "section, page 50": [pages["section"] + "?page=50"] * 10,
        "author": [author.url] * 20,
        "tag": [f"/tags/{tag.slug}/"] * 20,
        "search": [pages["search"]] * 20,
        "feed": ["/feed/"] * 20,
    }
    print("| page | render p50 ms | render max ms | queries |")
    print("|---|---|---|---|")
    for kind, paths in kinds.items():
        client.get(paths[0])  # warm the process
        times = []
        for path in paths:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(paths[-1])
        print(
            f"| {kind} ({response.status_code}) | {statistics.median(times):.1f} | "
            f"{max(times):.1f} | {len(queries)} |"
        )


if __name__ == "__main__":
    main()
