"""Agency copy becomes draft articles: once, updated while untouched, never
half-made, with its credit, dateline and photos."""

import functools
import http.server
import shutil
import threading
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.core.models import CustomImage
from masthead.newsroom.scheduler import run_worker_jobs
from masthead.wire.models import WireItem, WireSource
from masthead.wire.tests.factories import (
    DATA,
    WireSourceFactory,
    drop_folder,
    photo_bytes,
)

pytestmark = pytest.mark.django_db


def ingest(*args: str, fails: bool = False) -> str:
    """Run the command as `masthead ingest` does; returns what it printed, and
    with fails=True the one-line error it ended with."""
    out = StringIO()
    if not fails:
        call_command("ingest_wire", *args, stdout=out)
        return out.getvalue()
    with pytest.raises(CommandError) as raised:
        call_command("ingest_wire", *args, stdout=out)
    assert "\n" not in str(raised.value)
    return f"{out.getvalue()}error: {raised.value}"


def body_text(page: ArticlePage) -> str:
    return " ".join(str(block.render()) for block in page.body)


@pytest.fixture
def source(tmp_path):
    return WireSourceFactory(name="BNA", path=str(drop_folder(tmp_path)))


def test_rss_items_become_credited_drafts_in_the_sources_section(source, tmp_path):
    folder = drop_folder(tmp_path, "feed.rss")
    printed = ingest("--source", "BNA", str(folder / "feed.rss"))
    assert "Wire: 2 new, 0 updated, 0 unchanged, 0 skipped, 0 failed" in printed

    item = WireItem.objects.get(guid="bna:2026-11-27:national:0412")
    page = ArticlePage.objects.get(pk=item.page_id)
    assert page.get_parent().pk == source.section.pk
    assert not page.live
    assert page.first_published_at is None
    assert page.title == "River ferries resume after three-day fog halt"
    assert page.agency == source.agency
    assert page.dateline == "BARISHAL"
    assert page.byline_credit == "Nasrin Chowdhury"
    assert page.standfirst.startswith("Launch services on the southern routes")
    text = body_text(page)
    assert text.startswith("<p>Launch services on the southern river routes")
    assert "<b>600 passengers</b>" in text
    assert [(b.block_type, b.value) for b in page.body][3] == (
        "subheading",
        "Schedules",
    )
    for hostile in ("<script", "document.cookie", "onclick", "javascript:"):
        assert hostile not in text
    assert 'href="http://wire.example.org/national/fog-timeline"' in text
    assert page.featured_image.credit == "BNA / Tanvir Ahmed"
    assert page.featured_image_caption == (
        "Passengers board a launch at the terminal on Friday morning."
    )

    port = ArticlePage.objects.get(title__startswith="Port handles record")
    assert port.dateline == "CHATTOGRAM"
    assert [b.block_type for b in port.body] == ["paragraph", "paragraph"]
    assert port.featured_image is None


def test_reingesting_the_same_file_makes_no_duplicates(source, tmp_path):
    path = str(drop_folder(tmp_path, "feed.rss") / "feed.rss")
    ingest("--source", "BNA", path)
    pages, images = ArticlePage.objects.count(), CustomImage.objects.count()
    printed = ingest("--source", "BNA", path)
    assert "0 new, 0 updated, 2 unchanged" in printed
    assert ArticlePage.objects.count() == pages
    assert CustomImage.objects.count() == images
    assert WireItem.objects.count() == 2


def test_an_agency_update_rewrites_the_untouched_draft(source, tmp_path):
    folder = drop_folder(tmp_path, "feed.rss", "feed-updated.rss")
    ingest("--source", "BNA", str(folder / "feed.rss"))
    item = WireItem.objects.get(guid="bna:2026-11-27:national:0412")
    printed = ingest("--source", "BNA", str(folder / "feed-updated.rss"))
    assert "1 new, 1 updated, 1 unchanged, 0 skipped" in printed

    item_after = WireItem.objects.get(pk=item.pk)
    assert item_after.page_id == item.page_id
    assert item_after.revision_id != item.revision_id
    page = ArticlePage.objects.get(pk=item.page_id)
    draft = page.get_latest_revision_as_object()
    assert draft.title == "River ferries resume after three-day fog halt; delays ease"
    assert "41 vessels had sailed" in body_text(draft)
    assert not page.live
    assert WireItem.objects.in_queue().count() == 3


