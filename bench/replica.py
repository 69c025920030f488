"""The read replica against a real PostgreSQL streaming replica.

    python bench/replica.py [--keep]

Builds a private, throw-away pair of PostgreSQL 15 clusters in
/tmp/mh-storage/replica (initdb as the postgres user, primary on port 18350, a
`pg_basebackup -R` standby on 18351; the machine's own cluster is not
touched), migrates a Masthead database on the primary and then, in one
Django process with DATABASE_URL and DATABASE_REPLICA_URL set, checks through
the site's own request handling that:

- the replica is really a standby: a write sent to it is refused;
- a comment posted by a reader lands on the primary, and the replica has it
  once replication has caught up (the time is printed);
- the commenter's next page is read from the primary and shows the comment;
- once MASTHEAD_REPLICA_LAG_SECONDS have passed, another reader's page is
  read from the replica and shows the comment too.

Migrating takes most of its half-minute to a minute, too slow for CI; the
unit tests (src/masthead/core/tests/test_replica.py) check the routing on a
mirror connection. The clusters are stopped and removed at the end unless
--keep is given.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path("/tmp/mh-storage/replica")  # noqa: S108 (a throw-away scratch folder)
PRIMARY_PORT, REPLICA_PORT = 18350, 18351
LAG_SECONDS = 2

CHECKS = """
import time
from django.db import connections
from django.db.utils import DatabaseError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from masthead.articles.tests.factories import ArticleFactory
from masthead.comments.models import Comment, CommentSettings
from masthead.comments.tests.factories import form_data, set_policy

def wait_for(test, seconds=10):
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)

try:
    with connections["replica"].cursor() as cursor:
        cursor.execute("CREATE TABLE not_here (id int)")
    raise SystemExit("the replica took a write")
except DatabaseError as exc:
    print("a write to the replica is refused:", str(exc).splitlines()[0])

story = ArticleFactory(title="Ferries run again on the Buriganga")
set_policy(moderation=CommentSettings.TRUST_REGULARS, trusted_after=0)
on_replica = Comment.objects.using("replica")
reader = Client(HTTP_ORIGIN="http://testserver", REMOTE_ADDR="203.0.113.9")
text = "The new timetable is a relief."
posted = time.monotonic()
answer = reader.post(f"/comments/post/{story.pk}/", form_data(story, text=text))
assert answer.status_code == 302, answer.status_code
assert Comment.objects.using("default").filter(text=text).exists()
wait_for(lambda: on_replica.filter(text=text).exists())
took = (time.monotonic() - posted) * 1000
print(f"the comment reached the replica {took:.0f} ms after the post")

def queries(client, url):
    with CaptureQueriesContext(connections["default"]) as primary:
        with CaptureQueriesContext(connections["replica"]) as replica:
            html = client.get(url).content.decode()
    return html, len(primary), len(replica)

html, primary, replica = queries(reader, answer["Location"])
assert text in html and replica == 0, (primary, replica)
print(f"the commenter's next page: {primary} queries on the primary, none on"
      " the replica")
time.sleep({lag} + 0.5)
html, primary, replica = queries(Client(), story.url)
assert text in html and replica > 0, (primary, replica)
print(f"another reader's page {lag} s later: {replica} queries on the replica, "
      f"{primary} on the primary (Wagtail's site settings lookups)")
"""


def run(*command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def as_postgres(*command):
    run("runuser", "-u", "postgres", "--", *map(str, command), capture_output=True)


def start_clusters() -> None:
    if ROOT.exists():
        stop_clusters()
        shutil.rmtree(ROOT)
    ROOT.mkdir(parents=True)
    shutil.chown(ROOT, "postgres", "postgres")
    primary, replica = ROOT / "primary", ROOT / "replica"
    as_postgres(PG_BIN / "initdb", "-D", primary, "-U", "postgres", "--auth=trust")
    options = f"-p {PRIMARY_PORT} -k {ROOT} -c listen_addresses=127.0.0.1"
    as_postgres(
        PG_BIN / "pg_ctl",
        "-D",
        primary,
        "-o",
        options,
        "-w",
        "-l",
        ROOT / "primary.log",
        "start",
    )
    as_postgres(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", PRIMARY_PORT, "masthead")
    as_postgres(
        PG_BIN / "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        PRIMARY_PORT,
        "-D",
        replica,
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
    )
    options = f"-p {REPLICA_PORT} -k {ROOT} -c listen_addresses=127.0.0.1"
    as_postgres(
        PG_BIN / "pg_ctl",
        "-D",
        replica,
        "-o",
        options,
        "-w",
        "-l",
        ROOT / "replica.log",
        "start",
    )


def stop_clusters() -> None:
    for name in ("replica", "primary"):
        if (ROOT / name / "postmaster.pid").exists():
            as_postgres(PG_BIN / "pg_ctl", "-D", ROOT / name, "-m", "fast", "stop")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep", action="store_true", help="leave the clusters running"
    )
    args = parser.parse_args()
    started = time.monotonic()
    start_clusters()
    try:
        env = {
            **os.environ,
            "MASTHEAD_DATA": str(ROOT / "data"),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/masthead",
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/masthead",
            "MASTHEAD_REPLICA_LAG_SECONDS": str(LAG_SECONDS),
            "ALLOWED_HOSTS": "testserver",
        }
        env.pop("CACHE_URL", None)
        env.pop("REDIS_URL", None)
        masthead = [sys.executable, "-m", "masthead", "manage"]
        run(*masthead, "migrate", "-v0", env=env)
        run(*masthead, "collectstatic", "--noinput", "-v0", env=env)
        print(f"clusters up and migrated in {time.monotonic() - started:.0f} s")
        run(
            *masthead,
            "shell",
            "-v0",
            "-c",
            CHECKS.replace("{lag}", str(LAG_SECONDS)),
            env=env,
        )
    finally:
        if not args.keep:
            stop_clusters()
            shutil.rmtree(ROOT, ignore_errors=True)
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
