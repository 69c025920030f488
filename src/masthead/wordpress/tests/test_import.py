"""Importing exports made by a real WordPress (6.1.9, see data/make_exports.php):
what each thing becomes, the comment threads, the redirects, and a second run."""

from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Revision

from masthead.articles.models import ArticlePage, AuthorPage, SectionPage
from masthead.articles.tests.factories import home_page
from masthead.comments.models import ClosedThread, Comment
from masthead.core.models import CustomImage
from masthead.discovery.counting import most_read
from masthead.discovery.models import DailyViewCount
from masthead.wordpress.importer import WordPressImport
from masthead.wordpress.models import ImportedItem
from masthead.wordpress.tests.conftest import DATA

pytestmark = pytest.mark.django_db

# WordPress ids in newsroom.xml.
FLOOD, MATCH, BUDGET, DRAINS, FERRY, HELLO = 5, 9, 14, 15, 16, 1
DRAFT, PENDING, FUTURE, PRIVATE, TRASHED, PASSWORD = 17, 18, 19, 20, 21, 23
BANGLA_TITLE = "বাজেটে কৃষি খাতে বরাদ্দ বাড়ছে"


def article(wp_id: int) -> ArticlePage:
    row = ImportedItem.objects.get(kind=ImportedItem.POST, wp_id=str(wp_id))
    return ArticlePage.objects.get(pk=row.object_id)


def counts() -> dict[str, int]:
    return {
        "articles": ArticlePage.objects.count(),
        "sections": SectionPage.objects.count(),
        "authors": AuthorPage.objects.count(),
        "comments": Comment.objects.count(),
        "images": CustomImage.objects.count(),
        "tags": Tag.objects.count(),
        "redirects": Redirect.objects.count(),
        "mapped": ImportedItem.objects.count(),
        "views": DailyViewCount.objects.count(),
        "users": get_user_model().objects.count(),
        "revisions": Revision.objects.count(),
    }


@pytest.fixture
def newsroom(import_export, media_dir):
    home_page()
    return import_export("newsroom.xml", media_dir=media_dir)


def test_every_post_status_lands_where_it_should(newsroom):
    assert newsroom.counts["posts"]["imported"] == 11
    assert newsroom.reasons[("posts", "skipped")] == {"in the trash": 1}
    assert not ImportedItem.objects.filter(wp_id=str(TRASHED), kind="post").exists()

    live = {wp: article(wp) for wp in (FLOOD, MATCH, BUDGET, DRAINS, FERRY, HELLO)}
    assert all(page.live for page in live.values())
    flood = live[FLOOD]
    assert flood.first_published_at == datetime(2025, 7, 8, 3, 30, tzinfo=UTC)
    assert flood.last_published_at >= flood.first_published_at

    for wp in (DRAFT, PENDING, PRIVATE, PASSWORD):
        page = article(wp)
        assert not page.live and page.has_unpublished_changes
        assert page.first_published_at is None
    notes = dict(newsroom.notes)
    assert notes[("posts", "private on the old site: imported as drafts")] == 1
    assert (
        notes[("posts", "password-protected on the old site: imported as drafts")] == 1
    )

    scheduled = article(FUTURE)
    assert not scheduled.live
    when = datetime(2030, 6, 1, 6, 0, tzinfo=UTC)  # noon in Dhaka
    assert scheduled.go_live_at == when
    assert scheduled.get_latest_revision().approved_go_live_at == when


def test_nested_categories_become_sections_and_tags(newsroom):
    sections = dict(SectionPage.objects.values_list("slug", "title"))
    assert sections == {
        "news": "News",
        "sport": "Sport",
        "opinion": "Opinion",
        "arthniti": "অর্থনীতি",  # Bangla slugs with vowel signs cannot be URLs
        "uncategorized": "Uncategorized",
    }
    flood = article(FLOOD)
    assert flood.get_parent().slug == "news"  # Dhaka ⊂ Bangladesh ⊂ News
    assert set(flood.tags.names()) == {"flood", "monsoon", "বন্যা", "Bangladesh", "Dhaka"}
    match = article(MATCH)
    assert match.get_parent().slug == "sport"
    assert {name.lower() for name in match.tags.names()} == {"chattogram", "cricket"}
    drains = article(DRAINS)  # News and Opinion, Opinion marked primary (Yoast)
    assert drains.get_parent().slug == "opinion"
    assert "News" in set(drains.tags.names())
    assert article(FERRY).get_parent().slug == "uncategorized"
    assert Tag.objects.get(name="বন্যা").slug == "বন্যা"


