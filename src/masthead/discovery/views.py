import base64

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from masthead.discovery.counting import is_bot, record_view

# The smallest transparent GIF: 1 by 1, 43 bytes.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@require_GET
def seen(request, article_id: int):
    """The read-count beacon: counts one view, keeps nothing about the reader."""
    if not is_bot(request.headers.get("User-Agent", "")):
        record_view(article_id)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response
