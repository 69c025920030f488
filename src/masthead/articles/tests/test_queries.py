"""Pages cost a fixed number of queries, however big the story or the archive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    make_image,
)

pytestmark = pytest.mark.django_db

ARTICLE_QUERY_BUDGET = 20
LISTING_QUERY_BUDGET = 20


def queries_for(client, url) -> int:
    client.get(url)  # warm: renditions are made on the first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def body_of(blocks: int, image) -> list:
    body = []
    for n in range(blocks):
        body.append(("paragraph", f"<p>Paragraph {n} of the story.</p>"))
        if n % 3 == 0:
            body.append(("subheading", f"Part {n}"))
            body.append(
                ("image", {"image": image, "caption": f"Scene {n}", "credit": "Staff"})
            )
            body.append(
                ("pull_quote", {"quote": "We will rebuild.", "attribution": "A"})
            )
    return body


def test_article_queries_do_not_grow_with_tags_authors_or_blocks(client):
    section = SectionFactory()
    small = ArticleFactory(
        parent=section,
        authors=[AuthorFactory()],
        tags=["flood"],
        featured_image=make_image("lead"),
        body=body_of(1, make_image("one")),
    )
    big = ArticleFactory(
        parent=section,
        authors=[AuthorFactory() for _ in range(5)],
        tags=[f"tag {n}" for n in range(12)],
        featured_image=make_image("lead two"),
        body=body_of(30, make_image("two")) + body_of(6, make_image("three")),
    )
    small_count = queries_for(client, small.url)
    big_count = queries_for(client, big.url)
    assert big_count == small_count
    assert big_count <= ARTICLE_QUERY_BUDGET


@pytest.mark.parametrize("kind", ["home", "section", "author", "tag"])
def test_listing_queries_do_not_grow_with_the_number_of_stories(client, kind):
    section = SectionFactory(slug="national")
    author = AuthorFactory(slug="rahima-akter")
    image = make_image("card")
    urls = {
        "home": "/",
        "section": "/national/",
        "author": "/authors/rahima-akter/",
        "tag": "/tags/flood/",
    }

    def add_stories(count):
        for _ in range(count):
            ArticleFactory(
                parent=section, authors=[author], tags=["flood"], featured_image=image
            )

    add_stories(10)  # enough that the front page's section block has stories
    few = queries_for(client, urls[kind])
    add_stories(10)
    many = queries_for(client, urls[kind])
    assert many == few
    assert many <= LISTING_QUERY_BUDGET
