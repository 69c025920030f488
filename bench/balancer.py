"""Requests per second through the balancer, with one and with two instances.

    apt-get install wrk nginx                       # Debian packages, once
    python bench/balancer.py [--database-url postgres://…/masthead_bench_balancer]
                             [--redis-url redis://127.0.0.1:6379/11]

Brings up the reference deployment from deploy/ (docs/deploy.md): nginx's
balancer in front of `masthead serve` instances of one process each, on
PostgreSQL and Redis (the database is created and given the demo newsroom the
first time; the Redis database is emptied). Then, with one instance behind
nginx and again with two, wrk (2 threads, 32 keep-alive connections, gzip
accepted) asks for a cached article and for the front page, a few runs each.

Prints a Markdown table: the median requests/s, how many requests each
instance answered (counted from nginx's access log, `$upstream_addr`) and any
answer that was not a 2xx. docs/performance.md keeps the results. On a machine
with two cores wrk, nginx and the instances share them, so expect little gain
from the second instance: the point is that the load spreads evenly and
nothing fails.
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from deploy.stack import Stack, flush_redis, get, read_env_file

PORTS = [18121, 18122]
BALANCER = 18130
PAGES = {"article": None, "front page": "/"}
WRK_THREADS = 2
CONNECTIONS = 32


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/masthead_bench_balancer",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--data", default="masthead-bench-balancer")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is missing: apt-get install wrk")

    data = Path(args.data).resolve()
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        **read_env_file(Path(__file__).parent.parent / "deploy/masthead.env.example"),
        "MASTHEAD_DATA": str(data),
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MASTHEAD_HTTPS": "false",
        "MASTHEAD_CDN_PURGE": "",
    }
    create_database(args.database_url)
    stack = Stack(data / "stack", env)
    flush_redis(args.redis_url)
    stack.masthead("manage", "migrate", "-v0")
    stack.masthead("manage", "load_demo", "-v0")
    PAGES["article"] = stack.masthead(
        "manage",
        "shell",
        "-v0",
        "-c",
        "from masthead.articles.models import ArticlePage;"
        "print(ArticlePage.objects.live().order_by('pk').first().url)",
    ).strip()

    rows = []
    try:
        for port in PORTS:
            stack.start_instance(port, "--workers", "1")
        for port in PORTS:
            stack.wait_until_up(
                f"http://127.0.0.1:{port}/robots.txt", f"instance-{port}"
            )
        for count in (1, 2):
            rows += measure(stack, PORTS[:count], args)
    finally:
        stack.stop()
        flush_redis(args.redis_url)
    print_table(rows, args)


def measure(stack: Stack, ports: list[int], args) -> list[dict]:
    if "nginx" in stack.processes:
        stack.kill("nginx")
    stack.start_nginx(BALANCER, ports)
    stack.wait_until_up(f"http://127.0.0.1:{BALANCER}/robots.txt", "nginx")
    base = f"http://127.0.0.1:{BALANCER}"
    log = stack.logs / "masthead-access.log"
    rows = []
    for name, path in PAGES.items():
        for _ in range(4):  # every instance's page cache holds the page
            assert get(base + path)[0] == 200
        rates, errors, served = [], 0, Counter()
        for _ in range(args.runs):
            log.write_text("")  # nginx appends: the next run starts at the top
            rate, bad = wrk(base + path, args.duration)
            rates.append(rate)
            errors += bad
            time.sleep(0.5)  # the log's last lines written
            served += Counter(
                re.findall(r'"127\.0\.0\.1:(\d+)" \d{3}$', log.read_text(), re.M)
            )
        total = sum(served.values()) or 1
        rows.append(
            {
                "instances": len(ports),
                "page": name,
                "rate": statistics.median(rates),
                "rates": rates,
                "shares": [served[str(port)] / total for port in ports],
                "errors": errors,
            }
        )
        print(rows[-1], file=sys.stderr)
    return rows


def wrk(url: str, duration: int) -> tuple[float, int]:
    """Requests/s, and the answers that were not 2xx/3xx or never came."""
    out = subprocess.run(
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(bad.group(1)) if bad else 0
    if failed:
        errors += sum(int(n) for n in failed.groups())
    return rate, errors


def create_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def print_table(rows: list[dict], args) -> None:
    print(
        f"wrk -t{WRK_THREADS} -c{CONNECTIONS} -d{args.duration}s, "
        f"median of {args.runs} runs\n\n"
        "| instances | page | requests/s | runs | share per instance | non-2xx |\n"
        "|---|---|---|---|---|---|"
    )
    for row in rows:
        runs = ", ".join(f"{rate:,.0f}" for rate in row["rates"])
        shares = " / ".join(f"{share:.0%}" for share in row["shares"])
        print(
            f"| {row['instances']} | {row['page']} | {row['rate']:,.0f} | {runs} "
            f"| {shares} | {row['errors']} |"
        )


if __name__ == "__main__":
    main()
