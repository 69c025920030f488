"""Comments under load: every accepted comment is stored exactly once.

    export MASTHEAD_DATA=/tmp/mh-bench-comments   # scratch (and DATABASE_URL for PG)
    python bench/comments.py [--port 8650] [--posters 16] [--comments 50] [--readers 4]

Migrates the data folder and loads the demo newsroom if it has no stories, lifts
the per-IP and per-email limits (every client here is 127.0.0.1) and starts a
real `masthead serve` on the port with MASTHEAD_COMMENT_MIN_SECONDS=0, so the
benchmark measures loss, not the spam defence. Then `--posters` clients each
post `--comments` comments, each carrying a unique marker, the way a browser
does (Origin header, the signed token from the article page), while `--readers`
clients keep reading article pages; every `--double-every`th comment is sent
twice at the same moment, as a double click does. Afterwards it stops the
server and counts the markers in the database: every accepted comment (a
redirect back to the article) must be there once, and nothing else; of a
double click, one copy is accepted and the other refused as a duplicate.
Exits 1 if a comment is lost or stored twice. Not a unit test: the rates
depend on the machine.
"""

import argparse
import http.client
import multiprocessing
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlencode

import django

TOKEN = re.compile(r'name="token" value="([^"]+)"')
REFUSAL = re.compile(r'class="comment-refusal"[^>]*><strong>[^<]*</strong>\s*([^<]*)')
MARKER = re.compile(r"\[(bench-[0-9a-f]+-\d+-\d+)\]")
LIMIT = 32_767  # the largest value the rate-limit fields hold


def prepare(articles: int) -> list[str]:
    """A migrated database with stories open for comments; their paths."""
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Site

    from masthead.articles.models import ArticlePage
    from masthead.comments.models import ClosedThread, CommentSettings

    call_command("migrate", interactive=False, verbosity=0)
    if not ArticlePage.objects.live().exists():
        call_command("load_demo")
    site = Site.objects.get(is_default_site=True)
    policy = CommentSettings.for_site(site)
    policy.per_ip_per_hour = policy.per_email_per_hour = LIMIT
    policy.close_after_days = 0
    policy.blocked_words = ""
    policy.save()
    stories = list(
        ArticlePage.objects.live().order_by("-first_published_at")[:articles]
    )
    ClosedThread.objects.filter(article__in=stories).delete()
    paths = [story.get_url() for story in stories]
    connection.close()  # the server's connections only, while it runs
    return paths


def start_server(port: int) -> subprocess.Popen:
    # Every post comes from 127.0.0.1: the per-address rate limit would refuse them.
    env = {
        **os.environ,
        "MASTHEAD_COMMENT_MIN_SECONDS": "0",
        "MASTHEAD_RATE_LIMIT_COMMENTS": "off",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "masthead", "serve", "--port", str(port), "--no-worker"],
        env=env,
        start_new_session=True,  # its worker processes stop with it
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"masthead serve exited with status {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"masthead serve did not answer on port {port} within 90 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


class Tally:
    """What some clients saw; each client process sends its own back."""

    def __init__(self) -> None:
        self.accepted: list[str] = []
        self.refused: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.post_seconds: list[float] = []
        self.reads = 0
        self.read_failures: Counter[str] = Counter()
        self.double_submits = 0

    def add(self, other: "Tally") -> None:
        self.accepted += other.accepted
        self.refused += other.refused
        self.failed += other.failed
        self.post_seconds += other.post_seconds
        self.reads += other.reads
        self.read_failures += other.read_failures
        self.double_submits += other.double_submits