def test_an_update_leaves_a_draft_an_editor_has_edited(source, tmp_path):
    folder = drop_folder(tmp_path, "feed.rss", "feed-updated.rss")
    ingest("--source", "BNA", str(folder / "feed.rss"))
    page = ArticlePage.objects.get(title__startswith="River ferries")
    page.title = "Ferries back on the southern routes"
    page.save_revision()  # what saving a draft in the admin does

    printed = ingest("--source", "BNA", str(folder / "feed-updated.rss"))
    assert "skipped: River ferries resume after three-day fog halt; delays ease: " in (
        printed
    )
    assert "edited in the newsroom" in printed
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.title == "Ferries back on the southern routes"


def test_an_update_leaves_a_published_story_alone(source, tmp_path):
    folder = drop_folder(tmp_path, "feed.rss", "feed-updated.rss")
    ingest("--source", "BNA", str(folder / "feed.rss"))
    page = ArticlePage.objects.get(title__startswith="River ferries")
    page.get_latest_revision().publish()

    printed = ingest("--source", "BNA", str(folder / "feed-updated.rss"))
    assert "edited in the newsroom" in printed
    page.refresh_from_db()
    assert page.title == "River ferries resume after three-day fog halt"
    assert page.live
    assert not WireItem.objects.in_queue().filter(page=page).exists()


def test_a_spiked_draft_does_not_come_back(source, tmp_path):
    path = str(drop_folder(tmp_path, "feed.rss") / "feed.rss")
    ingest("--source", "BNA", path)
    ArticlePage.objects.get(title__startswith="River ferries").delete()
    printed = ingest("--source", "BNA", path)
    assert "its draft was deleted in the newsroom" in printed
    assert not ArticlePage.objects.filter(title__startswith="River ferries").exists()


def test_malformed_files_are_reported_and_skipped_and_the_rest_ingested(
    source, tmp_path
):
    folder = drop_folder(
        tmp_path,
        "broken.rss",
        "not-news.xml",
        "entity-bomb.xml",
        "incomplete-items.rss",
        "story.newsml.xml",
    )
    printed = ingest("--source", "BNA", str(folder), fails=True)
    assert "failed: broken.rss: not well-formed XML" in printed
    assert "failed: entity-bomb.xml: refused unsafe XML" in printed
    assert "failed: not-news.xml: <inventory> is not RSS, Atom" in printed
    assert (
        "skipped: incomplete-items.rss: item 1 (bna:2026-11-27:sport:0051): "
        "no headline" in printed
    )
    assert "skipped: incomplete-items.rss: item 2: no id (guid)" in printed
    assert "2 new, 0 updated, 0 unchanged, 2 skipped, 3 failed" in printed
    assert printed.endswith(
        "error: 3 failed (reasons above); everything else was ingested"
    )

    # Only the readable stories were drafted: nothing from the bad files.
    assert set(ArticlePage.objects.values_list("title", flat=True)) == {
        "University team grows salt-tolerant rice in field trials",
        "Home side level the series with a five-wicket win",
    }
    assert WireItem.objects.count() == 2
    assert CustomImage.objects.count() == 1  # the rice photo


def test_a_file_that_fails_leaves_nothing_behind(source, tmp_path):
    folder = drop_folder(tmp_path, "broken.rss", "entity-bomb.xml")
    ingest("--source", "BNA", str(folder), fails=True)
    assert not ArticlePage.objects.exists()
    assert not WireItem.objects.exists()
    assert not CustomImage.objects.exists()


