"""The limits are set from the environment; a value that makes no sense stops
start-up with one clear line saying what to write instead."""

import os
import subprocess
import sys

import pytest


def check(tmp_path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "masthead", "manage", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MASTHEAD_DATA": str(tmp_path / "data"), **env},
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MASTHEAD_RATE_LIMIT_SEARCH", "lots"),
        ("MASTHEAD_RATE_LIMIT_COMMENTS", "5 per minute"),
        ("MASTHEAD_RATE_LIMIT_LOGIN", "10/0m"),
    ],
)
def test_a_rate_that_is_not_a_rate_stops_start_up_with_a_clear_message(
    tmp_path, name, value
):
    result = check(tmp_path, **{name: value})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"masthead: {name}={value!r} is not a rate: use requests per period "
        "such as 60/m, 100/h or 10/5m, or off"
    )


def test_rates_sizes_and_image_limits_come_from_the_environment(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.MASTHEAD_RATE_LIMIT_SEARCH, s.MASTHEAD_RATE_LIMIT_COMMENTS,"
        " s.MASTHEAD_MAX_POST_KB, s.MASTHEAD_MAX_QUERY_STRING,"
        " s.WAGTAILIMAGES_MAX_UPLOAD_SIZE, s.WAGTAILIMAGES_MAX_IMAGE_PIXELS)"
    )
    result = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "masthead", "manage", "shell", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "MASTHEAD_DATA": str(tmp_path / "data"),
            "MASTHEAD_RATE_LIMIT_SEARCH": "100/h",
            "MASTHEAD_RATE_LIMIT_COMMENTS": "off",
            "MASTHEAD_MAX_POST_KB": "32",
            "MASTHEAD_MAX_QUERY_STRING": "1000",
            "MASTHEAD_IMAGE_MAX_MB": "8",
            "MASTHEAD_IMAGE_MAX_MEGAPIXELS": "24",
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "100/h",
        "off",
        "32",
        "1000",
        str(8 * 1024 * 1024),
        "24000000",
    ]
