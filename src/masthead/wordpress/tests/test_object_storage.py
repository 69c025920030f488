"""The WordPress import with media in an S3 bucket (MEDIA_STORAGE_URL): the
photos go to the bucket through the storage, old upload addresses redirect
there, and a file the upload form would refuse leaves nothing behind."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from masthead.articles.tests.factories import home_page
from masthead.core.models import CustomImage
from masthead.core.tests.s3server import MEDIA_PREFIX, keys, s3_server, use_media_bucket
from masthead.limits.tests.test_images import jpeg_declaring
from masthead.wordpress.importer import WordPressImport
from masthead.wordpress.tests.conftest import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def media_bucket(s3_endpoint, settings, monkeypatch):
    return use_media_bucket(s3_endpoint, settings, monkeypatch)


def test_imported_photos_go_to_the_bucket(media_bucket, media_dir, settings):
    bomb = media_dir / "2025/08/stadium-lights.jpg"
    bomb.write_bytes(jpeg_declaring(30_000, 30_000))
    home_page()
    report = WordPressImport(
        DATA / "newsroom.xml", progress=False, media_dir=media_dir
    ).run()

    assert report.counts["images"]["imported"] == 4
    assert any(
        "too many pixels" in reason for reason in report.reasons[("images", "failed")]
    )
    stored = sorted(
        f"{MEDIA_PREFIX}/{name}"
        for name in CustomImage.objects.values_list("file", flat=True)
    )
    assert len(stored) == 4
    assert keys(media_bucket) == stored  # the refused one left no object
    redirect = Redirect.objects.get(
        old_path="/wp-content/uploads/2025/07/flood-uttara.jpg"
    )
    image = CustomImage.objects.get(file__endswith="flood-uttara.jpg")
    assert redirect.redirect_link == image.file.url
    assert redirect.redirect_link.startswith(
        f"{media_bucket.meta.client.meta.endpoint_url}/"
    )
    assert not settings.MEDIA_ROOT.exists() or not any(
        p.is_file() for p in settings.MEDIA_ROOT.rglob("*")
    )