def test_atom_and_bangla_stories_are_drafted_with_unicode_slugs(source, tmp_path):
    folder = drop_folder(tmp_path, "entries.atom", "bangla.nitf.xml")
    ingest("--source", "BNA", str(folder))
    storm = ArticlePage.objects.get(title="বঙ্গোপসাগরে নিম্নচাপ, সমুদ্রবন্দরে সতর্কসংকেত")
    assert storm.dateline == "ঢাকা"
    # Bangla letters, as Wagtail slugs them (vowel signs cannot be in a slug).
    assert storm.slug == "বঙগপসগর-নমনচপ-সমদরবনদর-সতরকসকত"
    assert body_text(storm).startswith("<p>বঙ্গোপসাগরে সৃষ্ট নিম্নচাপের কারণে")

    erosion = ArticlePage.objects.get(title="নদীভাঙনে ঘর হারাল দুই শতাধিক পরিবার")
    assert erosion.dateline == "কুড়িগ্রাম"
    assert erosion.standfirst == "সরকারি ত্রাণ পৌঁছেছে, স্থায়ী বাঁধের দাবি এলাকাবাসীর"
    assert [b.block_type for b in erosion.body] == [
        "paragraph",
        "paragraph",
        "subheading",
        "paragraph",
    ]
    assert erosion.body[2].value == "স্থায়ী সমাধানের দাবি"
    assert erosion.featured_image.credit == "বিএনএ / রাশেদুল হক"

    flood = ArticlePage.objects.get(title__startswith="Regional ministers")
    assert flood.dateline == "KATHMANDU"
    assert flood.featured_image.file.name.endswith(".png")


def test_nitf_updates_apply_and_an_older_version_is_refused(source, tmp_path):
    folder = drop_folder(
        tmp_path, "bangla.nitf.xml", "bangla-updated.nitf.xml", "bangla-older.nitf.xml"
    )
    ingest("--source", "BNA", str(folder / "bangla.nitf.xml"))
    printed = ingest("--source", "BNA", str(folder / "bangla-updated.nitf.xml"))
    assert "1 updated" in printed
    printed = ingest("--source", "BNA", str(folder / "bangla-older.nitf.xml"))
    assert "older than the version already received" in printed
    (item,) = WireItem.objects.all()
    draft = item.page.get_latest_revision_as_object()
    assert draft.title == "নদীভাঙনে ঘর হারাল আড়াই শতাধিক পরিবার"
    assert ArticlePage.objects.filter(pk=item.page_id).count() == 1


def test_a_withdrawn_story_is_not_drafted(source, tmp_path):
    folder = drop_folder(tmp_path, "withdrawn.newsml.xml")
    printed = ingest("--source", "BNA", str(folder))
    assert "withdrawn by the agency" in printed
    assert not WireItem.objects.exists()


def test_newsml_from_a_drop_folder_source_with_its_picture(tmp_path):
    folder = drop_folder(tmp_path, "story.newsml.xml")
    (folder / "notes.txt").write_text("not a wire file")
    WireSourceFactory(name="BNA science", path=str(folder))
    printed = ingest()
    assert "1 new" in printed
    page = ArticlePage.objects.get(title__startswith="University team")
    assert page.dateline == "RAJSHAHI"
    assert page.standfirst.startswith("A new rice line")
    assert page.featured_image.credit == "BNA / Sohel Rana"
    assert page.featured_image.width == 640
    assert "<i>Mahmuda Sultana</i>" in body_text(page)
    source = WireSource.objects.get(name="BNA science")
    assert source.last_run_at is not None
    assert source.last_result.startswith("1 new")


def test_bad_photos_are_left_out_and_the_story_kept(source, tmp_path):
    folder = drop_folder(tmp_path, "feed.rss", "story.newsml.xml", "bangla.nitf.xml")
    (folder / "photos" / "ferry.jpg").write_text("<html>not a photo</html>")
    (folder / "photos" / "rice-plot.jpg").unlink()
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(photo_bytes())
    nitf = folder / "bangla.nitf.xml"
    nitf.write_text(
        nitf.read_text(encoding="utf-8").replace(
            "photos/riverbank.jpg", "../secret.jpg"
        ),
        encoding="utf-8",
    )
    printed = ingest("--source", "BNA", str(folder))
    assert "4 new" in printed
    assert "photos/ferry.jpg: not a readable image" in printed
    assert "photos/rice-plot.jpg: cannot read" in printed
    assert "../secret.jpg: outside the document's folder" in printed
    assert not CustomImage.objects.exists()
    assert ArticlePage.objects.filter(featured_image__isnull=True).count() == 4


