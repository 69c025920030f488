"""`masthead backup` and `masthead restore` through the real command, on the
database the tests run on: a site with every kind of content comes back
exactly, row for row and byte for byte, even when backed up mid-write; a
site with content is only replaced when forced; a damaged archive is refused
before anything changes."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps

from masthead.backups.tests.sites import ON_POSTGRES, Site
from masthead.core.tests.s3server import empty_bucket, environment, keys, s3_server

CONTENT = """
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Site as WagtailSite
from masthead.articles.models import ArticlePage
from masthead.comments.models import Comment
from masthead.core.models import CustomImage, SiteSettings

settings = SiteSettings.for_site(WagtailSite.objects.get(is_default_site=True))
settings.tagline = "Restored from the archive"
settings.save()
editor = User.objects.create_user("desk", "desk@example.com", "a long passphrase")
editor.groups.add(Group.objects.get(name="Editors"))
first, second = ArticlePage.objects.live().order_by("pk")[:2]
first.title = "Corrected headline"
first.save_revision(user=editor).publish()
second.title = "An unpublished draft headline"
second.save_revision(user=editor)
approved = Comment.objects.create(
    article=first, name="Rina", email="rina@example.com", text="Well reported.",
    status=Comment.APPROVED,
)
Comment.objects.create(
    article=first, parent=approved, name="Tamim", email="t@example.com",
    text="Held for a link", status=Comment.PENDING, held_because="a link",
)
CustomImage.objects.first().get_rendition("fill-120x80")
get_document_model().objects.create(
    title="Budget", file=ContentFile(b"line,amount\\nroads,100\\n", name="budget.csv")
)
print(ArticlePage.objects.count())
"""

# Publishes a revision and posts a comment in one transaction, over and over,
# until told to stop: in any consistent snapshot each "Writer N" revision
# has its "writer N" comment and the other way round.
WRITER = """
import time
from pathlib import Path
from django.db import transaction
from masthead.articles.models import ArticlePage
from masthead.comments.models import Comment

stop = Path("{stop}")
page = ArticlePage.objects.live().order_by("-pk").first()
deadline = time.monotonic() + 120
n = 0
while not stop.exists() and time.monotonic() < deadline and n < 5000:
    n += 1
    with transaction.atomic():
        page.title = f"Writer {{n}}"
        page.save_revision().publish()
        Comment.objects.create(
            article=page, name="Writer", email="w@example.com", text=f"writer {{n}}",
            status=Comment.APPROVED,
        )
    print(n, flush=True)
