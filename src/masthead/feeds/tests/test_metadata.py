"""What search engines and social apps read from real rendered pages: JSON-LD,
OpenGraph and Twitter cards, canonical and feed links, and share links."""

import json
from datetime import datetime
from html.parser import HTMLParser

import pytest
from wagtail.models import Site

from masthead.articles.tests.factories import (
    AgencyFactory,
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    add_correction,
    make_image,
)
from masthead.core.models import SiteSettings

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    """Collects <link>, <meta>, JSON-LD scripts and <a> hrefs of a page."""

    def __init__(self):
        super().__init__()
        self.links, self.meta, self.json_ld, self.anchors = [], [], [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.meta.append(attrs)
        elif tag == "a":
            self.anchors.append(attrs)
        elif tag == "script":
            assert attrs.get("type") == "application/ld+json", attrs
            self._in_json_ld = True

    def handle_endtag(self, tag):
        self._in_json_ld = self._in_json_ld and tag != "script"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))


def read(client, url) -> HeadParser:
    response = client.get(url)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def of_type(parsed: HeadParser, kind: str) -> dict:
    (data,) = [d for d in parsed.json_ld if d["@type"] == kind]
    assert data["@context"] == "https://schema.org"
    return data


def properties(parsed: HeadParser) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in parsed.meta:
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    return found


def rel(parsed: HeadParser, value: str) -> list[dict]:
    return [link for link in parsed.links if link.get("rel") == value]


def crumbs(parsed: HeadParser) -> list[tuple[str, str]]:
    data = of_type(parsed, "BreadcrumbList")
    items = data["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    return [(item["name"], item["item"]) for item in items]


@pytest.fixture
def story():
    author = AuthorFactory(title="Rahima Akter", slug="rahima-akter")
    section = SectionFactory(title="National", slug="national")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = make_image("Logo", width=300, height=60)
    settings.save()
    story = ArticleFactory(
        parent=section,
        slug="rice-prices",
        title="Rice prices </script><b>rise</b>",
        standfirst="Markets saw the steepest rise this year.",
        authors=[author],
        tags=["Prices", "Markets"],
        featured_image=make_image("Market", width=1600, height=1200),
    )
    add_correction(story, "An earlier version gave the wrong price.")
    story.refresh_from_db()
    return story


def test_article_has_news_article_json_ld(client, story):
    parsed = read(client, "/national/rice-prices/")
    data = of_type(parsed, "NewsArticle")
    url = "http://localhost/national/rice-prices/"
    assert data["headline"] == "Rice prices </script><b>rise</b>"
    assert data["description"] == "Markets saw the steepest rise this year."
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert len(data["image"]) == 3
    assert all(u.startswith("http://localhost/media/images/") for u in data["image"])
    crops = ("1200x675", "1200x900", "1200x1200")
    for image, crop in zip(data["image"], crops, strict=True):
        assert f"fill-{crop}" in image
    published = datetime.fromisoformat(data["datePublished"])
    assert published == story.first_published_at.replace(microsecond=0)
    assert datetime.fromisoformat(data["dateModified"]) >= published
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Rahima Akter",
            "url": "http://localhost/authors/rahima-akter/",
        }
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "The Daily Masthead"
    assert publisher["logo"]["url"].startswith("http://localhost/media/images/")
    assert publisher["logo"]["height"] <= 60
    assert data["articleSection"] == "National"
    assert sorted(data["keywords"]) == ["Markets", "Prices"]
    (correction,) = data["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == "An earlier version gave the wrong price."
    assert crumbs(parsed) == [
        ("Home", "http://localhost/"),
        ("National", "http://localhost/national/"),
        ("Rice prices </script><b>rise</b>", url),
    ]


def test_json_ld_cannot_close_its_script_element(client, story):
    html = client.get("/national/rice-prices/").content.decode()
    assert "Rice prices \\u003c/script\\u003e\\u003cb\\u003erise" in html
    assert "Rice prices </script>" not in html


def test_wire_story_credits_the_agency_as_author(client):
    agency = AgencyFactory(name="Continental Press", website="https://cp.example")
    story = ArticleFactory(agency=agency, byline_credit="")
    data = of_type(read(client, story.url), "NewsArticle")
    assert data["author"] == [
        {
            "@type": "Organization",
            "name": "Continental Press",
            "url": "https://cp.example",
        }
    ]


def test_article_has_sharing_cards_canonical_feed_and_share_links(client, story):
    parsed = read(client, "/national/rice-prices/")
    url = "http://localhost/national/rice-prices/"
    assert [link["href"] for link in rel(parsed, "canonical")] == [url]
    og = properties(parsed)
    assert og["og:type"] == ["article"]
    assert og["og:title"] == ["Rice prices </script><b>rise</b>"]
    assert og["og:description"] == ["Markets saw the steepest rise this year."]
    assert og["og:url"] == [url]
    assert og["og:site_name"] == ["The Daily Masthead"]
    assert og["og:image"][0].startswith("http://localhost/media/images/")
    assert og["og:image:width"] == ["1200"] and og["og:image:height"] == ["675"]
    published = datetime.fromisoformat(og["article:published_time"][0])
    assert published == story.first_published_at.replace(microsecond=0)
    assert og["article:modified_time"]
    assert og["article:section"] == ["National"]
    assert sorted(og["article:tag"]) == ["Markets", "Prices"]
    assert og["twitter:card"] == ["summary_large_image"]
    assert og["twitter:image"] == og["og:image"]
    feeds = [link["href"] for link in rel(parsed, "alternate")]
    assert feeds == [
        "http://testserver/feeds/section/national/",
        "http://testserver/feeds/section/national/atom/",
    ]
    hrefs = [a["href"] for a in parsed.anchors]
    assert (
        "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Flocalhost%2Fnational%2Frice-prices%2F"
        in hrefs
    )
    assert any(h.startswith("https://x.com/intent/post?url=http") for h in hrefs)
    assert any(h.startswith("https://wa.me/?text=") for h in hrefs)
    assert any(h.startswith("mailto:?subject=Rice%20prices") for h in hrefs)
    assert url in hrefs  # copy link


def test_home_has_website_search_action_and_site_feed(client, story):
    parsed = read(client, "/")
    site = of_type(parsed, "WebSite")
    assert site["url"] == "http://localhost/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert (
        action["target"]["urlTemplate"]
        == "http://localhost/search/?q={search_term_string}"
    )
    assert action["query-input"] == "required name=search_term_string"
    assert [link["href"] for link in rel(parsed, "canonical")] == ["http://localhost/"]
    assert [link["href"] for link in rel(parsed, "alternate")] == [
        "http://testserver/feed/",
        "http://testserver/feed/atom/",
    ]
    assert properties(parsed)["og:type"] == ["website"]


