"""Never stale: after each change a reader could see, every page that shows
it is fresh on the very next request, through the real page cache."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from masthead.articles.models import ArticlePage
from masthead.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    add_correction,
)
from masthead.cache.tests.wsgi_client import fetch
from masthead.comments.models import Comment
from masthead.comments.tests.factories import CommentFactory
from masthead.core.models import SiteSettings
from masthead.discovery.tests.factories import BreakingNewsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    city = SectionFactory(slug="city", title="City")
    SectionFactory(slug="sport", title="Sport")
    author = AuthorFactory(title="Rafiq Islam", slug="rafiq-islam")
    port = ArticleFactory(
        parent=city,
        title="River port reopens after dredging",
        slug="river-port",
        standfirst="Cargo boats return to the river port after months of dredging.",
        tags=["rivers", "shipping"],
        authors=[author],
    )
    ferry = ArticleFactory(
        parent=city,
        title="Ferry routes to the river port resume",
        slug="ferry-routes",
        standfirst="Ferries to the river port run again from Monday.",
        tags=["rivers", "shipping"],
        authors=[author],
    )
    return {"city": city, "author": author, "port": port, "ferry": ferry}


def pages_showing_the_port(paper) -> list[str]:
    return [
        "/",
        paper["city"].url,
        paper["port"].url,
        paper["ferry"].url,  # its related block
        "/tags/rivers/",
        paper["author"].url,
        "/latest/",
        "/feed/",
        "/feeds/section/city/",
        "/sitemap-articles.xml",
        "/search/?q=dredging",
    ]


def shared_max_age(answer) -> int:
    directives = dict(
        part.strip().partition("=")[::2]
        for part in answer.headers["cache-control"].split(",")
    )
    return int(directives["s-maxage"])


def warm(paths: list[str]) -> None:
    """Every page is rendered once and then served from the cache."""
    for path in paths:
        assert fetch(path).status == 200, path
        second = fetch(path)
        assert second.cache == "HIT", path


def test_pages_are_served_from_the_cache_until_something_changes(paper):
    warm(pages_showing_the_port(paper))
    port = fetch(paper["port"].url)
    assert port.cache == "HIT"
    assert "River port reopens after dredging" in port.text


def test_an_edited_headline_shows_everywhere_at_once(paper):
    paths = pages_showing_the_port(paper)
    warm(paths)
    port = paper["port"]
    port.title = "River port reopens to cargo after dredging"
    port.save_revision().publish()
    for path in paths:
        answer = fetch(path)
        assert answer.cache == "MISS", path
        if path != "/sitemap-articles.xml":  # sitemaps list addresses, not titles
            assert "River port reopens to cargo after dredging" in answer.words, path


def test_a_new_story_shows_on_every_listing_at_once(paper):
    listings = ["/", paper["city"].url, "/latest/", "/feed/", "/tags/rivers/"]
    warm([*listings, "/search/?q=barges", "/sitemap-articles.xml"])
    ArticleFactory(
        parent=paper["city"],
        title="Night barges banned on the river",
        slug="night-barges",
        standfirst="The port authority bans night barges on the river.",
        tags=["rivers"],
    )
    for path in listings:
        assert "Night barges banned on the river" in fetch(path).words, path
    assert "Night barges banned" in fetch("/search/?q=barges").words
    assert "/city/night-barges/" in fetch("/sitemap-articles.xml").text


def test_an_unpublished_story_disappears_everywhere_at_once(paper):
    paths = pages_showing_the_port(paper)
    warm(paths)
    paper["port"].unpublish()
    assert fetch(paper["port"].url).status == 404
    for path in paths:
        if path == paper["port"].url:
            continue
        answer = fetch(path)
        assert answer.status == 200, path
        assert "River port reopens" not in answer.words, path
        assert "/city/river-port/" not in answer.text, path


def test_a_deleted_story_disappears_everywhere_at_once(paper):
    paths = pages_showing_the_port(paper)
    warm(paths)
    ArticlePage.objects.get(pk=paper["port"].pk).delete()
    assert fetch(paper["port"].url).status == 404
    for path in paths:
        if path != paper["port"].url:
            assert "River port reopens" not in fetch(path).words, path


def test_a_moved_story_answers_at_its_new_address_at_once(paper):
    sport = SectionFactory(slug="sport-news", title="Sport news")
    warm(["/", paper["city"].url, sport.url, paper["port"].url])
    ArticlePage.objects.get(pk=paper["port"].pk).move(sport, pos="last-child")
    assert "River port reopens" not in fetch(paper["city"].url).text
    assert "River port reopens" in fetch(sport.url).text
    assert "/sport-news/river-port/" in fetch("/").text
    old = fetch("/city/river-port/")
    assert old.status in (301, 302, 404)  # never the cached old page
    assert old.cache != "HIT"


def test_a_correction_shows_on_the_article_at_once(paper):
    warm([paper["port"].url])
    add_correction(
        ArticlePage.objects.get(pk=paper["port"].pk),
        "An earlier version gave the wrong depth of the channel.",
    )
    assert "wrong depth of the channel" in fetch(paper["port"].url).text


def test_comments_show_when_approved_edited_and_removed(paper):
    port = paper["port"]
    warm([port.url])
    held = CommentFactory(
        article=port, text="Held until a moderator reads it.", status=Comment.PENDING
    )
    # A comment waiting for moderation changes no page: the cache keeps serving.
    assert fetch(port.url).cache == "HIT"
    held.approve()
    assert "Held until a moderator reads it." in fetch(port.url).text
    held.text = "Edited by the moderator for length."
    held.save()
    assert "Edited by the moderator for length." in fetch(port.url).text
    held.delete()
    assert "Edited by the moderator" not in fetch(port.url).text


def test_site_settings_show_on_every_page_at_once(paper):
    paths = ["/", paper["city"].url, paper["port"].url]
    warm(paths)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publication_name = "The Riverside Evening Star"
    settings.save()
    for path in paths:
        assert "The Riverside Evening Star" in fetch(path).text, path


def test_a_breaking_banner_goes_up_everywhere_and_comes_down_when_it_expires(paper):
    paths = ["/", paper["city"].url, paper["port"].url]
    warm(paths)
    banner = BreakingNewsFactory(headline="Cyclone warning raised to signal ten")
    for path in paths:
        assert "Cyclone warning raised to signal ten" in fetch(path).text, path
    # Expiring is not a change anyone saves: pages showing the banner are
    # fresh only until it expires, and a CDN may keep them no longer either.
    banner.expires_at = timezone.now() + timedelta(seconds=2)
    banner.save()
    warm(paths)
    page = fetch(paper["port"].url)
    assert shared_max_age(page) <= 2
    assert "x-masthead-expires" not in page.headers  # internal, never sent out
    time.sleep(2.1)
    for path in paths:
        answer = fetch(path)
        assert answer.cache == "MISS", path
        assert "Cyclone warning" not in answer.text, path