def send(connection, article_id: int, body: str, marker: str, tally: Tally) -> None:
    """One comment, as a browser posts the form; the outcome goes in the tally."""
    headers = {
        "Origin": f"http://{connection.host}:{connection.port}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.perf_counter()
    try:
        connection.request("POST", f"/comments/post/{article_id}/", body, headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as exc:
        connection.close()
        tally.failed[type(exc).__name__] += 1
        return
    tally.post_seconds.append(time.perf_counter() - started)
    location = response.getheader("Location", "")
    if response.status in (302, 303) and "comment=" in location:
        tally.accepted.append(marker)
    elif response.status == 400:
        found = REFUSAL.search(text)
        reason = found.group(1).strip() if found else ""
        tally.refused[reason or "form errors"] += 1
    else:
        tally.failed[f"HTTP {response.status}"] += 1


def poster(number, port, run, count, double_every, targets, results) -> None:
    tally = Tally()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    second = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for n in range(count):
        marker = f"bench-{run}-{number}-{n}"
        _path, article_id, token = targets[(number + n) % len(targets)]
        body = urlencode(
            {
                "name": f"Reader {number}",
                "email": f"reader{number}@bench.example",
                "website": "",
                "text": f"Comment {n} from reader {number} under load [{marker}].",
                "token": token,
                "homepage": "",
            }
        )
        if double_every and n % double_every == 0:
            # A double click: the same form sent twice at once.
            tally.double_submits += 1
            click = threading.Thread(
                target=send, args=(second, article_id, body, marker, tally)
            )
            click.start()
            send(connection, article_id, body, marker, tally)
            click.join()
        else:
            send(connection, article_id, body, marker, tally)
    results.put(tally)


def reader(number, port, paths, stop, results) -> None:
    tally = Tally()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    n = number
    while not stop.is_set():
        path = paths[n % len(paths)]
        n += 1
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            tally.read_failures[type(exc).__name__] += 1
            continue
        if response.status == 200:
            tally.reads += 1
        else:
            tally.read_failures[f"HTTP {response.status}"] += 1
    results.put(tally)


def form_targets(port: int, paths: list[str]) -> list[tuple[str, int, str]]:
    """(path, article id, token) for each story, read from its comment form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    targets = []
    for path in paths:
        connection.request("GET", path)
        html = connection.getresponse().read().decode()
        action = re.search(r'action="/comments/post/(\d+)/"', html)
        token = TOKEN.search(html)
        if not action or not token:
            raise SystemExit(f"{path} shows no open comment form")
        targets.append((path, int(action.group(1)), token.group(1)))
    return targets


def stored_markers(run: str) -> Counter[str]:
    from masthead.comments.models import Comment

    texts = Comment.objects.filter(text__contains=f"[bench-{run}-").values_list(
        "text", flat=True
    )
    return Counter(MARKER.search(text).group(1) for text in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8650)
    parser.add_argument("--posters", type=int, default=16)
    parser.add_argument("--comments", type=int, default=50, help="per poster")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument(
        "--double-every",
        type=int,
        default=10,
        help="send every Nth comment twice at once, as a double click does (0: never)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")
    django.setup()
    from django.db import connection

    paths = prepare(args.articles)
    vendor = connection.vendor
    run = uuid.uuid4().hex[:8]
    tally = Tally()
    server = start_server(args.port)
    try:
        targets = form_targets(args.port, paths)
        # Separate processes, as separate readers are: in threads of one
        # process the clients' own GIL would add seconds to the slowest post.
        fork = multiprocessing.get_context("fork")
        results = fork.Queue()
        stop = fork.Event()
        readers = [
            fork.Process(target=reader, args=(i, args.port, paths, stop, results))
            for i in range(args.readers)
        ]
        posters = [
            fork.Process(
                target=poster,
                args=(
                    i,
                    args.port,
                    run,
                    args.comments,
                    args.double_every,
                    targets,
                    results,
                ),
            )
            for i in range(args.posters)
        ]
        started = time.perf_counter()
        for process in readers + posters:
            process.start()
        for _ in posters:
            tally.add(results.get())
        elapsed = time.perf_counter() - started
        stop.set()
        for _ in readers:
            tally.add(results.get())
        for process in readers + posters:
            process.join()
    finally:
        stop_server(server)

    stored = stored_markers(run)
    accepted = Counter(tally.accepted)
    lost = [m for m in accepted if m not in stored]
    duplicates = [m for m, n in stored.items() if n > 1]
    unreported = [m for m in stored if m not in accepted]
    accepted_twice = [m for m, n in accepted.items() if n > 1]
    attempted = args.posters * args.comments
    print(
        f"{vendor}: {args.posters} posters x {args.comments} comments, "
        f"{args.readers} readers, {len(targets)} articles, {elapsed:.1f} s"
    )
    print(
        f"posted  {attempted} (+{tally.double_submits} double clicks) · "
        f"accepted {len(accepted)} "
        f"({len(accepted) / elapsed:.1f}/s) · refused {sum(tally.refused.values())} "
        f"· failed {sum(tally.failed.values())}"
    )
    for reason, n in (tally.refused + tally.failed).most_common():
        print(f"    {n:5} {reason}")
    if tally.post_seconds:
        times = sorted(tally.post_seconds)
        print(
            f"post latency: median {statistics.median(times) * 1000:.0f} ms · "
            f"p95 {times[int(0.95 * (len(times) - 1))] * 1000:.0f} ms · "
            f"worst {times[-1] * 1000:.0f} ms · "
            f"over 1 s: {sum(t > 1 for t in times)}"
        )
    print(
        f"read    {tally.reads} pages ({tally.reads / elapsed:.1f}/s) · "
        f"failed {sum(tally.read_failures.values())} {dict(tally.read_failures)}"
    )
    print(
        f"stored  {sum(stored.values())} · duplicates {len(duplicates)} · "
        f"lost {len(lost)} · stored but not reported accepted {len(unreported)}"
    )
    print(
        f"double clicks: {tally.double_submits} · both copies accepted "
        f"{len(accepted_twice)}"
    )
    if lost or duplicates or accepted_twice:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
