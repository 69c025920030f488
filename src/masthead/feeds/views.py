"""robots.txt and the sitemaps, for the site that answers the request."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from wagtail.models import Site

from masthead.core.models import SiteSettings
from masthead.feeds.models import FeedSettings
from masthead.feeds.sitemaps import news_articles, relative_url, sitemaps_for

URLSET = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers at this address.")
    return site


def robots_txt(request):
    """The editors' robots.txt, always ending with where the sitemaps are."""
    rules = FeedSettings.for_request(request).robots_txt.strip()
    lines = [rules, ""] if rules else []
    for name in ("feeds:sitemap_index", "feeds:sitemap_news"):
        lines.append(f"Sitemap: {request.build_absolute_uri(reverse(name))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def sitemap_index(request):
    return sitemap_views.index(
        request, sitemaps_for(_site(request)), sitemap_url_name="feeds:sitemap"
    )


@sitemap_views.x_robots_tag
def sitemap(request, section: str):
    """One file of a sitemap, written straight out: Django's template loop
    takes seconds over 50,000 URLs, joining strings takes milliseconds."""
    site = _site(request)
    site_map = sitemaps_for(site).get(section)
    page = request.GET.get("p", "1")
    if (
        site_map is None
        or not (page.isascii() and page.isdigit())  # "²" is a digit to isdigit()
        or not 1 <= int(page) <= 10**6
    ):
        raise Http404("No such sitemap.")
    rows = site_map.rows(int(page))
    if not rows and int(page) > 1:
        raise Http404("No such sitemap page.")
    base = request.build_absolute_uri("/").removesuffix("/")
    zone = timezone.get_current_timezone()
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{URLSET}">']
    for url_path, changed in rows:
        loc = escape(base + relative_url(url_path, site))
        # Whole seconds with the offset: a news story changes within the day.
        lastmod = (
            f"<lastmod>{changed.astimezone(zone).replace(microsecond=0).isoformat()}"
            "</lastmod>"
            if changed
            else ""
        )
        lines.append(f"<url><loc>{loc}</loc>{lastmod}</url>")
    lines.append("</urlset>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    changes = [changed for _, changed in rows if changed]
    if changes:
        response["Last-Modified"] = http_date(max(changes).timestamp())
    return response


@sitemap_views.x_robots_tag
def sitemap_news(request):
    """Google News: stories from the last two days with their publication."""
    site = _site(request)
    articles = [
        {
            "location": request.build_absolute_uri(relative_url(row["url_path"], site)),
            "title": row["title"],
            "published": row["first_published_at"].replace(microsecond=0),
        }
        for row in news_articles(site)
    ]
    headers = {}
    if articles:
        newest = max(row["published"] for row in articles)
        headers["Last-Modified"] = http_date(newest.timestamp())
    return TemplateResponse(
        request,
        "feeds/sitemap_news.xml",
        {
            "articles": articles,
            "publication_name": SiteSettings.for_request(request).publication_name,
        },
        content_type="application/xml",
        headers=headers,
    )
