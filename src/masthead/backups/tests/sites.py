"""Real sites for the backup and fault tests: a data folder of their own and,
when the tests run on PostgreSQL, a database of their own, driven through the
real `masthead` command in a subprocess."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

MAIN_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = MAIN_URL.startswith("postgres")


def admin_connection():
    import psycopg

    return psycopg.connect(MAIN_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True)


class Site:
    """One Masthead site: MASTHEAD_DATA, and its own database on PostgreSQL."""

    def __init__(self, folder: Path):
        self.data = folder
        self.env = {**os.environ, "MASTHEAD_DATA": str(folder)}
        self.env.pop("CACHE_URL", None)
        self.env.pop("REDIS_URL", None)
        self.database = None
        if ON_POSTGRES:
            # Named after the tests' own database, so each run keeps to its own.
            main = MAIN_URL.rsplit("/", 1)[1].split("?")[0]
            self.database = f"{main}_site_{uuid.uuid4().hex[:10]}"
            with admin_connection() as conn:
                conn.execute(f'CREATE DATABASE "{self.database}"')
            self.url = MAIN_URL.rsplit("/", 1)[0] + "/" + self.database
            self.env["DATABASE_URL"] = self.url

    def masthead(self, *args: str, check: bool = True, **kwargs):
        return subprocess.run(  # noqa: S603 (our own command)
            [sys.executable, "-m", "masthead", *args],
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
            timeout=600,
            **kwargs,
        )

    def shell(self, code: str) -> str:
        """Run Python in the site's Django (masthead manage shell -c)."""
        return self.masthead("manage", "shell", "-v0", "-c", code).stdout

    def popen(self, *args: str, **kwargs) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "masthead", *args], env=self.env, **kwargs
        )

    def drop(self) -> None:
        if self.database:
            with admin_connection() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    # What the site holds, read straight from the database and the disk.

    def tables(self) -> dict[str, list[str]]:
        """Every table's rows (each row's repr, sorted), found by listing the
        database's tables, not models: SQLite's full-text tables and their
        shadow tables and PostgreSQL's sequences included."""
        if self.database:
            return self._postgres_tables()
        path = self.data / "masthead.sqlite3"
        if not path.exists():
            return {}
        with sqlite3.connect(path) as conn:
            names = [
                name
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ]
            return {
                name: sorted(
                    repr(row)
                    for row in conn.execute(f'SELECT * FROM "{name}"')  # noqa: S608
                )
                for name in names
            }

    def _postgres_tables(self) -> dict[str, list[str]]:
        import psycopg

        with psycopg.connect(self.url) as conn:
            names = [
                name
                for (name,) in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            found = {
                name: sorted(
                    repr(row)
                    for row in conn.execute(f'SELECT * FROM "{name}"')  # noqa: S608
                )
                for name in names
            }
            found["sequences"] = sorted(
                repr(row)
                for row in conn.execute(
                    "SELECT sequencename, last_value FROM pg_sequences "
                    "WHERE schemaname = 'public'"
                )
            )
            return found

    def media(self) -> dict[str, bytes]:
        media = self.data / "media"
        if not media.is_dir():
            return {}
        return {
            p.relative_to(media).as_posix(): p.read_bytes()
            for p in media.rglob("*")
            if p.is_file()
        }
