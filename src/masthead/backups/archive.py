"""One archive that brings a whole site back: the database and the media files.

An archive is a tar (gzip level 1: photos are compressed already, so more
effort buys little) holding

    database/masthead.sqlite3   SQLite's online backup: one consistent snapshot
      or database/masthead.dump pg_dump --format=custom, one transaction
    media/...                   every file under MEDIA_ROOT, originals and
                                renditions, byte for byte (none when media is
                                kept in object storage: see below)
    secret_key                  when the key lives in the data folder, so
                                sessions and signed links still work
    manifest.json               written last: format, versions, engine, the
                                applied migrations and every file's sha256

Both snapshots are taken while the site keeps serving and writing: SQLite's
backup API copies the database as one read transaction (in WAL mode writers
carry on), pg_dump reads in one repeatable-read transaction. The media files
are copied after the database, so every file a snapshot row names is there.

A backup is written under a temporary name and renamed when complete, so a
failed or killed backup never leaves a file that looks like one. A restore
unpacks into a folder beside the data and checks the manifest and every
checksum before it touches the site; the database is then replaced in one
transaction and the media folder by a rename.

Media kept in an S3 bucket (MEDIA_STORAGE_URL) is not copied: a bucket is
made safe by its own versioning and replication, and copying every photo of
a national daily through one machine on each backup would not scale. The
archive then holds the database and names the bucket; the summary says so.
Restoring it needs the site pointed at that bucket. An archive that does hold
media files, restored into a site that keeps media in a bucket, uploads them
there (how a site moves its media into object storage).
"""

import contextlib
import errno
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from tqdm import tqdm

import masthead

FORMAT = 1  # bump when the layout changes; restore refuses formats it does not know
MANIFEST = "manifest.json"
KEY_FILE = "secret_key"  # the generated SECRET_KEY (config/env.py)
SNAPSHOTS = {
    "sqlite": "database/masthead.sqlite3",
    "postgresql": "database/masthead.dump",
}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
GZIP_LEVEL = 1
CHUNK = 1024 * 1024
# A restore unpacks the whole archive beside the data before it swaps it in.
RESTORE_ADVICE = "then restore again (it needs room for the unpacked archive)"


class BackupError(Exception):
    """A problem the user can fix; the message is one line saying how."""


@dataclass
class Summary:
    path: Path
    engine: str
    database_bytes: int
    media_files: int
    media_bytes: int
    seconds: float
    media_storage: str = ""

    def __str__(self) -> str:
        database = (
            f"{self.path}: the {ENGINE_NAMES[self.engine]} database "
            f"({megabytes(self.database_bytes)})"
        )
        if self.media_storage:
            return (
                f"{database} in {self.seconds:.1f} s; no media files: they are "
                f"kept in {self.media_storage}, which this backup does not copy "
                "(keep versioning on in that bucket)"
            )
        return (
            f"{database} and {self.media_files} media files "
            f"({megabytes(self.media_bytes)}) in {self.seconds:.1f} s"
        )


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def engine() -> str:
    vendor = connection.vendor
    if vendor not in SNAPSHOTS:
        raise BackupError(
            f"backups cover SQLite and PostgreSQL, not {vendor}: use the "
            "database's own tools"
        )
    return vendor


def media_root() -> Path | None:
    """The media folder, or None when media is kept in object storage."""
    if not isinstance(default_storage, FileSystemStorage):
        return None
    return Path(settings.MEDIA_ROOT)


