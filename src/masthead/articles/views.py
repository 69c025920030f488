from django.conf import settings
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from masthead.articles.models import ArticlePage, attach_sections
from masthead.core.pagination import paginate

MAX_QUERY_LENGTH = 200  # longer than any real headline search


def tag_page(request, slug: str):
    """Every live story with a tag, newest first."""
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(
        request,
        ArticlePage.objects.live().tagged(tag).recent().for_listing(),
        settings.MASTHEAD_PAGE_SIZE,
    )
    attach_sections(page.object_list)
    return render(request, "articles/tag.html", {"tag": tag, "stories": page})


def search(request):
    """A simple search over live stories (the search issue makes it rank well)."""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    stories = None
    if query:
        results = ArticlePage.objects.live().for_listing().search(query)
        stories = paginate(request, results, settings.MASTHEAD_PAGE_SIZE)
        attach_sections(stories.object_list)
    return render(request, "articles/search.html", {"query": query, "stories": stories})
