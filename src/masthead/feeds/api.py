"""A read-only JSON API (Wagtail API v2) at /api/v2/: pages and images.

Pages: ?type=articles.ArticlePage, ?child_of=<section id>, ?tags=<name>,
?published_after= / ?published_before= (YYYY-MM-DD, inclusive), plus
Wagtail's own ?fields=, ?order=, ?search=, ?limit= and ?offset=. Only live,
public pages are listed. Nothing about comments or commenters is exposed.
"""

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


class PagesEndpoint(PagesAPIViewSet):
    filter_backends = [PublishedDateFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        PublishedDateFilter.params
    )

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + BODY_FIELDS.get(model, [])


api_router = WagtailAPIRouter("api")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesAPIViewSet)