"""

WRITER_PAIRS = """
from wagtail.models import Revision
from masthead.comments.models import Comment
revisions = sorted(
    int(r.content["title"].split()[1])
    for r in Revision.objects.all()
    if r.content.get("title", "").startswith("Writer ")
)
comments = sorted(
    int(c.text.split()[1]) for c in Comment.objects.filter(name="Writer")
)
print(revisions == comments, len(revisions), len(comments))
"""

SEARCH = """
from masthead.articles.models import ArticlePage
print(ArticlePage.objects.live().search("Corrected headline").count())
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A demo site with revisions, a draft, comments (one held), a user in a
    group, changed settings, an image with a rendition and a document, backed
    up while nothing writes: (site, archive, its tables, its media)."""
    root = tmp_path_factory.mktemp("backup")
    site = Site(root / "source")
    site.masthead("manage", "migrate", "-v0")
    site.masthead("manage", "load_demo", "--articles", "3", "-v0")
    site.shell(CONTENT)
    archive = root / "site.tar.gz"
    done = site.masthead("backup", str(archive))
    assert "Backed up" in done.stdout
    yield site, archive, site.tables(), site.media()
    site.drop()


@pytest.fixture
def fresh(tmp_path):
    sites = []

    def make(name: str = "fresh") -> Site:
        sites.append(Site(tmp_path / name))
        return sites[-1]

    yield make
    for site in sites:
        site.drop()


def test_restore_brings_back_every_row_and_media_file(source, fresh):
    site, archive, tables, media = source
    model_tables = {
        m._meta.db_table for m in apps.get_models(include_auto_created=True)
    }
    assert model_tables <= set(tables)  # the listing misses no model
    for name in (
        "comments_comment",
        "wagtailcore_revision",
        "auth_user_groups",
        "core_customrendition",
        "wagtaildocs_document",
        "core_sitesettings",
    ):
        assert tables[name], name
    assert any("a link" in row for row in tables["comments_comment"])
    assert tables["wagtailsearch_indexentry"]  # PostgreSQL's tsvectors are here
    if not ON_POSTGRES:  # SQLite's FTS5 table and its shadow tables
        assert tables["wagtailsearch_indexentry_fts"]
        assert tables["wagtailsearch_indexentry_fts_data"]
    assert any(name.startswith("images/") for name in media)  # a rendition
    assert any(name.startswith("documents/") for name in media)

    target = fresh()
    done = target.masthead("restore", str(archive))

    assert "Restored" in done.stdout
    restored = target.tables()
    assert set(restored) == set(tables)
    for name in tables:
        assert restored[name] == tables[name], f"table {name} differs"
    assert target.media() == media
    key = "secret_key"
    assert (target.data / key).read_text() == (site.data / key).read_text()
    assert target.shell(SEARCH).strip() == "1"  # the search index came back


def test_a_site_keeping_media_in_a_bucket(source, fresh, tmp_path):
    """MEDIA_STORAGE_URL (docs/operations.md, "Media in object storage"): an
    archive's media files restored into such a site are uploaded to the
    bucket (how a site moves its media there); its own backups hold the
    database and name the bucket, which they do not copy, and restore only
    into a site using that bucket."""
    _, archive, _, media = source
    url = "s3://masthead-moved-media/moved"
    with s3_server() as endpoint:
        bucket = empty_bucket(endpoint, "masthead-moved-media", "moved")
        moved = fresh("moved")
        moved.env.update(environment(endpoint), MEDIA_STORAGE_URL=url)
        assert "Restored" in moved.masthead("restore", str(archive)).stdout
        objects = keys(bucket)
        assert objects == sorted(f"moved/{name}" for name in media)
        for name, content in media.items():
            assert bucket.Object(f"moved/{name}").get()["Body"].read() == content
        assert moved.media() == {}

        backup = tmp_path / "bucket-site.tar.gz"
        done = moved.masthead("backup", str(backup))
        assert f"no media files: they are kept in {url}" in done.stdout
        assert "which this backup does not copy" in done.stdout
        with tarfile.open(backup) as tar:
            assert not any(name.startswith("media/") for name in tar.getnames())
            manifest = json.load(tar.extractfile("manifest.json"))
        assert manifest["media_storage"] == url

        on_disk = fresh("on-disk")
        refused = on_disk.masthead("restore", str(backup), check=False)
        assert refused.returncode != 0
        assert refused.stderr.strip().splitlines() == [
            f"masthead: {backup} holds no media files: they are kept in {url}; "
            "set MEDIA_STORAGE_URL to that bucket, then restore again"
        ]
        assert not on_disk.tables().get("core_customimage")

        again = fresh("again")
        again.env.update(environment(endpoint), MEDIA_STORAGE_URL=url)
        assert "Restored" in again.masthead("restore", str(backup)).stdout
        assert again.tables()["core_customimage"] == moved.tables()["core_customimage"]
        assert keys(bucket) == objects


def test_a_backup_taken_while_a_writer_writes_is_consistent(source, fresh):
    _, archive, _, _ = source
    writing = fresh("writing")
    writing.masthead("restore", str(archive))
    stop = writing.data / "stop-writing"
    writer = writing.popen(
        "manage", "shell", "-v0", "-c", WRITER.format(stop=stop), stdout=-1, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "1"  # it is writing
        mid_write = writing.data.parent / "mid-write.tar.gz"
        writing.masthead("backup", str(mid_write))
        stop.touch()
        assert writer.wait(timeout=120) == 0
    finally:
        writer.kill()

    target = fresh("from-mid-write")
    target.masthead("restore", str(mid_write))

    consistent, revisions, _ = target.shell(WRITER_PAIRS).split()
    assert consistent == "True"
    assert int(revisions) >= 1
    written, _, _ = writing.shell(WRITER_PAIRS).split()
    assert written == "True"


def test_a_site_with_content_is_replaced_only_when_forced(source, fresh):
    _, archive, tables, media = source
    target = fresh()
    target.masthead("restore", str(archive))
    target.shell(
        "from masthead.comments.models import Comment\n"
        "from masthead.articles.models import ArticlePage\n"
        "Comment.objects.create(article=ArticlePage.objects.first(), name='New',"
        " text='after the backup', status='approved')"
    )
    (target.data / "media" / "extra.txt").write_text("added after the backup")
    changed = target.tables()

    refused = target.masthead("restore", str(archive), check=False)

    assert refused.returncode == 2
    assert "not empty" in refused.stderr
    assert "--force" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert target.tables() == changed

    target.masthead("restore", "--force", str(archive))

    assert target.tables() == tables
    assert target.media() == media


def repack(archive: Path, out: Path, change) -> Path:
    """A copy of the archive with change(name, data) -> data applied."""
    with tarfile.open(archive) as source, tarfile.open(out, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return out


def damaged_archives(archive: Path, folder: Path) -> dict[str, Path]:
    data = archive.read_bytes()
    (folder / "half.tar.gz").write_bytes(data[: len(data) // 2])
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    (folder / "flipped.tar.gz").write_bytes(bytes(flipped))
    (folder / "notes.txt").write_text("not an archive\n")
    with tarfile.open(folder / "empty.tar.gz", "w:gz"):
        pass

    def tamper(name, body):
        return body[:-1] + bytes([body[-1] ^ 1]) if name.startswith("media/") else body

    def other_engine(name, body):
        if name != "manifest.json":
            return body
        manifest = json.loads(body)
        manifest["engine"] = "sqlite" if ON_POSTGRES else "postgresql"
        return json.dumps(manifest).encode()

    def drop_database(name, body):
        return None if name.startswith("database/") else body

    return {
        "cut short": folder / "half.tar.gz",
        "a flipped byte": folder / "flipped.tar.gz",
        "not an archive": folder / "notes.txt",
        "empty": folder / "empty.tar.gz",
        "a changed media file": repack(archive, folder / "tamper.tar.gz", tamper),
        "another engine": repack(archive, folder / "engine.tar.gz", other_engine),
        "no database": repack(archive, folder / "nodb.tar.gz", drop_database),
    }


DAMAGE = {
    "cut short": "damaged or cut short",
    "a flipped byte": "damaged or cut short",
    "not an archive": "not a Masthead backup",
    "empty": "no readable manifest",
    "a changed media file": "checksum mismatch for media/",
    "another engine": "restore it into a site on",
    "no database": "files missing",
}


def test_a_damaged_archive_is_refused_and_changes_nothing(source, fresh, tmp_path):
    _, archive, _, _ = source
    target = fresh()
    target.masthead("manage", "migrate", "-v0")
    before = target.tables()

    for damage, bad in damaged_archives(archive, tmp_path).items():
        refused = target.masthead("restore", str(bad), check=False)

        assert refused.returncode == 2, damage
        assert DAMAGE[damage] in refused.stderr, damage
        assert refused.stderr.startswith("masthead: "), damage
        assert len(refused.stderr.strip().splitlines()) == 1, damage
        assert target.tables() == before, damage
        assert target.media() == {}, damage
        assert not list(target.data.glob(".restore-*")), damage
