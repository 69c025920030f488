from django.conf import settings
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from masthead.articles.models import ArticlePage, attach_sections
from masthead.core.pagination import paginate


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
