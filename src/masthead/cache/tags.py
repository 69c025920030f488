"""Cache tags: the names a CDN purges by (Cloudflare's Cache-Tag, Fastly's
Surrogate-Key). A story's page carries the story, its section, tags and
authors, and the stories in its related block; every listing (front page,
sections, tags, authors, feeds, sitemaps, search) carries "listing"."""

from masthead.cache.middleware import DEFAULT_TAG


def tags_for_page(page) -> list[str]:
    """A listing page's tags (a story notes its own as it renders)."""
    return [f"page-{page.pk}", f"section-{page.path}", DEFAULT_TAG]


def tags_for_article(article, tags=None) -> list[str]:
    """A story's tags, from the tags and byline it has already loaded."""
    # A section is named by its tree path, so a story names its section
    # without a query: the path of its parent is its own, one step shorter.
    parent_path = article.path[: -article.steplen]
    names = [f"article-{article.pk}", f"section-{parent_path}"]
    names += [
        f"tag-{tag.slug}" for tag in (article.tags.all() if tags is None else tags)
    ]
    names += [f"author-{author.pk}" for author in article.authors]
    return names
