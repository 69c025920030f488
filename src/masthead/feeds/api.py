"""A read-only JSON API (Wagtail API v2) at /api/v2/: pages and images.

Pages: ?type=articles.ArticlePage, ?child_of=<section id>, ?tags=<name>,
?published_after= / ?published_before= (YYYY-MM-DD, inclusive), plus
Wagtail's own ?fields=, ?order=, ?search=, ?limit= and ?offset=. Only live,
public pages are listed. Nothing about comments or commenters is exposed.
"""

import unicodedata
from datetime import datetime, time

from django.utils import timezone
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.views import ImagesAPIViewSet

from masthead.articles.models import ArticlePage, AuthorPage, SectionPage
from masthead.search.ranking import query_words

# Declared here rather than as `api_fields` on the models: the API is this
# app's concern, and the models stay free of it.
BODY_FIELDS = {
    ArticlePage: [
        APIField("standfirst"),
        APIField("dateline"),
        APIField("byline_credit"),
        APIField("tags"),
        APIField("featured_image"),
        APIField(
            "featured_image_thumbnail",
            serializer=ImageRenditionField("fill-1200x675", source="featured_image"),
        ),
        APIField("featured_image_caption"),
        APIField("body"),
        APIField("last_published_at"),
    ],
    SectionPage: [APIField("intro")],
    AuthorPage: [APIField("role"), APIField("bio")],
}


class PublishedDateFilter(BaseFilterBackend):
    """?published_after=2026-01-01&published_before=2026-01-31, inclusive days
    in the site's time zone, on first publication."""

    params = {"published_after": "gte", "published_before": "lt"}

    def filter_queryset(self, request, queryset, view):
        for param, lookup in self.params.items():
            raw = request.GET.get(param)
            if not raw:
                continue
            try:
                day = datetime.strptime(raw, "%Y-%m-%d").date()
            except ValueError:
                raise BadRequestError(f"{param} must be a date: YYYY-MM-DD") from None
            if lookup == "lt":
                day = day.fromordinal(day.toordinal() + 1)
            moment = timezone.make_aware(datetime.combine(day, time.min))
            queryset = queryset.filter(**{f"first_published_at__{lookup}": moment})
        return queryset


MAX_OFFSET = 100_000  # past any listing an app pages through; SQLite's OFFSET overflows


class SaneParameters(BaseFilterBackend):
    """A 400, not a 500, for what the database would choke on: control
    characters in any parameter (PostgreSQL text cannot hold NUL, SQLite's
    full-text syntax breaks on it), an offset past any real listing, and a
    search_operator other than and / or (Wagtail raises ValueError).

    Wagtail's search filter, after this one, hands ?search= to the backend as
    typed, and an odd double quote breaks SQLite's full-text syntax too; it is
    given the words of the search instead, as the site's search box reads them.
    """

    def filter_queryset(self, request, queryset, view):
        for name, value in request.GET.items():
            if any(unicodedata.category(ch) == "Cc" for ch in value):
                raise BadRequestError(f"{name} must not contain control characters")
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail's pagination says what is wrong with it
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset must be at most {MAX_OFFSET}")
        if request.GET.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("search_operator must be and or or")
        if "search" in request.GET:
            params = request.GET.copy()
            params["search"] = " ".join(query_words(params["search"].replace('"', " ")))
            request._request.GET = params  # what DRF's request.GET reads
        return queryset


class PagesEndpoint(PagesAPIViewSet):
    filter_backends = [
        SaneParameters,
        PublishedDateFilter,
        *PagesAPIViewSet.filter_backends,
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        PublishedDateFilter.params
    )

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + BODY_FIELDS.get(model, [])


class ImagesEndpoint(ImagesAPIViewSet):
    filter_backends = [SaneParameters, *ImagesAPIViewSet.filter_backends]


api_router = WagtailAPIRouter("api")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