def default_path(data_dir: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return data_dir / "backups" / f"masthead-{stamp}.tar.gz"


def disk_error(
    exc: OSError, where: Path, advice: str = "or write the backup to another disk"
) -> BackupError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return BackupError(
            f"the disk holding {where} is full: free some space, {advice}"
        )
    return BackupError(f"cannot write {exc.filename or where}: {exc.strerror}")


# Backup ---------------------------------------------------------------------


def backup(path: Path) -> Summary:
    """Write the archive to path; refuse to overwrite an existing file."""
    started = time.monotonic()
    vendor = engine()
    media = media_root()
    path = path.expanduser().absolute()
    if path.exists():
        raise BackupError(f"{path} already exists: give another file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise disk_error(exc, path.parent) from None
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        with tempfile.TemporaryDirectory(
            dir=path.parent, prefix=".masthead-backup-"
        ) as scratch:
            snapshot = Path(scratch) / "snapshot"
            if vendor == "sqlite":
                applied = snapshot_sqlite(snapshot)
            else:
                applied = applied_migrations()
                snapshot_postgresql(snapshot)
            summary = write_archive(partial, vendor, snapshot, applied, media)
        os.replace(partial, path)
        fsync_folder(path.parent)
    except OSError as exc:
        raise disk_error(exc, path.parent) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    summary.path = path
    summary.seconds = time.monotonic() - started
    return summary


def snapshot_sqlite(target: Path) -> list[list[str]]:
    """SQLite's online backup copies the database in one step, as one read
    transaction: a consistent snapshot, while writers carry on in WAL mode."""
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # One self-contained file, with no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise BackupError(
                f"the database is damaged ({verdict}): restore the last good backup"
            )
        applied = copy.execute("SELECT app, name FROM django_migrations").fetchall()
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode == sqlite3.SQLITE_FULL:
            raise disk_error(OSError(errno.ENOSPC, "full"), target.parent) from None
        raise BackupError(f"SQLite could not copy the database: {exc}") from None
    finally:
        copy.close()
        source.close()
    return sorted([app, name] for app, name in applied)


def applied_migrations() -> list[list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(
        [app, name] for app, name in MigrationRecorder(connection).applied_migrations()
    )


def postgres_env() -> dict[str, str]:
    """libpq's variables for the site's database: no password on a command line."""
    db = connection.settings_dict
    env = {**os.environ}
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def run_client(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run one of PostgreSQL's client programs; its first error line if it fails."""
    try:
        done = subprocess.run(  # noqa: S603 (PostgreSQL's own tools)
            command, env=postgres_env(), capture_output=True, check=False, **kwargs
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client tools "
            "of the server's version (Debian: apt install postgresql-client)"
        ) from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        detail = next((line for line in lines if "error" in line.lower()), None)
        raise BackupError(f"{command[0]} failed: {detail or (lines or ['?'])[0]}")
    return done


def snapshot_postgresql(target: Path) -> None:
    try:
        run_client(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
            ]
        )
    except BackupError as exc:
        if "No space left on device" in str(exc):
            raise disk_error(OSError(errno.ENOSPC, "full"), target.parent) from None
        raise


def media_files(media: Path) -> list[Path]:
    if not media.is_dir():
        return []
    return sorted(p for p in media.rglob("*") if p.is_file() and not p.is_symlink())


class HashingReader:
    """Reads a file into the tar while computing its sha256 on the way."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.sha256.update(chunk)
        return chunk


def add_file(tar: tarfile.TarFile, source: Path, name: str) -> tuple[str, int]:
    with source.open("rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = HashingReader(handle)
        tar.addfile(info, reader)
    return reader.sha256.hexdigest(), info.size


def write_archive(
    partial: Path, vendor: str, snapshot: Path, applied: list, media: Path | None
) -> Summary:
    files: dict[str, dict] = {}
    with partial.open("xb") as raw:
        with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=GZIP_LEVEL) as tar:
            digest, size = add_file(tar, snapshot, SNAPSHOTS[vendor])
            files[SNAPSHOTS[vendor]] = {"sha256": digest, "size": size}
            database_bytes = size
            key = Path(settings.DATA_DIR) / KEY_FILE
            if key.is_file():
                digest, size = add_file(tar, key, KEY_FILE)
                files[KEY_FILE] = {"sha256": digest, "size": size}
            media_bytes = 0
            found = media_files(media) if media else []
            for source in tqdm(found, desc="Media", unit="file", disable=None):
                name = "media/" + source.relative_to(media).as_posix()
                try:
                    digest, size = add_file(tar, source, name)
                except FileNotFoundError:
                    continue  # deleted since the listing: the snapshot is older
                files[name] = {"sha256": digest, "size": size}
                media_bytes += size
            manifest = {
                "format": FORMAT,
                "masthead_version": masthead.__version__,
                "engine": vendor,
                "database_version": database_version(),
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "migrations": applied,
                "files": files,
            }
            if media is None:
                manifest["media_storage"] = settings.MEDIA_STORAGE_URL
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(time.time())
            tar.addfile(info, _BytesReader(data))
        raw.flush()
        os.fsync(raw.fileno())
    media_count = sum(1 for name in files if name.startswith("media/"))
    return Summary(
        partial,
        vendor,
        database_bytes,
        media_count,
        media_bytes,
        0.0,
        media_storage=settings.MEDIA_STORAGE_URL if media is None else "",
    )


class _BytesReader:
    def __init__(self, data: bytes):
        self.data = memoryview(data)

    def read(self, size: int = -1) -> bytes:
        size = len(self.data) if size < 0 else size
        chunk, self.data = self.data[:size], self.data[size:]
        return bytes(chunk)


def database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Restore --------------------------------------------------------------------


def restore(path: Path, force: bool = False) -> dict:
    """Replace the site with the archive's; the archive is checked whole first.

    Returns the manifest of the archive restored.
    """
    vendor = engine()
    media = media_root()
    path = path.expanduser().absolute()
    if not path.is_file():
        raise BackupError(f"{path}: no such file (give the backup's path)")
    if not force:
        content = site_content()
        if content:
            raise BackupError(
                f"this site is not empty ({content}): restore into a fresh data "
                "folder or an empty database, or pass --force to replace it"
            )
    staging_parent = media.parent if media else Path(settings.DATA_DIR)
    try:
        staging_parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=staging_parent, prefix=".restore-"))
    except OSError as exc:
        raise disk_error(exc, staging_parent, RESTORE_ADVICE) from None
    try:
        manifest = unpack(path, staging)
        check_manifest(path, manifest, staging, vendor)
        check_migrations(path, manifest)
        if manifest.get("media_storage") and media is not None:
            raise BackupError(
                f"{path} holds no media files: they are kept in "
                f"{manifest['media_storage']}; set MEDIA_STORAGE_URL to that "
                "bucket, then restore again"
            )
        snapshot = staging / SNAPSHOTS[vendor]
        if vendor == "sqlite":
            restore_sqlite(snapshot)
        else:
            restore_postgresql(snapshot)
        if media is None:
            upload_media(staging)
        else:
            replace_media(staging, media)
        key = staging / KEY_FILE
        if key.is_file():
            os.replace(key, Path(settings.DATA_DIR) / KEY_FILE)
    except OSError as exc:
        raise disk_error(exc, staging_parent, RESTORE_ADVICE) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    after_restore()
    return manifest


def site_content() -> str:
    """What the site holds that a restore would lose, or '' if nothing."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from masthead.articles.models import AuthorIndexPage, HomePage

    found = []
    if "auth_user" in connection.introspection.table_names():
        counts = {
            "user accounts": get_user_model().objects.count(),
            "pages": Page.objects.filter(depth__gt=1)
            .not_type(HomePage, AuthorIndexPage)
            .count(),
            "images": get_image_model().objects.count(),
            "documents": get_document_model().objects.count(),
        }
        found = [f"{n} {what}" for what, n in counts.items() if n]
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        found.append(f"files in {media}")
    return ", ".join(found)


def damaged(path: Path, detail: str) -> BackupError:
    return BackupError(
        f"{path} is not a Masthead backup, or it is damaged or cut short "
        f"({detail}); nothing was changed"
    )


def unpack(path: Path, staging: Path) -> dict:
    """Unpack only plain files and folders with safe names (tarfile's 'data'
    filter), then read the manifest."""
    try:
        with tarfile.open(path, mode="r:*") as tar:
            for member in tar:
                if not (member.isfile() or member.isdir()):
                    raise damaged(path, f"unexpected entry {member.name}")
                tar.extract(member, staging, filter="data")
    except BackupError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise disk_error(exc, staging.parent, RESTORE_ADVICE) from None
        raise damaged(path, first_line(exc)) from None
    except tarfile.ReadError as exc:
        detail = "not a tar archive" if "opened successfully" in str(exc) else exc
        raise damaged(path, first_line(detail)) from None
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise damaged(path, first_line(exc)) from None
    try:
        manifest = json.loads((staging / MANIFEST).read_text())
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise damaged(path, "no readable manifest.json")
    return manifest


def first_line(error: object) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def check_manifest(path: Path, manifest: dict, staging: Path, vendor: str) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is a backup of format {manifest.get('format')!r}; this "
            f"Masthead ({masthead.__version__}) reads format {FORMAT}"
        )
    if manifest.get("engine") != vendor:
        theirs = ENGINE_NAMES.get(manifest.get("engine"), manifest.get("engine"))
        raise BackupError(
            f"{path} is a backup of a {theirs} site and this site uses "
            f"{ENGINE_NAMES[vendor]}: restore it into a site on {theirs} "
            "(a backup restores into the same kind of database)"
        )
    listed = manifest["files"]
    present = {
        p.relative_to(staging).as_posix()
        for p in staging.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    if SNAPSHOTS[vendor] not in listed or set(listed) != present:
        missing = sorted(set(listed) - present) or sorted(present - set(listed))
        raise damaged(path, f"files missing or unexpected: {missing[:3]}")
    for name, facts in listed.items():
        if PurePosixPath(name).parts[0] not in ("database", "media", KEY_FILE):
            raise damaged(path, f"unexpected entry {name}")
        if sha256(staging / name) != facts.get("sha256"):
            raise damaged(path, f"checksum mismatch for {name}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_migrations(path: Path, manifest: dict) -> None:
    """An archive from a newer Masthead has tables this code does not know."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    unknown = [
        f"{a}.{n}" for a, n in manifest.get("migrations", []) if (a, n) not in known
    ]
    if unknown:
        raise BackupError(
            f"{path} was made by a newer Masthead "
            f"({manifest.get('masthead_version')}, with migration {unknown[0]}): "
            "upgrade Masthead, then restore"
        )


def restore_sqlite(snapshot: Path) -> None:
    """SQLite's backup API writes the snapshot into the live file as one
    transaction, minding its WAL: never a half-replaced database."""
    connection.close()
    source = sqlite3.connect(snapshot)
    target = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
    try:
        source.backup(target)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"SQLite could not write the database: {exc}") from None
    finally:
        target.close()
        source.close()


def restore_postgresql(dump: Path) -> None:
    """Drop the site's tables and load the dump in one transaction, so a
    failure leaves the database as it was."""
    tables = connection.introspection.table_names()
    connection.close()
    drop = ""
    if tables:
        names = ", ".join(connection.ops.quote_name(t) for t in tables)
        drop = f"DROP TABLE IF EXISTS {names} CASCADE"
    # pg_restore writes the SQL to a file first: piped, a pg_restore dying
    # half-way would look to psql like the end of a shorter script.
    script = dump.with_suffix(".sql")
    run_client(
        ["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)]
    )
    command = ["psql", "--no-psqlrc", "--quiet", "--single-transaction"]
    command += ["--set=ON_ERROR_STOP=1"]
    if drop:
        command += ["--command", drop]
    run_client([*command, f"--file={script}"])


def replace_media(staging: Path, media: Path) -> None:
    restored = staging / "media"
    restored.mkdir(exist_ok=True)
    if media.exists():
        os.replace(media, staging / "media-before-restore")
    os.replace(restored, media)


def upload_media(staging: Path) -> None:
    """The archive's media files into the bucket, leaving those already there."""
    from django.core.files import File

    restored = staging / "media"
    for source in tqdm(media_files(restored), desc="Media", unit="file", disable=None):
        name = source.relative_to(restored).as_posix()
        if default_storage.exists(name):
            continue
        with source.open("rb") as handle:
            default_storage.save(name, File(handle, name=name))


def after_restore() -> None:
    """Bring the schema up to this Masthead's, and forget what was cached of
    the site before: pages, renditions and settings read from the old rows."""
    from django.core.cache import caches
    from django.core.management import call_command

    from masthead.cache.generation import generation
    from masthead.cache.views import remember_latest_headlines

    call_command("migrate", interactive=False, verbosity=0)
    for cache in caches.all():
        cache.clear()
    generation().bump()
    remember_latest_headlines()
