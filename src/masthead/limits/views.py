"""The pages a reader sees when a limit refuses a request: too many requests
(429), too large (413), an address too long (414), or a request Django could
not read (400). Never cached: each says Cache-Control: private, no-store."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

TITLES = {
    400: "We could not read that request",
    413: "That was more than we accept",
    414: "That address is too long",
    429: "Please slow down a little",
}


def refused(request, status: int, message: str, retry_after: int = 0):
    response = render(
        request,
        "limits/refused.html",
        {"status": status, "title": TITLES[status], "message": message},
        status=status,
    )
    return finish(response, retry_after)


def refused_json(status: int, message: str, retry_after: int = 0):
    """The same refusal for apps, shaped like a form error of /search.json."""
    response = JsonResponse(
        {"errors": {"__all__": [{"message": message, "code": "rate_limited"}]}},
        status=status,
    )
    return finish(response, retry_after)


def finish(response, retry_after: int):
    if retry_after:
        response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


def bad_request(request, exception=None):
    """handler400. A body over DATA_UPLOAD_MAX_MEMORY_SIZE (a huge admin form)
    or with too many fields is a 413 that says so; anything else a plain 400."""
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return refused(
            request,
            413,
            f"The form you sent is larger than this site accepts ({limit}). "
            "Go back, shorten it and send it again.",
        )
    if isinstance(exception, TooManyFieldsSent):
        return refused(
            request,
            413,
            "The form you sent has more fields than this site accepts. "
            "Go back and send it in smaller parts.",
        )
    return refused(
        request,
        400,
        "Your browser sent something this site could not understand. "
        "Go back and try again.",
    )
