from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from masthead.articles.models import (
    Agency,
    ArticleCorrection,
    ArticlePage,
    AuthorPage,
    SectionPage,
)
from masthead.core.models import CustomImage, SiteSettings

ARTICLES = 12  # enough for every special case; the real default is 200


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", articles=ARTICLES, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_fills_settings_sections_authors_and_stories(client):
    """The demo fills the site settings, five sections, four authors with
    portraits, the agencies and dated, published stories that readers can open,
    including an agency story and a corrected, updated one."""
    output = load_demo()

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.publication_name == "The Daily Masthead"
    assert settings.editor_name and settings.publisher_name
    assert "Dhaka" in settings.street_address
    assert len(settings.phone_list) == 2
    assert settings.contact_email.endswith("@example.com")
    assert len(settings.social_links) >= 3
    assert settings.copyright_holder and settings.designed_by_name

    assert [s.slug for s in SectionPage.objects.order_by("path")] == [
        "national",
        "world",
        "business",
        "sports",
        "opinion",
    ]
    assert all(s.intro for s in SectionPage.objects.all())
    authors = AuthorPage.objects.live()
    assert authors.count() == 4
    assert all(a.photo and a.role and a.bio for a in authors)
    assert Agency.objects.count() == 3

    articles = ArticlePage.objects.live()
    assert articles.count() == ARTICLES
    assert all(a.revisions.exists() for a in articles)
    dates = sorted(a.first_published_at for a in articles)
    assert (dates[-1] - dates[0]).days >= 7  # spread out, not all "just now"
    assert articles.filter(featured_image__isnull=False).exists()
    assert CustomImage.objects.count() > 4

    from_agency = articles.filter(agency__isnull=False).first()
    assert from_agency.byline_credit.startswith(from_agency.agency.name)
    corrected = articles.filter(corrections__kind=ArticleCorrection.CORRECTION).first()
    assert corrected.corrections.filter(kind=ArticleCorrection.UPDATE).exists()
    assert corrected.updated_at is not None

    page = client.get(corrected.url)
    assert page.status_code == 200
    assert corrected.title in page.content.decode()
    assert "Loaded the demo newsroom" in output


@pytest.mark.django_db
def test_load_demo_run_again_adds_nothing():
    """A second run finds the demo in place, says so, and creates nothing."""
    load_demo()
    counts = (ArticlePage.objects.count(), AuthorPage.objects.count())

    output = load_demo()

    assert "already loaded" in output
    assert (ArticlePage.objects.count(), AuthorPage.objects.count()) == counts
    assert SectionPage.objects.count() == 5
    assert Agency.objects.count() == 3
