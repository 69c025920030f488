from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.html import escape
from wagtail.models import Page

from masthead.articles.models import ArticlePage, AuthorPage, SectionPage
from masthead.demo.textgen import body_text


def generate(articles: int, **options) -> str:
    out = StringIO()
    call_command(
        "generate_corpus", articles=articles, stdout=out, stderr=StringIO(), **options
    )
    return out.getvalue()


def word_count(article: ArticlePage) -> int:
    """Words a reader sees in the body: paragraphs, subheadings, pull quotes."""
    return len(body_text(list(article.body.raw_data)).split())


@pytest.mark.django_db
def test_generate_corpus_builds_a_valid_tree_of_readable_articles(client):
    """300 generated articles sit in a valid page tree under the five sections,
    each with a 400-1,200-word body, an author or credit line and tags, and
    readers can open them at their URLs."""
    output = generate(300, seed=1)

    assert all(not problems for problems in Page.find_problems())
    assert "tree check: no problems" in output
    assert SectionPage.objects.count() == 5
    assert AuthorPage.objects.count() == 50
    articles = list(
        ArticlePage.objects.live().prefetch_related("byline_authors", "tags")
    )
    assert len(articles) == 300
    for article in articles:
        assert 400 <= word_count(article) <= 1200
        assert article.byline_authors.all() or article.byline_credit or article.agency
        assert article.tags.all()
    years = {a.first_published_at.year for a in articles}
    assert len(years) >= 3  # spread over years, not one day

    for article in articles[::30]:
        assert Page.objects.get(url_path=article.url_path).pk == article.pk
        response = client.get(article.url)
        assert response.status_code == 200
        assert escape(article.standfirst) in response.content.decode()


@pytest.mark.django_db
def test_generate_corpus_run_twice_appends_after_the_existing_articles():
    """A second run adds its articles after the first run's, with the same
    sections and authors, unique slugs in each section and a valid tree."""
    generate(150, seed=1)
    first_paths = set(ArticlePage.objects.values_list("path", flat=True))

    generate(150, seed=1)  # the same seed: the same headlines, so slug clashes

    assert ArticlePage.objects.count() == 300
    assert set(ArticlePage.objects.values_list("path", flat=True)) >= first_paths
    assert SectionPage.objects.count() == 5
    assert AuthorPage.objects.count() == 50
    assert all(not problems for problems in Page.find_problems())
    for section in SectionPage.objects.all():
        slugs = Counter(Page.objects.child_of(section).values_list("slug", flat=True))
        assert slugs and max(slugs.values()) == 1
        assert section.numchild == len(slugs)
