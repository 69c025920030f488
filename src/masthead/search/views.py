"""The search page, its JSON twin for apps, and the OpenSearch description.

Results are not cached: an unpublished story must vanish from them at once.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import router
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from masthead.articles.models import ArticlePage
from masthead.search.deadline import TooSlow, time_limit
from masthead.search.forms import MAX_QUERY_LENGTH, SearchForm, clean_text
from masthead.search.highlight import mark, snippet, story_text, words_pattern
from masthead.search.ranking import (
    find_stories,
    parse_query,
    query_words,
    recent_stories,
)

JSON_PAGE_SIZE = 20
TOO_SLOW = (
    "This search took too long. Add a word, or narrow it to a section, "
    "an author or dates."
)
OPENSEARCH_CACHE_SECONDS = 24 * 3600


class PageOutOfRange(Exception):
    def __init__(self, number: int, last: int):
        super().__init__(number, last)
        self.number, self.last = number, last


def run_search(form, per_page: int):
    """(query words, page of results or None) for a valid form; TooSlow past
    MASTHEAD_SEARCH_TIMEOUT_MS."""
    text = form.cleaned_data["q"]
    seconds = settings.MASTHEAD_SEARCH_TIMEOUT_SECONDS
    with time_limit(seconds, router.db_for_read(ArticlePage)):
        stories = find_stories(form, parse_query(text))
        if stories is None:
            return [], None
        paginator = Paginator(stories, per_page)
        number = form.cleaned_data["page"]
        if number > paginator.num_pages:
            raise PageOutOfRange(number, paginator.num_pages)
        page = paginator.page(number)
    return query_words(text.replace('"', " ")), page


@require_safe
def results(request):
    """GET /search/?q=…&sort=&section=&author=&since=&until=&page="""
    form = SearchForm(request.GET or None)
    typed = clean_text(request.GET.get("q", ""))[:MAX_QUERY_LENGTH]
    context = {"form": form, "query": typed}
    status = 200
    if form.is_bound and form.is_valid():
        context["query"] = form.cleaned_data["q"]
        try:
            words, page = run_search(form, settings.MASTHEAD_PAGE_SIZE)
        except PageOutOfRange as exc:
            context["out_of_range"] = exc
            status = 404
        except TooSlow:
            context["too_slow"] = True
            status = 503
        else:
            pattern = words_pattern(words)
            if page is not None:
                for story in page.object_list:
                    story.headline_marked = mark(story.title, pattern)
                    story.snippet = snippet(story_text(story), pattern)
            context["stories"] = page
            context["filtered"] = form.has_filters()
    if not context.get("stories"):
        context["recent"] = recent_stories()
    context["params"] = query_without_page(request)
    return render(request, "search/results.html", context, status=status)


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_safe
def results_json(request):
    """GET /search.json?q=…: the same search for apps, public fields only."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        _words, page = run_search(form, JSON_PAGE_SIZE)
    except PageOutOfRange as exc:
        return JsonResponse(
            {"errors": {"page": [{"message": f"The last page is {exc.last}."}]}},
            status=404,
        )
    except TooSlow:
        return JsonResponse(
            {"errors": {"q": [{"message": TOO_SLOW, "code": "too_slow"}]}},
            status=503,
        )
    stories = page.object_list if page else []
    data = {
        "query": form.cleaned_data["q"],
        "count": page.paginator.count if page else 0,
        "more": page.paginator.object_list.more if page else False,
        "page": page.number if page else 1,
        "pages": page.paginator.num_pages if page else 0,
        "results": [
            {
                "headline": story.title,
                "url": request.build_absolute_uri(story.get_url(request)),
                "section": story.section.title if story.section else None,
                "published": story.first_published_at.isoformat(),
                "standfirst": story.standfirst,
            }
            for story in stories
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_safe
def opensearch(request):
    """The OpenSearch description browsers use to add the site's search."""
    response = render(
        request,
        "search/opensearch.xml",
        {"base": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=OPENSEARCH_CACHE_SECONDS)
    return response