def test_section_and_tag_pages_have_breadcrumbs_feeds_and_canonical(client, story):
    section = read(client, "/national/?page=1")
    assert crumbs(section) == [
        ("Home", "http://localhost/"),
        ("National", "http://localhost/national/"),
    ]
    assert [link["href"] for link in rel(section, "canonical")] == [
        "http://localhost/national/"
    ]
    assert rel(section, "alternate")[0]["type"] == "application/rss+xml"
    tag = read(client, "/tags/prices/")
    assert crumbs(tag)[-1] == ("Prices", "http://localhost/tags/prices/")
    assert [link["href"] for link in rel(tag, "alternate")] == [
        "http://testserver/feeds/tag/prices/",
        "http://testserver/feeds/tag/prices/atom/",
    ]


def test_author_page_is_a_profile_page(client, story):
    parsed = read(client, "/authors/rahima-akter/")
    data = of_type(parsed, "ProfilePage")
    assert data["mainEntity"] == {
        "@type": "Person",
        "name": "Rahima Akter",
        "url": "http://localhost/authors/rahima-akter/",
        "jobTitle": "Staff Reporter",
    }
    assert [name for name, _url in crumbs(parsed)] == [
        "Home",
        "Authors",
        "Rahima Akter",
    ]
    assert rel(parsed, "alternate")[0]["href"] == (
        "http://testserver/feeds/author/rahima-akter/"
    )


def test_edited_headline_reaches_json_ld_and_cards(client, story):
    story.title = "Rice prices fall back"
    story.save_revision().publish()
    parsed = read(client, "/national/rice-prices/")
    assert of_type(parsed, "NewsArticle")["headline"] == "Rice prices fall back"
    assert properties(parsed)["og:title"] == ["Rice prices fall back"]


def test_unpublished_story_page_is_gone(client, story):
    story.unpublish()
    assert client.get("/national/rice-prices/").status_code == 404
    section = read(client, "/national/")
    assert "rice-prices" not in json.dumps(section.json_ld)


def test_article_json_ld_counts_published_comments_without_private_details(client):
    """Search engines see the readers' names and words, never an email or IP."""
    from masthead.comments.models import Comment
    from masthead.comments.tests.factories import CommentFactory

    article = ArticleFactory()
    CommentFactory(
        article=article,
        name="Nasrin Haque",
        text="The dredging should have come sooner.",
        email="nasrin@example.org",
        ip_address="198.51.100.7",
    )
    CommentFactory(article=article, status=Comment.PENDING, text="Not yet approved.")
    response = client.get(article.url)
    data = of_type(read(client, article.url), "NewsArticle")

    assert data["commentCount"] == 1
    assert data["comment"] == [
        {
            "@type": "Comment",
            "author": {"@type": "Person", "name": "Nasrin Haque"},
            "dateCreated": data["comment"][0]["dateCreated"],
            "text": "The dredging should have come sooner.",
        }
    ]
    assert b"nasrin@example.org" not in response.content
    assert b"198.51.100.7" not in response.content


def test_hidden_story_asks_search_engines_not_to_list_it(client):
    """Editors' no-index switch: readers still open it, sitemaps leave it out."""
    section = SectionFactory(slug="world")
    listed = ArticleFactory(parent=section, slug="listed-story")
    hidden = ArticleFactory(parent=section, slug="hidden-story", no_index=True)

    hidden_page = client.get(hidden.url)
    assert hidden_page.status_code == 200
    assert b'<meta name="robots" content="noindex">' in hidden_page.content
    assert b'name="robots"' not in client.get(listed.url).content
    for sitemap in ("/sitemap-articles.xml", "/sitemap-news.xml"):
        xml = client.get(sitemap).content
        assert b"/world/listed-story/" in xml
        assert b"/world/hidden-story/" not in xml
