"""The reference deployment brought up on one machine from the files beside
this one, for tests/test_deployment.py and bench/balancer.py: nginx from
nginx/, instances and workers run by the command lines of the systemd units,
configured by masthead.env.example (with the caller's changes). Every process
gets a process group of its own, so stopping one stops all it started.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
NGINX = "/usr/sbin/nginx"
# Where the units expect Masthead installed (a virtualenv at /opt/masthead).
UNIT_MASTHEAD = "/opt/masthead/bin/masthead"
PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")


def render(template: Path, values: dict[str, str]) -> str:
    """What `envsubst '${NAME} …'` does to a template in docs/deploy.md: each
    ${NAME} replaced by its value. A placeholder without one is an error."""
    text = template.read_text()
    missing = set(PLACEHOLDER.findall(text)) - values.keys()
    if missing:
        raise ValueError(f"{template.name}: no value for {', '.join(sorted(missing))}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as systemd's EnvironmentFile reads them."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def unit_command(unit: str, instance: str = "") -> list[str]:
    """A unit's ExecStart, with this virtualenv's masthead for /opt/masthead's
    and %i for the instance name."""
    for line in (DEPLOY / "systemd" / unit).read_text().splitlines():
        if line.startswith("ExecStart="):
            command = line.removeprefix("ExecStart=").replace("%i", instance)
            masthead = str(Path(sys.executable).parent / "masthead")
            return command.replace(UNIT_MASTHEAD, masthead).split()
    raise ValueError(f"{unit} has no ExecStart")


def upstream_lines(ports: list[int]) -> str:
    """masthead-upstreams.conf for these ports: the example's line for each."""
    example = (DEPLOY / "nginx" / "masthead-upstreams.conf.example").read_text()
    line = next(row for row in example.splitlines() if row.startswith("server "))
    return "".join(
        re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", line) + "\n" for port in ports
    )


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def flush_redis(url: str) -> None:
    """Empty the Redis database of a redis://host:port/db address (FLUSHDB,
    in Redis's own protocol: no client library needed)."""
    host_port, db = url.removeprefix("redis://").rsplit("/", 1)
    host, port = host_port.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(f"SELECT {int(db)}\r\nFLUSHDB\r\n".encode())
        answers = b""
        while answers.count(b"\r\n") < 2:
            answers += conn.recv(100)
    if answers != b"+OK\r\n+OK\r\n":
        raise RuntimeError(f"Redis refused to empty {url}: {answers!r}")


class Stack:
    """Instances, workers and nginx on loopback, all under `root`."""

    def __init__(self, root: Path, env: dict[str, str]):
        self.root = root
        self.env = env
        self.logs = root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes: dict[str, subprocess.Popen] = {}

    def masthead(self, *args: str, env: dict[str, str] | None = None) -> str:
        """A masthead command run to the end (with the stack's environment,
        or `env`); its output."""
        masthead = Path(sys.executable).parent / "masthead"
        done = subprocess.run(  # noqa: S603 (our own command)
            [str(masthead), *args],
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode:
            raise RuntimeError(f"masthead {args[0]} failed: {done.stderr[-2000:]}")
        return done.stdout

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 (our own commands and nginx)
            command,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def start_instance(self, port: int, *options: str) -> None:
        self.start(
            f"instance-{port}",
            [*unit_command("masthead@.service", str(port)), *options],
        )

    def start_worker(self, name: str) -> None:
        self.start(name, unit_command("masthead-worker.service"))

    def start_nginx(
        self, listen: int, ports: list[int], cdn_listen: int | None = None
    ) -> None:
        prefix = self.root / "nginx"
        (prefix / "conf.d").mkdir(parents=True, exist_ok=True)
        (prefix / "tmp").mkdir(exist_ok=True)
        shutil.copy(DEPLOY / "nginx" / "nginx.conf", prefix / "nginx.conf")
        (prefix / "masthead-upstreams.conf").write_text(upstream_lines(ports))
        values = {
            "MASTHEAD_LISTEN": f"127.0.0.1:{listen}",
            "MASTHEAD_DATA": self.env["MASTHEAD_DATA"],
            "MASTHEAD_NGINX_LOGS": str(self.logs),
        }
        (prefix / "conf.d" / "masthead.conf").write_text(
            render(DEPLOY / "nginx" / "masthead.conf", values)
        )
        if cdn_listen:
            cdn = {
                "CDN_LISTEN": f"127.0.0.1:{cdn_listen}",
                "CDN_CACHE": str(prefix / "cdn-cache"),
                "CDN_LOGS": str(self.logs),
                "MASTHEAD_BALANCER": f"127.0.0.1:{listen}",
            }
            (prefix / "conf.d" / "cdn.conf").write_text(
                render(DEPLOY / "nginx" / "cdn.conf", cdn)
            )
        directives = "daemon off;"
        if (
            os.geteuid() == 0
        ):  # or nginx's workers become nobody, locked out of root's folder
            directives += " user root;"
        command = [NGINX, "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf")]
        command += ["-e", str(prefix / "error.log"), "-g", directives]
        self.start("nginx", command)

    def wait_until_up(self, url: str, name: str, seconds: float = 180) -> None:
        """Until `url` answers 200; the process named must not die meanwhile."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                log = (self.logs / f"{name}.log").read_text()
                raise RuntimeError(f"{name} exited: {log[-2000:]}")
            with contextlib.suppress(OSError):
                if get(url, timeout=5)[0] == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"{name} did not answer {url} in {seconds} s")

    def kill(self, name: str, signum: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
