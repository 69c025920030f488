"""Uploaded images are checked for type, size and pixel count in both of
Wagtail's upload forms, and in the WordPress import: a refused file gets a
clear message and leaves nothing behind in the database or the media folder."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Collection

from masthead.articles.tests.factories import home_page
from masthead.core.models import CustomImage
from masthead.wordpress.importer import WordPressImport
from masthead.wordpress.tests.conftest import DATA

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image"
TOO_MANY_PIXELS = "This file has too many pixels"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def black_and_white_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG, all black: its pixels compress to almost nothing,
    so a few hundred KB can declare hundreds of megapixels."""
    row = bytes(1 + (width + 7) // 8)  # filter byte, then the packed pixels
    packer = zlib.compressobj(9)
    rows_at_once = 1000
    body = [packer.compress(row * rows_at_once) for _ in range(height // rows_at_once)]
    body.append(packer.compress(row * (height % rows_at_once)) + packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"".join(body))
        + png_chunk(b"IEND", b"")
    )


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose header claims width x height pixels."""
    content = bytearray(photo())
    frame = content.index(b"\xff\xc0")  # start of frame: length, depth, h, w
    content[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(content)


def photo(kind: str = "JPEG", size=(64, 48), noise: bool = False) -> bytes:
    picture = (
        Image.effect_noise(size, 90).convert("RGB")
        if noise
        else Image.new("RGB", size, (30, 90, 140))
    )
    out = io.BytesIO()
    picture.save(out, kind)
    return out.getvalue()


@pytest.fixture
def editor_client(client, django_user_model):
    home_page()
    editor = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "a long pass phrase"
    )
    client.force_login(editor)
    return client


def upload_single(client, name: str, content: bytes):
    """The 'Add an image' form: (accepted, the messages on the page)."""
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Flooded road",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    return response.status_code == 302, response.content.decode()


def upload_multiple(client, name: str, content: bytes):
    """The multiple upload (drag and drop): (accepted, its error message)."""
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    answer = response.json()
    return answer["success"], answer.get("error_message", "")


UPLOADS = [upload_single, upload_multiple]


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("upload", UPLOADS)
def test_a_real_photo_is_accepted(editor_client, settings, upload):
    accepted, _ = upload(editor_client, "flood.jpg", photo())
    assert accepted
    assert CustomImage.objects.count() == 1
    assert len(media_files(settings)) == 1


@pytest.mark.parametrize("upload", UPLOADS)
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"Not a photo, only a text file renamed.\n" * 20, NOT_AN_IMAGE),
        (
            "flood.jpg",
            photo("PNG"),
            "Not a valid .jpeg image. The extension does not match the file "
            "format (png)",
        ),
        ("flood.bmp", photo("BMP"), "Not a supported image format."),
        (
            "bomb.png",
            black_and_white_png(30_000, 30_000),
            f"{TOO_MANY_PIXELS} (unknown number).",
        ),
        (
            "poster.png",
            black_and_white_png(8_000, 6_000),
            f"{TOO_MANY_PIXELS} (48000000). Maximum pixels 40000000.",
        ),
        (
            "huge.jpg",
            jpeg_declaring(30_000, 30_000),
            f"{TOO_MANY_PIXELS} (unknown number).",
        ),
    ],
    ids=[
        "text-as-jpg",
        "png-as-jpg",
        "bmp",
        "png-bomb-900-megapixels",
        "48-megapixels",
        "jpeg-declaring-900-megapixels",
    ],
)
def test_a_file_that_is_not_an_acceptable_image_is_refused_and_leaves_nothing(
    editor_client, settings, upload, name, content, message
):
    accepted, page = upload(editor_client, name, content)
    assert not accepted
    assert message in page
    assert not CustomImage.objects.exists()
    assert media_files(settings) == []


@pytest.mark.parametrize("upload", UPLOADS)
def test_a_file_over_the_size_limit_is_refused(editor_client, settings, upload):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024
    content = photo("PNG", size=(200, 200), noise=True)
    assert len(content) > 20 * 1024
    accepted, page = upload(editor_client, "noise.png", content)
    assert not accepted
    assert "This file is too big" in page
    assert "Maximum filesize 20.0\xa0KB" in page
    assert not CustomImage.objects.exists()
    assert media_files(settings) == []


def test_the_add_form_tells_editors_the_limits(editor_client):
    page = editor_client.get("/admin/images/add/").content.decode()
    assert "Maximum filesize: 20.0\xa0MB" in page


def test_the_wordpress_import_refuses_what_the_upload_form_refuses(settings, tmp_path):
    uploads = tmp_path / "uploads"
    files = {
        "2025/07/flood-uttara.jpg": photo(),
        "2025/07/turag-embankment.jpg": b"text, renamed to .jpg\n" * 10,
        "2025/08/stadium-lights.jpg": jpeg_declaring(30_000, 30_000),
    }
    for relative, content in files.items():
        path = uploads / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    home_page()
    report = WordPressImport(DATA / "newsroom.xml", progress=False, media_dir=uploads)
    report = report.run()

    failures = report.reasons[("images", "failed")]
    assert any(NOT_AN_IMAGE in reason for reason in failures), failures
    assert any(TOO_MANY_PIXELS in reason for reason in failures), failures
    titles = set(CustomImage.objects.values_list("file", flat=True))
    assert len(titles) == 1
    assert next(iter(titles)).endswith(".jpg")
    assert len(media_files(settings)) == 1
