"""Collecting static files while other processes on the machine read them.

Instances on one machine share a data folder (masthead@8001, @8002 with one
env file: docs/deploy.md), and each collects the static files when it starts,
as `masthead upgrade` does. Collecting rewrites files and the manifest in
place, so a process starting meanwhile could find a file gone while WhiteNoise
lists the folder, or no manifest at all, and die (seen in
tests/test_deployment.py). One lock file in the data folder: collecting holds
it alone; loading the site holds it shared with the other processes loading.
"""

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management import call_command


@contextlib.contextmanager
def _locked(kind: int) -> Iterator[None]:
    path = Path(settings.DATA_DIR) / "collectstatic.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as lock:
        fcntl.flock(lock, kind)
        yield


def collect() -> None:
    """collectstatic, while no process on this data folder reads the files."""
    with _locked(fcntl.LOCK_EX):
        call_command("collectstatic", interactive=False, verbosity=0)


@contextlib.contextmanager
def settled() -> Iterator[None]:
    """While no collectstatic runs on this data folder."""
    with _locked(fcntl.LOCK_SH):
        yield
