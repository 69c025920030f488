"""The masthead command: a user's mistake is one clear line and a non-zero exit."""

import socket
import subprocess

import pytest

from masthead.core.tests.command import masthead


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("masthead: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture
def data_dir(tmp_path):
    return str(tmp_path / "data")


def free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def test_unknown_command(data_dir):
    assert_one_line_error(
        masthead("publish-everything", MASTHEAD_DATA=data_dir), "invalid choice"
    )


def test_unknown_management_command(data_dir):
    assert_one_line_error(
        masthead("manage", "frobnicate", MASTHEAD_DATA=data_dir), "frobnicate"
    )


def test_port_in_use(data_dir):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = masthead("serve", "--port", port, MASTHEAD_DATA=data_dir)
    assert_one_line_error(result, port, "in use")


def test_port_out_of_range(data_dir):
    assert_one_line_error(
        masthead("demo", "--port", "70000", MASTHEAD_DATA=data_dir), "port"
    )


def test_unwritable_data_dir(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = masthead(
        "serve", "--port", free_port(), MASTHEAD_DATA=str(blocker / "data")
    )
    assert_one_line_error(result, "MASTHEAD_DATA")


def test_unreachable_database(data_dir):
    port = free_port()  # nobody listens there
    result = masthead(
        "serve",
        "--port",
        free_port(),
        MASTHEAD_DATA=data_dir,
        DATABASE_URL=f"postgres://nobody@127.0.0.1:{port}/masthead",
    )
    assert_one_line_error(result, "DATABASE_URL")


def test_upgrade_with_an_unreachable_database(data_dir):
    port = free_port()  # nobody listens there
    result = masthead(
        "upgrade",
        MASTHEAD_DATA=data_dir,
        DATABASE_URL=f"postgres://nobody@127.0.0.1:{port}/masthead",
    )
    assert_one_line_error(result, "cannot connect to the database", "DATABASE_URL")
    assert result.returncode == 2


def test_bad_setting_value(data_dir):
    result = masthead("manage", "check", MASTHEAD_DATA=data_dir, DEBUG="perhaps")
    assert_one_line_error(result, "DEBUG")


def test_generate_corpus_needs_a_positive_count(data_dir):
    result = masthead("generate-corpus", "--articles", "-5", MASTHEAD_DATA=data_dir)
    assert_one_line_error(result, "--articles")


def test_manage_runs_django_commands(data_dir):
    result = masthead("manage", "check", MASTHEAD_DATA=data_dir)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
