"""Editors find agency drafts in the Wire queue and on their dashboard; no one
else does."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from masthead.articles.models import ArticlePage
from masthead.cli import main
from masthead.core.blocks import RICH_TEXT_FEATURES
from masthead.newsroom.roles import ADMINISTRATORS, EDITORS, REPORTERS
from masthead.wire.tests.factories import WireSourceFactory, drop_folder

pytestmark = pytest.mark.django_db

QUEUE = "/admin/wire/"


def member_of(role: str, username: str):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw-for-tests-only"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def wire_drafts(tmp_path):
    folder = drop_folder(tmp_path, "feed.rss", "bangla.nitf.xml")
    WireSourceFactory(name="BNA", path=str(folder), agency__short_name="BNA")
    # The Bangla story comes in last, so it is the newest.
    call_command("ingest_wire", str(folder / "feed.rss"), verbosity=0)
    call_command("ingest_wire", str(folder / "bangla.nitf.xml"), verbosity=0)
    return ArticlePage.objects.order_by("pk")


@pytest.mark.parametrize("role", [EDITORS, ADMINISTRATORS])
def test_editors_see_the_queue_with_credit_source_and_edit_links(
    client, wire_drafts, role
):
    client.force_login(member_of(role, "desk"))
    response = client.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    for draft in wire_drafts:
        assert draft.title in html
        assert f'href="/admin/pages/{draft.pk}/edit/"' in html
    assert "<td>BNA</td>" in html  # the agency's credit and the source's name
    # Newest first.
    newest = wire_drafts.get(title__startswith="নদীভাঙনে")
    assert html.index(newest.title) < html.index("River ferries resume")


def test_a_published_story_leaves_the_queue(client, wire_drafts):
    story = wire_drafts.get(title__startswith="River ferries")
    story.get_latest_revision().publish()
    client.force_login(member_of(EDITORS, "desk"))
    html = client.get(QUEUE).content.decode()
    assert "River ferries resume" not in html
    assert "Port handles record container volume" in html


def test_an_editor_edits_and_publishes_a_wire_draft(client, wire_drafts):
    """The real edit form, as the queue's link opens it, posted with Publish."""
    story = wire_drafts.get(title__startswith="Port handles")
    client.force_login(member_of(EDITORS, "desk"))
    url = f"/admin/pages/{story.pk}/edit/"
    form = client.get(url)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data["title"] = "Port sets a container record"
    # The body editor is built by JavaScript in a browser: send its blocks.
    for key in [k for k in data if k.startswith("body-")]:
        del data[key]
    paragraphs = [
        ("paragraph", rich_text(block.value.source, features=RICH_TEXT_FEATURES))
        for block in story.body
    ]
    data.update(nested_form_data({"body": streamfield(paragraphs)}))
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302

    story.refresh_from_db()
    assert story.live
    html = client.get(story.get_url()).content.decode()
    assert "Port sets a container record" in html
    assert "BNA" in html  # the agency's credit in the byline
    assert "CHATTOGRAM" in html
    assert "two new gantry cranes" in html
    queue = client.get(QUEUE).content.decode()
    assert f'href="/admin/pages/{story.pk}/edit/" title="Edit this draft"' not in queue
    assert queue.count('title="Edit this draft"') == 2


def test_the_dashboard_shows_editors_the_latest_wire_stories(client, wire_drafts):
    client.force_login(member_of(EDITORS, "desk"))
    html = client.get("/admin/").content.decode()
    assert "Wire queue" in html
    assert "নদীভাঙনে ঘর হারাল দুই শতাধিক পরিবার" in html
    assert f'href="{QUEUE}"' in html


def test_reporters_see_neither_the_queue_nor_the_panel(client, wire_drafts):
    client.force_login(member_of(REPORTERS, "cub"))
    refused = client.get(QUEUE)  # Wagtail sends them home with a message
    assert refused.status_code == 302
    assert refused["Location"] == "/admin/"
    html = client.get("/admin/").content.decode()
    assert "River ferries resume" not in html
    assert "Wire queue" not in html


def test_anonymous_visitors_are_sent_to_log_in(client, wire_drafts):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_editors_manage_sources_in_the_admin(client):
    from masthead.articles.tests.factories import AgencyFactory, SectionFactory

    agency, section = AgencyFactory(), SectionFactory()
    client.force_login(member_of(EDITORS, "desk"))
    response = client.post(
        "/admin/snippets/wire/wiresource/add/",
        {
            "name": "BNA drop",
            "kind": "folder",
            "url": "",
            "path": "relative/folder",
            "agency": agency.pk,
            "section": section.pk,
            "active": "on",
        },
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "Give the full path" in response.content.decode()
    response = client.post(
        "/admin/snippets/wire/wiresource/add/",
        {
            "name": "BNA drop",
            "kind": "folder",
            "url": "",
            "path": "/srv/wire/bna",
            "agency": agency.pk,
            "section": section.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302


def test_masthead_ingest_mistakes_are_one_line(capsys):
    assert main(["ingest", "--source", "Nobody"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("masthead: no wire source named 'Nobody'")


def test_masthead_ingest_prints_the_summary(tmp_path, capsys):
    folder = drop_folder(tmp_path, "story.newsml.xml")
    WireSourceFactory(name="BNA", path=str(folder))
    assert main(["ingest", "--source", "BNA"]) == 0
    assert "Wire: 1 new, 0 updated, 0 unchanged, 0 skipped, 0 failed" in (
        capsys.readouterr().out
    )


def test_the_queue_shows_when_the_agency_updated_a_story(client, wire_drafts, tmp_path):
    folder = drop_folder(tmp_path, "feed-updated.rss")
    call_command("ingest_wire", str(folder / "feed-updated.rss"), verbosity=0)
    client.force_login(member_of(EDITORS, "desk"))
    html = client.get(QUEUE).content.decode()
    start = html.index("River ferries resume after three-day fog halt; delays ease")
    row = html[start : html.index("</tr>", start)]
    assert row.count("<time") == 2  # received, and updated since


def test_the_queue_costs_the_same_queries_however_long(
    client, wire_drafts, tmp_path, django_assert_max_num_queries
):
    client.force_login(member_of(EDITORS, "desk"))
    client.get(QUEUE)
    # 13: one of them asks whether the editor has a two-factor device.
    with django_assert_max_num_queries(13) as few:
        client.get(QUEUE)
    folder = drop_folder(tmp_path, "entries.atom", "story.newsml.xml")
    call_command("ingest_wire", str(folder), verbosity=0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(QUEUE).content.decode().count("Edit this draft") == 6
