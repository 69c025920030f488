"""The `masthead` command: the one front door to Masthead.

A few verbs of its own (demo, serve, generate-corpus); everything else is
handed to Django's management commands through `masthead manage`. A user's
mistake prints one line and exits non-zero; only bugs print tracebacks.
"""

import argparse
import errno
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

SETTINGS_MODULE = "masthead.config.settings"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEMO_ADMIN = "admin"
BLOCKING_THREADS = 8


class CLIError(Exception):
    """A problem the user can fix; its message says how."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not usage + error
        raise CLIError(f"{message} (see '{self.prog} --help')")


def build_parser() -> Parser:
    parser = Parser(
        prog="masthead",
        description="Masthead: the website and newsroom of a daily newspaper.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", parser_class=Parser)

    def server_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default=DEFAULT_HOST, help="address to listen on")
        p.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start the scheduled-publishing worker beside the server "
            "(when 'masthead worker' runs elsewhere)",
        )
        p.add_argument("--port", type=port_number, default=DEFAULT_PORT)
        p.add_argument(
            "--workers",
            type=positive_int,
            default=os.cpu_count() or 1,
            help="worker processes (default: one per core)",
        )

    demo = verbs.add_parser(
        "demo", help="set up a demo newsroom in $MASTHEAD_DATA and serve it"
    )
    server_options(demo)
    serve = verbs.add_parser("serve", help="serve an existing data folder")
    server_options(serve)
    verbs.add_parser(
        "worker",
        help="publish scheduled stories on time and, with REDIS_URL, run background "
        "jobs (serve starts one itself)",
    )
    upgrade = verbs.add_parser(
        "upgrade",
        help="after installing a new version: migrate the database, collect static "
        "files, rebuild the search index if needed; safe while the site serves",
    )
    upgrade.add_argument(
        "--reindex",
        action="store_true",
        help="rebuild the search index even if what is indexed has not changed",
    )
    manage = verbs.add_parser("manage", help="run any Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    corpus = verbs.add_parser(
        "generate-corpus", help="add a synthetic archive of articles for benchmarks"
    )
    corpus.add_argument("--articles", type=positive_int, required=True)
    corpus.add_argument("--seed", type=int, default=1)
    wordpress = verbs.add_parser(
        "import-wordpress",
        help="import a WordPress export (posts, authors, images, comments) and "
        "redirect its old addresses",
    )
    wordpress.add_argument(
        "export", metavar="EXPORT", help="the WXR file from Tools → Export (.xml[.gz])"
    )
    wordpress.add_argument(
        "--media-dir", metavar="DIR", help="a copy of wp-content/uploads, for images"
    )
    wordpress.add_argument(
        "--dry-run", action="store_true", help="write nothing; print what would happen"
    )
    ingest = verbs.add_parser(
        "ingest",
        help="take in agency stories (RSS, Atom, NewsML-G2, NITF) as wire drafts",
    )
    ingest.add_argument("--source", metavar="NAME", help="only this wire source")
    ingest.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to ingest"
    )
    # Backups (masthead/backups/archive.py, docs/operations.md).
    backup = verbs.add_parser(
        "backup",
        help="write one archive of the database and media files, while the "
        "site keeps serving",
    )
    backup.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="where to write it (default: $MASTHEAD_DATA/backups/"
        "masthead-DATE-TIME.tar.gz)",
    )
    restore = verbs.add_parser(
        "restore", help="bring a fresh data folder or empty database back to a backup"
    )
    restore.add_argument("file", metavar="FILE", help="an archive from masthead backup")
    restore.add_argument(
        "--force", action="store_true", help="replace a site that has content"
    )
    return parser


def positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{raw!r} must be 1 or more")
    return value


def port_number(raw: str) -> int:
    value = positive_int(raw)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a port (1-65535)")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.verb is None:
            build_parser().print_help()
            return 2
        return run(args)
    except CLIError as exc:
        print(f"masthead: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = user_error_message(exc)
        if message is None:
            raise
        print(f"masthead: {message}", file=sys.stderr)  # noqa: T201
        return 1


def user_error_message(exc: Exception) -> str | None:
    """One line for errors caused by configuration or input, None for bugs."""
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import CommandError
    from django.db import OperationalError

    if isinstance(exc, ImproperlyConfigured | CommandError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, OperationalError):
        return f"the database refused: {first_line(exc)}"
    return None


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()


def run(args: argparse.Namespace) -> int:
    if args.verb == "manage":
        return manage(args.args)
    setup_django()
    from django.conf import settings

    if args.verb == "demo":
        return demo(args)
    if args.verb == "serve":
        return serve(args)
    if args.verb == "worker":
        return worker()
    if args.verb == "upgrade":
        from masthead.core.upgrade import upgrade

        check_data_dir(settings.DATA_DIR)
        check_database()
        upgrade(reindex=args.reindex)
        return 0
    if args.verb == "generate-corpus":
        check_data_dir(settings.DATA_DIR)
        check_database()
        call("migrate", interactive=False, verbosity=0)
        call("generate_corpus", f"--articles={args.articles}", f"--seed={args.seed}")
        return 0
    if args.verb == "import-wordpress":
        return import_wordpress(args, settings.DATA_DIR)
    if args.verb == "ingest":
        check_database()
        source = [f"--source={args.source}"] if args.source else []
        call("ingest_wire", *source, *args.paths)
        return 0
    if args.verb in ("backup", "restore"):
        return backup_or_restore(args, settings.DATA_DIR)
    raise CLIError(f"unknown command {args.verb!r}")


def backup_or_restore(args: argparse.Namespace, data_dir: Path) -> int:
    from masthead.backups import archive

    check_data_dir(data_dir)
    check_database()
    try:
        if args.verb == "backup":
            path = Path(args.file) if args.file else archive.default_path(data_dir)
            print(f"Backed up {archive.backup(path)}")  # noqa: T201
        else:
            manifest = archive.restore(Path(args.file), force=args.force)
            print(  # noqa: T201
                f"Restored {args.file}: the site as it was at "
                f"{manifest['created_at']} ({len(manifest['files'])} files)"
            )
    except archive.BackupError as exc:
        raise CLIError(str(exc)) from None
    return 0


def import_wordpress(args: argparse.Namespace, data_dir: Path) -> int:
    """The command checks the whole export first and sets up the database only
    once it is sound (--migrate), so a broken file leaves nothing behind."""
    export = Path(args.export)
    if not export.is_file():
        raise CLIError(f"{export}: no such file (give the export's path)")
    if args.media_dir and not Path(args.media_dir).is_dir():
        raise CLIError(
            f"--media-dir {args.media_dir}: no such folder (give a copy of "
            "wp-content/uploads)"
        )
    check_data_dir(data_dir)
    check_database()
    options = ["--dry-run"] if args.dry_run else ["--migrate"]
    if args.media_dir:
        options.append(f"--media-dir={args.media_dir}")
    call("import_wordpress", str(export), *options)
    return 0


def manage(argv: list[str]) -> int:
    setup_django()
    from django.core.management import execute_from_command_line, get_commands

    if argv and not argv[0].startswith("-") and argv[0] not in get_commands():
        raise CLIError(
            f"unknown management command {argv[0]!r} "
            "(see 'masthead manage help' for the list)"
        )
    execute_from_command_line(["masthead manage", *argv])
    return 0


def call(command: str, *args: str, **options) -> None:
    from django.core.management import call_command

    call_command(command, *args, **options)


def demo(args: argparse.Namespace) -> int:
    """Create (or reuse) a demo newsroom in the data folder, then serve it."""
    from django.conf import settings

    check_port_free(args.host, args.port)
    check_data_dir(settings.DATA_DIR)
    check_database()
    print(f"Data folder: {settings.DATA_DIR}")  # noqa: T201
    call("migrate", interactive=False, verbosity=0)
    call("load_demo")
    announce_admin()
    return serve(args, checked=True)


def announce_admin() -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model()
    if users.objects.filter(username=DEMO_ADMIN).exists():
        print(  # noqa: T201
            f"Admin login: user '{DEMO_ADMIN}', with the password printed on the "
            "first run (forgot it? masthead manage changepassword admin)"
        )
        return
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser(DEMO_ADMIN, "admin@example.com", password)
    print(f"Admin login (shown once): user '{DEMO_ADMIN}', password '{password}'")  # noqa: T201


def serve(args: argparse.Namespace, checked: bool = False) -> int:
    """Serve the site with granian: Django behind it, media straight from disk."""
    from django.conf import settings
    from django.db.migrations.executor import MigrationExecutor

    if not checked:
        check_port_free(args.host, args.port)
        check_data_dir(settings.DATA_DIR)
        check_database()
    from django.db import connection

    if MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    ):
        raise CLIError(
            "the database is not up to date: run 'masthead manage migrate' first"
        )
    from masthead.core import staticfiles

    staticfiles.collect()  # one at a time: instances may share the data folder
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    connection.close()

    from granian import Granian
    from granian.constants import Interfaces

    scheduler = None if args.no_worker else start_worker()

    from masthead.core.checks import LOCAL_HOSTS

    if args.host not in {"127.0.0.1", "localhost", "::1"} and (
        set(settings.ALLOWED_HOSTS) <= LOCAL_HOSTS
    ):
        print(  # noqa: T201
            "masthead: warning: ALLOWED_HOSTS only allows this machine, so readers "
            "will get 'Bad Request': set ALLOWED_HOSTS=news.example.com",
            file=sys.stderr,
        )
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{shown_host}:{args.port}"
    print(f"Serving {base}/ (newsroom: {base}/admin/); Ctrl+C stops")  # noqa: T201
    server = Granian(
        target="masthead.config.wsgi:application",
        address=args.host,
        port=args.port,
        interface=Interfaces.WSGI,
        workers=args.workers,
        # Django is synchronous: threads keep a process busy while one waits
        # on the database, and let page-cache hits through while one renders:
        # 8 served 30 % more cached pages than 4, 16 no more (docs/performance.md).
        blocking_threads=BLOCKING_THREADS,
        # No backpressure of our own: granian's counts open connections, so
        # one as small as the threads let a few idle keep-alive browsers
        # lock everyone else out (tests/test_serve.py).
        static_path_route=[settings.MEDIA_URL.rstrip("/")],
        static_path_mount=[Path(settings.MEDIA_ROOT)],
        log_level="warning",
    )
    # We chose more threads than granian's rule of thumb on purpose (above).
    logging.getLogger("_granian").addFilter(
        lambda record: "seems quite high" not in record.getMessage()
    )
    server.serve()
    if scheduler is not None:
        scheduler.terminate()
        scheduler.wait(timeout=10)
    return 0


def start_worker() -> subprocess.Popen:
    """`masthead worker` beside the server, so scheduled stories go out on time."""
    return subprocess.Popen(
        [sys.executable, "-m", "masthead", "worker"],
        env={**os.environ, "MASTHEAD_SERVER_PID": str(os.getpid())},
    )


def worker() -> int:
    from django.conf import settings

    from masthead.newsroom.scheduler import run_forever

    check_database()
    stop = threading.Event()
    jobs = start_jobs(stop)
    server_pid = os.environ.get("MASTHEAD_SERVER_PID")
    run_forever(
        settings.MASTHEAD_SCHEDULER_INTERVAL,
        stop=stop,
        parent_pid=int(server_pid) if server_pid else None,
    )
    if jobs is not None:
        jobs.join()  # the job under way finishes first
    return 0


def start_jobs(stop: threading.Event) -> threading.Thread | None:
    """With REDIS_URL, a thread that runs the queued background jobs
    (masthead/jobs/queue.py); without, jobs run inline and there is none."""
    import redis
    from django.conf import settings

    from masthead.jobs.queue import RedisBackend, Worker

    backend = settings.TASKS["default"]
    if backend["BACKEND"] != f"{RedisBackend.__module__}.{RedisBackend.__name__}":
        return None
    worker = Worker(backend["OPTIONS"]["url"], stop)
    try:
        worker.redis.ping()
    except redis.RedisError as exc:
        raise CLIError(
            f"cannot connect to Redis ({first_line(exc)}): check REDIS_URL and "
            "that the server is running"
        ) from None
    thread = threading.Thread(target=worker.run, name="jobs")
    thread.start()
    return thread


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server itself binds: connections of a server that stopped
        # a moment ago (TIME_WAIT) do not hold the port, a listener does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CLIError(
                    f"port {port} on {host} is already in use: stop what is "
                    "using it or pass --port"
                ) from None
            raise CLIError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def check_data_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test-{os.getpid()}"  # instances start together
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise CLIError(
                f"the disk holding the data folder {path} is full: free some "
                "space, then run this again"
            ) from None
        raise CLIError(
            f"the data folder {path} is not writable ({exc.strerror}): set "
            "MASTHEAD_DATA to a folder you can write"
        ) from None


def check_database() -> None:
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        where = connection.settings_dict.get("HOST") or connection.settings_dict.get(
            "NAME"
        )
        raise CLIError(
            f"cannot connect to the database at {where} ({first_line(exc)}): "
            "check DATABASE_URL and that the server is running"
        ) from None
