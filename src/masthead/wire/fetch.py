"""Reading agency documents and images, with limits.

Feeds and enclosures are fetched over http(s) only (no file:, ftp: or other
schemes, not even through a redirect), with a timeout and a size cap. Files
named inside a dropped document must lie in the same folder tree, so a
document cannot make ingest read anything else on the server. An image is
kept only if Pillow reads it as a JPEG, PNG, GIF or WebP of sane dimensions.
"""

import io
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit

from PIL import Image, UnidentifiedImageError

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # a busy agency feed is well under 1 MB
MAX_IMAGE_BYTES = 10 * 1024 * 1024  # a full-size agency photo is 2-6 MB
MAX_IMAGE_PIXELS = 50_000_000  # larger is a decompression bomb, not a photo
TIMEOUT = 10  # seconds; the worker publishes scheduled stories between fetches
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
USER_AGENT = "Masthead wire ingest"


class FetchError(Exception):
    """A document or image could not be read; the message says why."""


@dataclass
class Origin:
    """Where a document came from, to resolve the images it names."""

    url: str = ""
    folder: Path | None = None


@dataclass
class ImageData:
    content: bytes
    extension: str
    width: int
    height: int


def _opener() -> urllib.request.OpenerDirector:
    # Only HTTP(S) handlers: a redirect to file:// or ftp:// fails.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler,
        urllib.request.HTTPSHandler,
        urllib.request.HTTPRedirectHandler,
        urllib.request.HTTPDefaultErrorHandler,
        urllib.request.HTTPErrorProcessor,
    ):
        opener.add_handler(handler())
    return opener


def fetch_url(url: str, limit: int) -> bytes:
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https addresses are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (scheme checked above)
    try:
        with _opener().open(request, timeout=TIMEOUT) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(f"{url}: larger than {limit // 1024 // 1024} MB")
            content = response.read(limit + 1)
    except HTTPError as exc:
        raise FetchError(
            f"{url}: the server answered {exc.code} {exc.reason}"
        ) from None
    except (URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: cannot fetch ({reason})") from None
    if len(content) > limit:
        raise FetchError(f"{url}: larger than {limit // 1024 // 1024} MB")
    return content


def read_file(path: Path, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise FetchError(f"{path}: larger than {limit // 1024 // 1024} MB")
        return path.read_bytes()
    except OSError as exc:
        raise FetchError(f"{path}: cannot read ({exc.strerror})") from None


def image_bytes(src: str, origin: Origin) -> bytes:
    scheme = urlsplit(src).scheme
    if scheme in ("http", "https"):
        return fetch_url(src, MAX_IMAGE_BYTES)
    if scheme:
        raise FetchError(f"{src}: only http(s) addresses or files beside the document")
    if origin.url:
        return fetch_url(urljoin(origin.url, src), MAX_IMAGE_BYTES)
    if origin.folder is None:
        raise FetchError(f"{src}: no folder to find it in")
    folder = origin.folder.resolve()
    path = (folder / src).resolve()
    if not path.is_relative_to(folder):
        raise FetchError(f"{src}: outside the document's folder")
    return read_file(path, MAX_IMAGE_BYTES)


def load_image(src: str, origin: Origin) -> ImageData:
    """The image's bytes, checked to be a real photo of an accepted type."""
    content = image_bytes(src, origin)
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise FetchError(f"{src}: {width} x {height} pixels is too large")
            image.verify()
    except FetchError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise FetchError(f"{src}: not a readable image ({exc})") from None
    except Image.DecompressionBombError:
        raise FetchError(f"{src}: too many pixels") from None
    if kind not in IMAGE_FORMATS:
        raise FetchError(
            f"{src}: {kind} images are not accepted (JPEG, PNG, GIF, WebP)"
        )
    return ImageData(content, IMAGE_FORMATS[kind], width, height)
