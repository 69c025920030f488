from django.conf import settings
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from masthead.articles.models import ArticleCorrection, ArticlePage, attach_sections
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


def latest(request):
    """Every live story across the sections, newest first."""
    page = paginate(
        request,
        ArticlePage.objects.live().recent().for_listing(),
        settings.MASTHEAD_PAGE_SIZE,
    )
    attach_sections(page.object_list)
    return render(request, "articles/latest.html", {"stories": page})


def corrections(request):
    """Every correction and update note on a live story, newest first."""
    page = paginate(
        request,
        ArticleCorrection.objects.filter(
            article__in=ArticlePage.objects.live().public()
        )
        .select_related("article")
        .defer("article__body")
        .order_by("-published_at", "-pk"),
        settings.MASTHEAD_PAGE_SIZE,
    )
    return render(request, "articles/corrections.html", {"notes": page})
