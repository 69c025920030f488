"""With DATABASE_REPLICA_URL set, anonymous readers' pages read the replica and
everything else the primary (masthead/core/dbrouter.py).

The replica here is a second connection to the test database (Django's TEST
MIRROR, as settings.py configures it), so each query is seen on the
connection it was sent on; a real streaming replica is bench/replica.py.
"""

import os
import subprocess
import sys
import time

import pytest
from django.db import connections, router
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import ArticleFactory
from masthead.cache.generation import generation
from masthead.comments.models import CommentSettings
from masthead.comments.tests.factories import post, set_policy
from masthead.core import dbrouter
from masthead.core.dbrouter import WROTE_COOKIE
from masthead.core.tests.command import masthead
from masthead.newsroom.tests.factories import member_of

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """What settings.py adds for DATABASE_REPLICA_URL, on the test database."""
    connections.settings["replica"] = {
        **connections["default"].settings_dict,
        "TEST": {"MIRROR": "default"},
    }
    yield
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.fixture(autouse=True)
def routed(settings, monkeypatch):
    settings.DATABASE_ROUTERS = ["masthead.core.dbrouter.ReplicaRouter"]
    settings.MIDDLEWARE = [
        "masthead.core.dbrouter.ReplicaMiddleware",
        *settings.MIDDLEWARE,
    ]
    settings.MASTHEAD_REPLICA_LAG_SECONDS = 30
    # The factories' saves changed the content just now: that "lately" is
    # the subject of one test of its own.
    monkeypatch.setattr(dbrouter, "changed_lately", lambda: False)


class Queries:
    """The queries sent to the primary and to the replica."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


def tables(queries: CaptureQueriesContext) -> set[str]:
    return {
        query["sql"].split(" FROM ", 1)[1].split()[0].strip('"')
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
    }


def test_anonymous_article_page_reads_the_replica(client):
    """All but Wagtail's site settings, which it reads with get_or_create (a
    write's lookup, so on the primary): two primary-key reads a render."""
    story = ArticleFactory(title="Ferry service resumes on the river")
    client.get(story.url)  # the first render creates the settings rows
    with Queries() as queries:
        response = client.get(story.url)
    assert response.status_code == 200
    assert "Ferry service resumes" in response.content.decode()
    assert {"wagtailcore_page", "comments_comment"} <= tables(queries.replica)
    assert tables(queries.primary) == {"core_sitesettings", "comments_commentsettings"}
    assert len(queries.primary) == 2


def test_signed_in_editor_reads_only_the_primary(client):
    story = ArticleFactory()
    client.force_login(member_of("Editors", "nasima"))
    with Queries() as queries:
        assert client.get("/admin/").status_code == 200
        assert client.get(f"/admin/pages/{story.pk}/edit/").status_code == 200
        assert client.get(story.url).status_code == 200
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0


def test_commenter_sees_their_comment_read_from_the_primary(client):
    story = ArticleFactory()
    set_policy(moderation=CommentSettings.TRUST_REGULARS, trusted_after=0)
    with Queries() as posting:
        response = post(client, story, text="The new ferry timetable is a relief.")
    assert response.status_code == 302
    assert len(posting.replica) == 0
    assert response.cookies[WROTE_COOKIE]["max-age"] == 30
    with Queries() as next_page:
        html = client.get(response["Location"]).content.decode()
    assert "The new ferry timetable is a relief." in html
    assert len(next_page.primary) > 0
    assert len(next_page.replica) == 0
    # Another reader, who wrote nothing, reads the replica.
    with Queries() as other_reader:
        assert Client().get(story.url).status_code == 200
    assert len(other_reader.replica) > 0


def test_right_after_a_change_pages_are_rendered_from_the_primary(
    client, settings, monkeypatch
):
    """A page rendered from a replica that has not caught up would be cached
    under the new content generation: for a while the primary renders."""
    monkeypatch.undo()
    story = ArticleFactory()
    settings.MASTHEAD_REPLICA_LAG_SECONDS = 60
    generation().bump()
    with Queries() as queries:
        assert client.get(story.url).status_code == 200
    assert len(queries.replica) == 0
    settings.MASTHEAD_REPLICA_LAG_SECONDS = 1
    time.sleep(1)  # the window passes with no further change
    with Queries() as queries:
        assert client.get(story.url).status_code == 200
    assert len(queries.replica) > 0


def test_work_outside_a_request_and_migrations_use_the_primary():
    """The worker, management commands and migrations."""
    ArticleFactory()
    with Queries() as queries:
        assert ArticlePage.objects.live().count() == 1
    assert len(queries.primary) == 1
    assert len(queries.replica) == 0
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica", "articles")


def test_replica_url_adds_the_replica_and_the_router(tmp_path):
    shown = masthead(
        "manage",
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS)",
        MASTHEAD_DATA=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/news",
        DATABASE_REPLICA_URL="postgres://reader@10.0.0.2:5432/news",
    )
    assert shown.returncode == 0, shown.stderr
    assert "['default', 'replica'] ['masthead.core.dbrouter.ReplicaRouter']" in (
        shown.stdout
    )


def test_replica_without_a_primary_is_one_clear_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    refused = subprocess.run(
        [sys.executable, "-m", "masthead", "manage", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **env,
            "MASTHEAD_DATA": str(tmp_path),
            "DATABASE_REPLICA_URL": "postgres://reader@10.0.0.2:5432/news",
        },
        check=False,
    )
    assert refused.returncode != 0
    assert refused.stderr.strip().splitlines() == [
        "masthead: DATABASE_REPLICA_URL is set without DATABASE_URL: a replica "
        "copies a PostgreSQL primary, so set DATABASE_URL to that primary"
    ]
