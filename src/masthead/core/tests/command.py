"""Running the `masthead` command as a user would, for tests."""

import os
import subprocess
import sys


def masthead(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`masthead ARGS…` in a new process, with env added to this one's."""
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "masthead", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        check=False,
    )
