"""Exports made by a real WordPress, and the image files they name."""

from pathlib import Path

import pytest
from PIL import Image

from masthead.wordpress.importer import WordPressImport

DATA = Path(__file__).parent / "data"
# The uploads the exports name; 2025/08/scoreboard.jpg is missing on purpose.
UPLOADS = {
    "2025/07/flood-uttara.jpg": (40, 90, 140),
    "2025/07/turag-embankment.jpg": (70, 110, 60),
    "2025/08/stadium-lights.jpg": (20, 30, 60),
    "2025/08/crowd.jpg": (150, 40, 40),
    "2025/01/newsroom.jpg": (200, 180, 120),
    "2014/05/rickshaws.png": (120, 120, 20),
    "2014/05/police.gif": (0, 0, 120),
}


@pytest.fixture
def media_dir(tmp_path) -> Path:
    """A copy of wp-content/uploads: small generated pictures."""
    root = tmp_path / "uploads"
    for relative, colour in UPLOADS.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        picture = Image.new("RGB", (48, 32), colour)
        if path.suffix == ".gif":
            picture = picture.convert("P")
        picture.save(path)
    return root


@pytest.fixture
def import_export():
    """Run an import quietly and return its report."""

    def run(name: str, **options):
        path = name if isinstance(name, Path) else DATA / name
        return WordPressImport(path, progress=False, **options).run()

    return run
