"""Feeds, sitemaps and robots.txt. Included before Wagtail's catch-all, so a
section cannot be called "feed", "feeds" or "robots.txt"."""

from django.urls import path

from masthead.feeds import views
from masthead.feeds.feeds import feed_view

app_name = "feeds"

urlpatterns = [
    path("feed/", feed_view("site"), name="site_rss"),
    path("feed/atom/", feed_view("site", atom=True), name="site_atom"),
]
for kind in ("section", "tag", "author"):
    urlpatterns += [
        path(f"feeds/{kind}/<str:slug>/", feed_view(kind), name=f"{kind}_rss"),
        path(
            f"feeds/{kind}/<str:slug>/atom/",
            feed_view(kind, atom=True),
            name=f"{kind}_atom",
        ),
    ]
urlpatterns += [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", views.sitemap_news, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", views.sitemap, name="sitemap"),
]
