"""Wire sources and the sample files, copied where a test can add photos."""

import io
import shutil
from pathlib import Path

import factory
from PIL import Image

from masthead.articles.tests.factories import AgencyFactory, SectionFactory
from masthead.wire.models import WireSource

DATA = Path(__file__).parent / "data"


class WireSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WireSource

    name = factory.Sequence(lambda n: f"BNA national {n}")
    kind = WireSource.FOLDER
    path = "/nonexistent"
    agency = factory.SubFactory(AgencyFactory)
    section = factory.SubFactory(SectionFactory)


def photo_bytes(fmt: str = "JPEG", size=(640, 400), colour=(30, 110, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def drop_folder(tmp_path: Path, *names: str) -> Path:
    """A folder holding the named samples and the photos they refer to."""
    folder = tmp_path / "drop"
    (folder / "photos").mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(DATA / name, folder / name)
    for photo, colour in (
        ("ferry.jpg", (20, 60, 120)),
        ("rice-plot.jpg", (40, 140, 60)),
        ("riverbank.jpg", (120, 90, 50)),
    ):
        (folder / "photos" / photo).write_bytes(photo_bytes(colour=colour))
    (folder / "photos" / "river-gauge.png").write_bytes(photo_bytes("PNG"))
    return folder