def test_authors_and_co_authors_without_accounts(newsroom):
    assert get_user_model().objects.count() == 0
    names = set(AuthorPage.objects.values_list("title", flat=True))
    assert names == {
        "Farida Yasmin",
        "Arifur Rahman",
        "শাহানা পারভীন",
        "Tanvir Ahmed",
        "editor",
    }
    assert [a.title for a in article(MATCH).authors] == [
        "Farida Yasmin",
        "Tanvir Ahmed",
    ]
    tanvir = AuthorPage.objects.get(title="Tanvir Ahmed")
    assert "cricket from Chattogram" in tanvir.bio
    assert AuthorPage.objects.get(title="Farida Yasmin").slug == "farida-yasmin"


def test_bodies_images_and_metadata(newsroom):
    flood = article(FLOOD)
    kinds = [block.block_type for block in flood.body]
    assert kinds == [
        "paragraph",
        "paragraph",
        "image",
        "paragraph",
        "subheading",
        "paragraph",
        "embed",
        "paragraph",
        "paragraph",
    ]
    text = str(flood.body[1].value)
    assert "<b>blocked for weeks</b>" in text and "<br>She has lived" in text
    caption = flood.body[2].value
    assert caption["caption"] == (
        "Volunteers filled sandbags along the embankment through the night."
    )
    assert caption["image"].credit == "Arifur Rahman"  # Media Credit's meta
    assert 'href="/2025/07/01/pumping-stations-upgraded/"' in str(flood.body[3].value)
    assert (
        flood.body[6].value["url"].url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    assert flood.featured_image.title == "Flooded road in Uttara"
    assert flood.featured_image.credit == "Photo: Farida Yasmin"  # IPTC credit
    assert flood.featured_image.description == "A rickshaw in brown flood water"
    assert flood.featured_image_caption.startswith("A rickshaw puller crosses")
    assert flood.standfirst.startswith("Residents of Uttara and Mirpur")
    assert flood.search_description.startswith("The Turag rose")  # Yoast
    assert flood.seo_title == ""  # Yoast's template says: the headline

    match = article(MATCH)
    assert match.standfirst == (
        "Tail-enders hold their nerve as the chase goes to the final over"
    )
    assert match.search_description.startswith("A 41-run stand")  # the excerpt
    blocks = [block.block_type for block in match.body]
    assert blocks.count("pull_quote") == 2 and "embed" in blocks
    gallery = [b.value["image"].title for b in match.body if b.block_type == "image"]
    assert gallery == ["Floodlights in Chattogram", "The crowd"]  # scoreboard missing
    assert newsroom.reasons[("images", "skipped")] == {
        "missing: not in the media folder": 1
    }

    budget = article(BUDGET)
    assert budget.title == BANGLA_TITLE
    assert budget.slug == "bajete-krsi-khate-bradd-badche"  # transliterated
    assert "সেচের খরচ কমানো না গেলে" in str(budget.body[1].value)

    drains = article(DRAINS)
    assert drains.no_index
    assert ClosedThread.objects.filter(article=drains).exists()


def test_comment_threads_statuses_and_private_details(newsroom):
    assert newsroom.counts["comments"]["imported"] == 9
    assert newsroom.reasons[("comments", "skipped")] == {
        "in the trash": 1,
        "pingbacks and trackbacks": 2,
    }
    thread = list(Comment.objects.filter(article=article(FLOOD)).order_by("created_at"))
    assert [(c.name, c.depth, c.status) for c in thread] == [
        ("Kamal Hossain", 1, Comment.APPROVED),
        ("Farida Yasmin", 2, Comment.APPROVED),
        ("Kamal Hossain", 3, Comment.PENDING),
        ("রফিক", 1, Comment.APPROVED),
    ]
    kamal, farida, reply, rafiq = thread
    assert farida.parent == kamal and reply.parent == farida
    assert kamal.email == "kamal@example.org" and kamal.ip_address.startswith(
        "203.0.113."
    )
    assert kamal.website == "https://kamal.example.org"
    assert kamal.created_at == datetime(2025, 7, 8, 5, 2, tzinfo=UTC)
    assert kamal.approved_at == kamal.created_at
    assert reply.text == "Road 4, behind the school.\nThe water is above the steps."
    assert reply.approved_at is None
    assert rafiq.text.startswith("আমাদের এলাকায়ও পানি উঠেছে")

    nadia = Comment.objects.get(name="Nadia")  # WordPress kept what its form took
    assert (nadia.email, nadia.website, nadia.ip_address) == ("", "", None)
    assert nadia.text == "The strike rates (https://example.org/stats) tell the story."


def test_read_counts_seed_most_read(newsroom):
    views = DailyViewCount.objects.get(article=article(FLOOD))
    assert (views.day, views.views) == (date(2025, 7, 8), 1520)
    assert [story.pk for story in most_read(days=3650, count=3)] == [
        article(FLOOD).pk,
        article(MATCH).pk,
        article(BUDGET).pk,
    ]


def redirects_to(client, old: str, new: str) -> None:
    response = client.get(old)
    assert response.status_code == 301, (old, response.status_code)
    assert response["Location"] == new, old


def test_every_old_address_redirects_permanently(newsroom, client):
    flood, budget = article(FLOOD), article(BUDGET)
    redirects_to(client, "/2025/07/08/flood-water-reaches-northern-dhaka/", flood.url)
    redirects_to(
        client, "/2025/07/08/flood-water-reaches-dhaka/", flood.url
    )  # old slug
    redirects_to(client, "/2025/07/08/flood-water-reaches-northern-dhaka", flood.url)
    redirects_to(client, f"/?p={FLOOD}", flood.url)
    redirects_to(client, f"/?p={FLOOD}&utm_source=facebook", flood.url)
    redirects_to(
        client, "/2025/07/08/flood-water-reaches-northern-dhaka/amp/", flood.url
    )
    redirects_to(
        client, "/2025/07/08/flood-water-reaches-northern-dhaka/?fbclid=x", flood.url
    )
    redirects_to(  # the attachment page of its photo
        client,
        "/2025/07/08/flood-water-reaches-northern-dhaka/flooded-road-in-uttara/",
        flood.url,
    )
    bangla_link = next(
        item.link for item in _items() if item.post_id == BUDGET
    ).removeprefix("https://dailybarta.example")
    redirects_to(client, bangla_link, budget.url)
    redirects_to(client, bangla_link.upper().replace("/2025", "/2025"), budget.url)

    redirects_to(client, "/category/news/", "/news/")
    redirects_to(client, "/category/news/page/2/", "/news/?page=2")
    redirects_to(client, "/category/news/feed/", "/feeds/section/news/")
    redirects_to(client, "/category/news/bangladesh/dhaka/", "/tags/dhaka/")
    redirects_to(client, "/category/dhaka/", "/tags/dhaka/")
    redirects_to(client, "/category/sport/cricket/feed/", "/feeds/tag/cricket/")
    economy = quote("অর্থনীতি").lower()  # how WordPress writes the slug
    redirects_to(client, f"/category/{economy}/", "/arthniti/")
    redirects_to(client, "/tag/flood/", "/tags/flood/")
    redirects_to(client, "/tag/flood/feed/", "/feeds/tag/flood/")
    redirects_to(client, f"/tag/{quote('বন্যা').lower()}/", f"/tags/{quote('বন্যা')}/")
    redirects_to(client, "/?tag=flood", "/tags/flood/")
    redirects_to(client, "/author/farida-yasmin/", "/authors/farida-yasmin/")
    redirects_to(client, "/author/farida-yasmin/feed/", "/feeds/author/farida-yasmin/")
    redirects_to(client, "/?author=2", "/authors/farida-yasmin/")
    redirects_to(client, "/author/tanvir-ahmed/", "/authors/tanvir-ahmed/")
    redirects_to(client, "/feed/rss2/", "/feed/")
    redirects_to(client, "/?feed=rss2", "/feed/")
    redirects_to(client, "/?s=flood+water", "/search/?q=flood+water")
    image = article(FLOOD).featured_image
    redirects_to(client, "/wp-content/uploads/2025/07/flood-uttara.jpg", image.file.url)
    redirects_to(
        client, "/wp-content/uploads/2025/07/flood-uttara-300x200.jpg", image.file.url
    )

    assert client.get(flood.url).status_code == 200
    assert client.get("/feed/").status_code == 200  # Masthead's own feed
    assert client.get(f"/?p={DRAFT}").status_code == 200  # never public: the front page
    assert client.get("/2025/07/08/no-such-story/").status_code == 404


def _items():
    from masthead.wordpress.wxr import ExportReader

    return ExportReader(DATA / "newsroom.xml").items()


def test_ordinary_requests_never_look_up_redirects(newsroom, client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/?utm_source=newsletter").status_code == 200
        assert client.get(article(FLOOD).url).status_code == 200
    assert not any("wagtailredirects" in q["sql"] for q in captured.captured_queries)


def test_a_second_run_changes_nothing_and_an_edited_export_updates(
    newsroom, import_export, media_dir, client
):
    before = counts()
    again = import_export("newsroom.xml", media_dir=media_dir)
    assert counts() == before
    assert again.counts["posts"]["unchanged"] == 11
    assert again.counts["posts"]["imported"] == again.counts["posts"]["updated"] == 0
    assert again.counts["comments"]["imported"] == 0

    edited = import_export("newsroom-edited.xml", media_dir=media_dir)
    assert edited.counts["posts"]["updated"] == 2  # the flood story, the bus routes
    after = counts()
    assert after["comments"] == before["comments"] + 1  # Selina's
    assert after["articles"] == before["articles"]
    flood = article(FLOOD)
    assert flood.title.endswith("after a week of heavy rain")
    reply = Comment.objects.get(article=flood, depth=3)
    assert reply.status == Comment.APPROVED and reply.approved_at is not None
    assert Comment.objects.filter(article=flood, name="Selina").exists()
    buses = article(DRAFT)
    assert buses.live and buses.title == "New bus routes for Gazipur"
    # Published on the old site the moment the export was edited.
    assert buses.first_published_at == datetime(2026, 11, 27, 5, 19, 51, tzinfo=UTC)
    redirects_to(client, "/2026/11/27/new-bus-routes-for-gazipur/", buses.url)
    redirects_to(client, f"/?p={DRAFT}", buses.url)


def test_a_dry_run_writes_nothing(import_export, media_dir):
    home_page()
    before = counts()
    report = import_export("newsroom.xml", media_dir=media_dir, dry_run=True)
    assert counts() == before
    assert report.counts["posts"]["imported"] == 11
    assert report.counts["comments"]["imported"] == 9
    assert report.counts["images"]["imported"] == 5
    assert report.counts["sections"]["imported"] == 5
    assert "Dry run: nothing was written" in report.render()


def test_one_bad_post_is_reported_and_skipped(
    monkeypatch, import_export, media_dir, settings
):
    home_page()
    save_page = WordPressImport.save_page

    def failing(self, item, plan, page):
        saved = save_page(self, item, plan, page)
        if item.post_id == MATCH:  # half-way through writing the article
            raise ValueError("the disk is full")
        return saved

    monkeypatch.setattr(WordPressImport, "save_page", failing)
    report = import_export("newsroom.xml", media_dir=media_dir)
    assert report.counts["posts"]["failed"] == 1
    assert report.reasons[("posts", "failed")] == {"ValueError: the disk is full": 1}
    assert report.counts["posts"]["imported"] == 10
    assert not ArticlePage.objects.filter(title__startswith="Bangladesh level").exists()
    assert not Comment.objects.filter(name__in=["Sabbir", "Nadia"]).exists()
    assert not ImportedItem.objects.filter(kind="post", wp_id=str(MATCH)).exists()
    # What the failed post made on its way (its section, a tag) went with it…
    assert not SectionPage.objects.filter(slug="sport").exists()
    assert not Tag.objects.filter(name="Chattogram").exists()
    assert report.counts["sections"]["imported"] == 4
    # …and its pictures' files; their attachments' own items brought them back.
    assert CustomImage.objects.count() == 5
    stored = list((settings.MEDIA_ROOT / "original_images").iterdir())
    assert len(stored) == 5
    assert article(BUDGET).live  # the run went on

    monkeypatch.setattr(WordPressImport, "save_page", save_page)
    retry = import_export("newsroom.xml", media_dir=media_dir)
    assert retry.counts["posts"]["imported"] == 1
    assert article(MATCH).live


def test_the_command_fails_loudly_when_an_item_failed(monkeypatch, media_dir):
    home_page()

    def failing(self, item):
        raise RuntimeError("boom")

    monkeypatch.setattr(WordPressImport, "handle_attachment", failing)
    with pytest.raises(CommandError, match="6 item"):
        call_command(
            "import_wordpress",
            str(DATA / "newsroom.xml"),
            media_dir=str(media_dir),
            verbosity=0,
        )
    assert ArticlePage.objects.filter(live=True).count() == 6


@pytest.mark.parametrize(
    ("name", "words"),
    [("truncated.xml", "ends early"), ("malformed.xml", "line 29")],
)
def test_a_broken_file_writes_nothing(name, words):
    home_page()
    before = counts()
    with pytest.raises(CommandError, match=words):
        call_command("import_wordpress", str(DATA / name), verbosity=0)
    assert counts() == before


def test_images_missing_at_first_come_with_a_later_media_folder(
    import_export, media_dir
):
    home_page()
    first = import_export("newsroom.xml")
    assert first.reasons[("images", "skipped")] == {"missing: no --media-dir given": 6}
    assert article(FLOOD).featured_image is None
    assert CustomImage.objects.count() == 0

    second = import_export("newsroom.xml", media_dir=media_dir)
    assert second.counts["images"]["imported"] == 5
    assert second.counts["posts"]["updated"] == 11
    assert article(FLOOD).featured_image.title == "Flooded road in Uttara"


# The team's shared sample (synthetic text, exported by WordPress 6.1), copied
# here so that a clean checkout tests it.
SAMPLE = Path(__file__).resolve().parent / "data" / "wordpress-61-sample.xml"


def test_the_real_wordpress_61_sample(import_export, client):
    home_page()
    report = import_export(SAMPLE)
    assert report.counts["posts"]["imported"] == 47
    assert report.reasons[("posts", "skipped")] == {"in the trash": 3}
    assert ArticlePage.objects.live().count() == 35  # 36 published, 1 with a password
    assert report.counts["comments"]["imported"] == 13
    assert report.reasons[("images", "skipped")] == {"missing: no --media-dir given": 2}
    assert set(SectionPage.objects.values_list("slug", flat=True)) == {
        "business",
        "national",
        "opinion",
        "sports",
        "world",
    }
    row = ImportedItem.objects.get(kind="post", wp_id="14")
    page = ArticlePage.objects.get(pk=row.object_id)
    redirects_to(client, "/?p=14", page.url)
    redirects_to(
        client,
        "/2024/07/26/what-the-limited-agreement-means-for-small-business-owners-in-"
        "thornbury-vale/",
        page.url,
    )


def test_hand_written_edge_cases(import_export, media_dir, client):
    """WXR 1.1, a spam comment with a reply, Rank Math, a theme subtitle, a
    /%category%/%postname%/ permalink with old slugs, and leftovers."""
    home_page()
    report = import_export("edge-cases.xml", media_dir=media_dir)
    row = ImportedItem.objects.get(kind="post", wp_id="201")
    page = ArticlePage.objects.get(pk=row.object_id)
    assert page.get_parent().slug == "city"
    assert page.seo_title == "Rickshaw ban: what changes on Sunday"
    assert page.search_description == "Three main roads close to rickshaws from Sunday."
    assert page.standfirst == "The police say fines start at once"
    assert DailyViewCount.objects.get(article=page).views == 1204
    for old in (
        "/city/traffic/rickshaw-ban-main-roads/",
        "/city/traffic/rickshaw-ban/",
        "/city/traffic/rickshaws-banned/",
    ):
        redirects_to(client, old, page.url)

    jamal, reader = Comment.objects.filter(article=page).order_by("created_at")
    assert reader.parent == jamal  # its parent was spam: it answers the spam's parent
    assert len(reader.name) <= 80 and reader.ip_address is None
    assert reader.created_at == datetime(2014, 5, 5, 7, 0, tzinfo=UTC)  # local time
    assert report.reasons[("comments", "skipped")] == {
        "spam (not carried over)": 1,
        "in the trash": 1,
    }
    assert report.reasons[("images", "skipped")] == {"not an image we keep (.pdf)": 1}
    assert report.reasons[("other", "skipped")] == {
        "reusable blocks": 1,
        "of type 'product'": 1,
    }
    notes = {text for _kind, text in report.notes}
    assert "images from other sites left out" in notes
    assert "embedded frames left out" in notes
    assert "video files left out" in notes
    assert "scheduled for a time now past: the worker publishes them" in notes
    prices = ArticlePage.objects.get(slug="prices-and-wages")
    assert prices.title == "Prices & wages: a look back"
    rickshaws = CustomImage.objects.get(title="Rickshaws at a crossing")
    assert rickshaws.credit == "Mim Akter"


def test_related_stories_can_wait_for_compute_related(media_dir, capsys):
    from masthead.discovery.models import RelatedStory

    home_page()
    call_command(
        "import_wordpress",
        str(DATA / "newsroom.xml"),
        media_dir=str(media_dir),
        no_related=True,
    )
    assert "compute_related --missing" in capsys.readouterr().out
    assert not RelatedStory.objects.exists()
    call_command("compute_related", "--missing", verbosity=0)
    assert RelatedStory.objects.filter(article=article(FLOOD)).exists()
