"""`masthead import-wordpress`: one line for a mistake, nothing half-written."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from masthead.wordpress.tests.conftest import DATA


def masthead(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MASTHEAD_DATA": str(data_dir)}
    environment.pop("DATABASE_URL", None)  # a scratch SQLite file of its own
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "masthead", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("masthead: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def tables(data_dir: Path) -> set[str]:
    database = data_dir / "masthead.sqlite3"
    if not database.exists():
        return set()
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("truncated.xml", ("is not well-formed XML at line", "ends early")),
        ("malformed.xml", ("line 29", "not well-formed")),
    ],
)
def test_a_broken_export_is_one_line_and_nothing_is_written(tmp_path, name, words):
    data_dir = tmp_path / "data"
    result = masthead("import-wordpress", str(DATA / name), data_dir=data_dir)
    assert_one_line_error(result, *words, "nothing was imported")
    assert result.returncode == 1
    assert not tables(data_dir)  # checked before the database was even set up


def test_a_missing_export_or_media_folder(tmp_path):
    data_dir = tmp_path / "data"
    assert_one_line_error(
        masthead("import-wordpress", str(tmp_path / "none.xml"), data_dir=data_dir),
        "none.xml",
        "no such file",
    )
    assert_one_line_error(
        masthead(
            "import-wordpress",
            str(DATA / "edge-cases.xml"),
            "--media-dir",
            str(tmp_path / "uploads"),
            data_dir=data_dir,
        ),
        "--media-dir",
    )


def test_a_dry_run_on_a_new_data_folder_writes_nothing(tmp_path):
    data_dir = tmp_path / "data"
    result = masthead(
        "import-wordpress", str(DATA / "newsroom.xml"), "--dry-run", data_dir=data_dir
    )
    assert result.returncode == 0, result.stderr
    assert "Dry run: nothing was written" in result.stdout
    assert "posts → articles" in result.stdout
    assert not tables(data_dir)


def test_an_import_sets_up_the_database_and_reports(tmp_path, media_dir):
    data_dir = tmp_path / "data"
    result = masthead(
        "import-wordpress",
        str(DATA / "edge-cases.xml"),
        "--media-dir",
        str(media_dir),
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    assert "posts → articles" in result.stdout
    assert "spam (not carried over)" in result.stdout
    with sqlite3.connect(data_dir / "masthead.sqlite3") as db:
        (articles,) = db.execute("SELECT count(*) FROM articles_articlepage").fetchone()
        (mapped,) = db.execute("SELECT count(*) FROM wordpress_importeditem").fetchone()
    assert articles == 3
    assert mapped > 3
