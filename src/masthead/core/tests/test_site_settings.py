"""The header and footer say exactly what the site settings say."""

import re

import pytest
from wagtail.models import Site

from masthead.articles.tests.factories import ArticleFactory
from masthead.core.models import SiteSettings

pytestmark = pytest.mark.django_db

FULL = {
    "publication_name": "The Riverside Chronicle",
    "tagline": "News without fear",
    "editor_name": "Nasima Haque",
    "publisher_name": "Kamal Uddin",
    "street_address": "12 Example Road\nDhaka 1000",
    "phone_numbers": "Newsroom: +880 2 5555 0100\nAdverts: +880 2 5555 0199",
    "contact_email": "desk@example.com",
    "facebook_url": "https://www.facebook.com/example-chronicle",
    "x_url": "https://x.com/example_chronicle",
    "telegram_url": "https://t.me/example_chronicle",
    "copyright_holder": "Riverside Media Ltd",
    "designed_by_name": "Example Studio",
    "designed_by_url": "https://studio.example.com/",
}


def configure(**values) -> SiteSettings:
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(site_settings, name, value)
    site_settings.save()
    return site_settings


def get_html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def article_url():
    return ArticleFactory().url


def test_header_and_footer_show_every_configured_line(client, article_url):
    """A fully configured site shows each value in the header or footer."""
    configure(**FULL)
    html = get_html(client, article_url)

    assert "The Riverside Chronicle" in html
    assert "News without fear" in html
    for network in ("facebook", "x", "telegram"):
        assert re.search(rf'class="[^"]*social-{network}\b', html), network
    assert 'href="https://x.com/example_chronicle"' in html
    assert "Nasima Haque" in html and "Kamal Uddin" in html
    assert "12 Example Road" in html and "Dhaka 1000" in html
    assert "+880 2 5555 0100" in html and "+880 2 5555 0199" in html
    assert "mailto:desk@example.com" in html
    assert 'href="https://studio.example.com/"' in html and "Example Studio" in html
    assert re.search(r"©\s*20\d\d\s+Riverside Media Ltd", html)


def test_changing_a_setting_changes_the_page(client, article_url):
    """An admin's edit shows on the next page view, with no code change."""
    configure(**FULL)
    assert "Nasima Haque" in get_html(client, article_url)
    configure(editor_name="Farzana Rahman", publication_name="The Evening Lamp")
    html = get_html(client, article_url)
    assert "Farzana Rahman" in html and "Nasima Haque" not in html
    assert "The Evening Lamp" in html


@pytest.mark.parametrize(
    ("field", "marker"),
    [
        ("editor_name", "imprint-editor"),
        ("street_address", "imprint-address"),
        ("phone_numbers", "imprint-phones"),
        ("contact_email", "imprint-email"),
        ("designed_by_name", "credit-designer"),
        ("copyright_holder", "copyright"),
        ("facebook_url", "social-facebook"),
    ],
)
def test_emptying_a_field_hides_its_line(client, article_url, field, marker):
    """An empty setting leaves no label or empty line behind."""
    configure(**FULL)
    assert re.search(rf'class="[^"]*\b{marker}\b', get_html(client, article_url))
    configure(**{field: ""})
    assert not re.search(rf'class="[^"]*\b{marker}\b', get_html(client, article_url))


def test_one_person_as_editor_and_publisher_is_named_once(client, article_url):
    """When the editor is also the publisher the footer says so in one line."""
    configure(**{**FULL, "publisher_name": FULL["editor_name"]})
    html = get_html(client, article_url)
    assert "Editor and Publisher" in html
    assert html.count("Nasima Haque") == 1


def test_header_has_a_search_entry_that_works_without_javascript(client, article_url):
    """The header's search is a plain GET form to the search page."""
    html = get_html(client, article_url)
    assert re.search(r'<form[^>]*action="/search/"', html)
    assert 'name="q"' in html
    assert not re.search(r"<script(?![^>]*application/ld\+json)", html)  # data only