def test_an_oversized_photo_is_refused(source, tmp_path, monkeypatch):
    from masthead.wire import fetch

    monkeypatch.setattr(fetch, "MAX_IMAGE_BYTES", 1000)
    folder = drop_folder(tmp_path, "story.newsml.xml")
    printed = ingest("--source", "BNA", str(folder))
    assert "photos/rice-plot.jpg: larger than" in printed
    assert not CustomImage.objects.exists()


def test_the_same_photo_is_stored_once(source, tmp_path):
    folder = drop_folder(tmp_path, "feed.rss", "feed-updated.rss")
    shutil.copy(folder / "photos" / "ferry.jpg", folder / "photos" / "ferry-2.jpg")
    ingest("--source", "BNA", str(folder / "feed.rss"))
    updated = folder / "feed-updated.rss"
    updated.write_text(
        updated.read_text().replace(
            "</content:encoded>",
            '</content:encoded><enclosure url="photos/ferry-2.jpg" '
            'type="image/jpeg" length="1"/>',
            1,
        )
    )
    ingest("--source", "BNA", str(updated))
    assert CustomImage.objects.count() == 1


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server(tmp_path):
    """A web server on this machine only, serving a folder of samples."""
    folder = drop_folder(tmp_path, "feed.rss")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()
    server.server_close()


def test_the_worker_ingests_a_feed_once_per_interval(loopback_server, settings):
    base, folder = loopback_server
    settings.MASTHEAD_WIRE_INTERVAL = 300
    assert "masthead.wire.ingest.ingest_due_sources" in settings.MASTHEAD_WORKER_JOBS
    source = WireSourceFactory(
        name="BNA feed", kind=WireSource.FEED, url=f"{base}/feed.rss", path=""
    )
    run_worker_jobs()
    assert WireItem.objects.filter(source=source).count() == 2
    page = ArticlePage.objects.get(title__startswith="River ferries")
    assert page.featured_image.credit == "BNA / Tanvir Ahmed"  # fetched over HTTP

    # A new story arrives, but the source was checked moments ago.
    shutil.copy(DATA / "feed-updated.rss", folder / "feed.rss")
    run_worker_jobs()
    assert WireItem.objects.filter(source=source).count() == 2

    WireSource.objects.filter(pk=source.pk).update(
        last_run_at=timezone.now() - timedelta(seconds=301)
    )
    run_worker_jobs()
    assert WireItem.objects.filter(source=source).count() == 3


def test_an_unreachable_feed_is_reported(loopback_server):
    base, _folder = loopback_server
    WireSourceFactory(
        name="BNA feed", kind=WireSource.FEED, url=f"{base}/missing.rss", path=""
    )
    printed = ingest("--source", "BNA feed", fails=True)
    assert "missing.rss: the server answered 404" in printed
    source = WireSource.objects.get(name="BNA feed")
    assert "1 failed" in source.last_result


def test_a_source_without_a_section_fails_without_drafting(tmp_path):
    folder = drop_folder(tmp_path, "feed.rss")
    WireSourceFactory(name="Homeless", path=str(folder), section=None)
    printed = ingest("--source", "Homeless", fails=True)
    assert "the source 'Homeless' has no section" in printed
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "Nobody"], "no wire source named 'Nobody'"),
        (["--source", "BNA", "/nonexistent/feed.rss"], "no such file or folder"),
    ],
)
def test_command_mistakes_are_one_line(source, args, message):
    with pytest.raises(CommandError, match=message):
        ingest(*args)


def test_files_need_a_source_when_there_are_several(source, tmp_path):
    WireSourceFactory(name="Other")
    with pytest.raises(CommandError, match="--source NAME"):
        ingest(str(Path(DATA / "feed.rss")))
