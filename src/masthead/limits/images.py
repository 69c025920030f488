"""The checks Wagtail's image upload form makes, for images that arrive by
other routes (the WordPress import): a real image whose contents match an
allowed extension, no larger than WAGTAILIMAGES_MAX_UPLOAD_SIZE, with no more
pixels than WAGTAILIMAGES_MAX_IMAGE_PIXELS (a decompression bomb is refused
from its header, before any pixel is decoded)."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from wagtail.images.fields import WagtailImageField


class ImageRefused(Exception):
    """The file is not an image the newsroom could upload; the message says why."""


def check_image(file, name: str) -> None:
    """Raises ImageRefused unless the open binary file passes Wagtail's checks."""
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    if limit is not None and size > limit:
        # Said before reading: Wagtail's form would read it all into memory.
        raise ImageRefused(
            f"This file is too big ({filesizeformat(size)}). "
            f"Maximum filesize {filesizeformat(limit)}."
        )
    try:
        WagtailImageField().clean(UploadedFile(file, name=name, size=size))
    except ValidationError as exc:
        raise ImageRefused(" ".join(exc.messages)) from None
    finally:
        file.seek(0)
