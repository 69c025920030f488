"""With MEDIA_STORAGE_URL set, uploaded images, their renditions and documents
are kept in an S3 bucket and readers' pages link to them there.

The bucket is served by moto's S3 server on this machine (an S3-compatible
server that speaks the same HTTP API), reached by boto3 over loopback.
"""

import io
import re
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from storages.backends.s3 import S3Storage
from wagtail.documents import get_document_model
from wagtail.models import Collection

from masthead.articles.tests.factories import ArticleFactory, home_page
from masthead.config.env import media_storage
from masthead.core.models import CustomImage
from masthead.core.tests.command import masthead
from masthead.core.tests.s3server import (
    MEDIA_BUCKET,
    MEDIA_PREFIX,
    keys,
    s3_server,
    use_media_bucket,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def media_bucket(s3_endpoint, settings, monkeypatch):
    return use_media_bucket(s3_endpoint, settings, monkeypatch)


def files_on_disk(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def photo(size=(1600, 900)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def fetch(url: str) -> bytes:
    assert url.startswith("http://127.0.0.1:")  # loopback only
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310
        return answer.read()


@pytest.fixture
def editor_client(client, django_user_model):
    home_page()
    client.force_login(
        django_user_model.objects.create_superuser(
            "editor", "editor@example.org", "a long pass phrase"
        )
    )
    return client


def test_uploaded_photo_and_its_renditions_are_served_from_the_bucket(
    editor_client, client, media_bucket, settings, s3_endpoint
):
    original = photo()
    response = editor_client.post(
        "/admin/images/add/",
        {
            "title": "Ferry at the ghat",
            "file": SimpleUploadedFile("ferry.jpg", original),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert (image.width, image.height) == (1600, 900)
    assert keys(media_bucket) == [f"{MEDIA_PREFIX}/{image.file.name}"]
    assert image.file.name.startswith("original_images/")

    story = ArticleFactory(title="Ferries run again", featured_image=image)
    editor_client.logout()
    page = client.get(story.url)
    assert page.status_code == 200
    html = page.content.decode()
    base = f"{s3_endpoint}/{MEDIA_BUCKET}/{MEDIA_PREFIX}/images/"
    sources = [
        src
        for src in re.findall(r'<img [^>]*src="([^"]+)"', html)
        if not src.startswith("/discovery/")  # the view-count beacon
    ]
    assert sources and all(src.startswith(base) for src in sources)
    assert f"{base}" in re.search(r'srcset="([^"]+)"', html)[1]
    rendered = Image.open(io.BytesIO(fetch(sources[0])))
    assert rendered.width in (640, 1280)
    assert f"img-src 'self' {s3_endpoint}" in page["Content-Security-Policy"]

    thumb = image.get_rendition("fill-100x100")
    assert f"{MEDIA_PREFIX}/{thumb.file.name}" in keys(media_bucket)
    assert Image.open(io.BytesIO(fetch(thumb.url))).size == (100, 100)
    assert fetch(image.file.url) == original
    assert files_on_disk(settings) == []


def test_uploaded_document_is_kept_in_the_bucket(editor_client, media_bucket, settings):
    response = editor_client.post(
        "/admin/documents/add/",
        {
            "title": "Budget 2026",
            "file": SimpleUploadedFile("budget.pdf", b"%PDF-1.4 budget figures"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert keys(media_bucket) == [f"{MEDIA_PREFIX}/{document.file.name}"]
    assert fetch(document.file.url) == b"%PDF-1.4 budget figures"
    # The document's link on the site sends the reader to the bucket.
    answer = editor_client.get(document.url)
    assert answer.status_code == 302
    assert answer["Location"] == document.file.url
    # Another file of the same name is kept beside it, not over it.
    editor_client.post(
        "/admin/documents/add/",
        {
            "title": "Budget 2027",
            "file": SimpleUploadedFile("budget.pdf", b"%PDF-1.4 next year"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert len(keys(media_bucket)) == 2
    assert fetch(document.file.url) == b"%PDF-1.4 budget figures"
    assert files_on_disk(settings) == []


def test_storage_url_sets_the_backend_and_the_image_policy(tmp_path):
    shown = masthead(
        "manage",
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND']); "
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        MASTHEAD_DATA=str(tmp_path),
        MEDIA_STORAGE_URL="s3://daily-star-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.com",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-2:] == [
        "storages.backends.s3.S3Storage",
        "[\"'self'\", 'https://media.example.com']",
    ]


@pytest.mark.parametrize(
    ("env", "origin"),
    [
        ({}, "https://daily-star-media.s3.amazonaws.com"),
        (
            {"AWS_S3_ENDPOINT_URL": "https://s3.example.net:9000"},
            "https://s3.example.net:9000",
        ),
        (
            {"AWS_S3_CUSTOM_DOMAIN": "media.example.com/photos"},
            "https://media.example.com",
        ),
    ],
)
def test_images_are_allowed_from_where_the_storage_links_to(monkeypatch, env, origin):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    storage, allowed = media_storage("s3://daily-star-media/site/")
    assert allowed == origin
    assert storage["OPTIONS"]["location"] == "site"
    backend = S3Storage(**storage["OPTIONS"])
    assert backend.url("original_images/ferry.jpg").startswith(origin + "/")


@pytest.mark.parametrize(
    ("name", "value", "advice"),
    [
        ("MEDIA_STORAGE_URL", "s3://", "use s3://BUCKET"),
        ("MEDIA_STORAGE_URL", "s3://Bad_Bucket", "use s3://BUCKET"),
        ("MEDIA_STORAGE_URL", "/var/media", "use s3://BUCKET"),
        ("AWS_S3_ENDPOINT_URL", "s3.example.net", "use http(s)://host[:port]"),
        ("AWS_S3_CUSTOM_DOMAIN", "https://media.example.com", "give the host alone"),
    ],
)
def test_bad_storage_settings_say_what_to_write(monkeypatch, name, value, advice):
    monkeypatch.setenv(name, value)
    url = value if name == "MEDIA_STORAGE_URL" else "s3://daily-star-media"
    with pytest.raises(ImproperlyConfigured, match=re.escape(advice)):
        media_storage(url)


def test_bad_storage_url_is_one_clear_line(tmp_path):
    url = "ftp://media"
    refused = masthead(
        "manage", "check", MASTHEAD_DATA=str(tmp_path), MEDIA_STORAGE_URL=url
    )
    assert refused.returncode != 0
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert lines[0].startswith(f"masthead: MEDIA_STORAGE_URL={url!r}: use s3://BUCKET")
