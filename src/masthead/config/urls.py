from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.articles import urls as article_urls
from masthead.comments import urls as comment_urls
from masthead.discovery import urls as discovery_urls
from masthead.feeds import urls as feed_urls
from masthead.feeds.api import api_router
from masthead.search import urls as search_urls

# Never touches the database: a friendly 503 when it is down, else the 500 page.
handler500 = "masthead.cache.views.server_error"
# A form too large for DATA_UPLOAD_MAX_MEMORY_SIZE is a friendly 413, not a bare 400.
handler400 = "masthead.limits.views.bad_request"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(article_urls)),
    path("", include(search_urls)),
    path("comments/", include(comment_urls)),
    path("discovery/", include(discovery_urls)),
    path("", include(feed_urls)),
    path("api/v2/", api_router.urls),
]


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.MEDIA_URL.startswith("/"):
    # `masthead serve` answers /media/ from disk before Django sees it; this
    # route serves media in tests and in development without that server.
    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve_media,
        )
    )

urlpatterns.append(path("", include(wagtail_urls)))
